"""Argument types shared by the commands: one message for one mistake."""

from __future__ import annotations

import argparse
from datetime import date


def iso_date(text: str) -> date:
    """Parse ``YYYY-MM-DD`` for argparse, naming the bad value."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected YYYY-MM-DD, got {text!r}") from None
