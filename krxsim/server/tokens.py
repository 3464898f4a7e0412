"""Access tokens of the simulated broker (kiwoom-rest-api.md §2)."""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta

from krxsim.clock import KST


class Issued:
    """One token: its string, its app key, and when it stops working (market time)."""

    def __init__(self, token: str, app_key: str, expires: datetime) -> None:
        self.token = token
        self.app_key = app_key
        self.expires = expires


class TokenBook:
    """Tokens issued so far; optionally a new token revokes the app key's older ones."""

    def __init__(self, lifetime: timedelta, new_revokes_old: bool) -> None:
        self.lifetime = lifetime
        self.new_revokes_old = new_revokes_old
        self._tokens: dict[str, Issued] = {}

    def issue(self, app_key: str, now: datetime) -> Issued:
        """Create a token for ``app_key`` valid for the lifetime from ``now``."""
        if self.new_revokes_old:
            for old in [t for t, i in self._tokens.items() if i.app_key == app_key]:
                del self._tokens[old]
        issued = Issued(secrets.token_urlsafe(64), app_key, now.astimezone(KST) + self.lifetime)
        self._tokens[issued.token] = issued
        return issued

    def revoke(self, token: str) -> bool:
        """Forget ``token``; tell whether it existed."""
        return self._tokens.pop(token, None) is not None

    def revoke_all(self) -> None:
        """Invalidate every token (fault injection)."""
        self._tokens.clear()

    def check(self, token: str, now: datetime) -> Issued | None:
        """Return the token's record if it is valid at ``now``."""
        issued = self._tokens.get(token)
        if issued is None or now >= issued.expires:
            return None
        return issued


def expires_text(when: datetime) -> str:
    """Format ``expires_dt``: YYYYMMDDHHMMSS in KST."""
    return when.astimezone(KST).strftime("%Y%m%d%H%M%S")
