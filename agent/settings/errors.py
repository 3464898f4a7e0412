"""The settings' errors: each message names what is wrong and where it was looked for."""

from __future__ import annotations


class SettingsError(ValueError):
    """A setting is wrong; the message names it and says what is allowed."""


class SecretsError(SettingsError):
    """A Kiwoom key cannot be read or stored (keyring refused, file too open, bad value).

    A :class:`SettingsError`, so that start-up stops with its one line and no traceback.
    """
