"""Seeded pseudo-random generators: the one place the simulator makes them."""

from __future__ import annotations

import random


def seeded(key: str) -> random.Random:
    """Return a generator fully determined by ``key`` (reproducible simulation, not security)."""
    return random.Random(key)  # noqa: S311 - determinism is the point; nothing here is secret
