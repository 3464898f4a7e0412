"""A per-code cache of news scores, aged on a monotonic clock the caller passes in."""

from __future__ import annotations

from msgspec import Struct

from agent.news.contract import NewsScore


class CachedScore(Struct, frozen=True, kw_only=True):
    """What the service answered for one code, and when (monotonic seconds)."""

    value: NewsScore | None
    """None when the service does not know the code; remembered so it is not asked again."""
    stored_at: float


class ScoreCache:
    """Remember the last answer per code; callers decide how old an answer may be."""

    def __init__(self) -> None:
        self._entries: dict[str, CachedScore] = {}

    def put(self, code: str, value: NewsScore | None, now: float) -> None:
        """Remember ``value`` as the answer for ``code`` at monotonic time ``now``."""
        self._entries[code] = CachedScore(value=value, stored_at=now)

    def get(self, code: str, now: float, max_age: float) -> CachedScore | None:
        """Return the entry for ``code`` if it is younger than ``max_age`` seconds at ``now``."""
        entry = self._entries.get(code)
        if entry is None or now - entry.stored_at >= max_age:
            return None
        return entry

    def __len__(self) -> int:
        return len(self._entries)
