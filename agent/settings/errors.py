"""The settings' errors: each message names what is wrong and where it was looked for."""

from __future__ import annotations


class SettingsError(ValueError):
    """A setting is wrong; the message names it and says what is allowed."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field
        """The dotted setting to blame, when one is."""


class SecretsError(SettingsError):
    """A Kiwoom key cannot be read or stored (keyring refused, file too open, bad value).

    A :class:`SettingsError`, so that start-up stops with its one line and no traceback.
    """
