"""The store's own errors, importable without the migration machinery (the command line
catches them at every start)."""

from __future__ import annotations


class MigrationRefused(RuntimeError):
    """A migration found data it cannot carry over safely and changed nothing; the message
    names the rows and what a person can do."""
