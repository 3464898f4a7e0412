"""The day's special stocks: what a real account shared with its owner meets besides leaders.

* A **halted** stock (매매거래정지): heavy, rising trade from the open on a rumour puts it among
  the opening turnover leaders; at ``at`` KRX halts it (an inquiry disclosure, 조회공시) for the
  rest of the day. From then no trade prints, ka10099/ka10100 ``state`` carries ``거래정지``
  and new orders are refused (``exchange/rules.py`` ``HALTED``). A halt at or before 09:00
  means no trade at all, not even the opening print.
* **Designated** stocks (투자경고, 관리종목, ...): they surge on high-scoring news in the opening
  hour like the day's other surges, so a naive strategy would enter them; they trade normally.
* A **limit-down** stock: from ``at`` it crashes (with the VIs that brings) to its lower limit
  and stays locked there behind a resting sell queue far larger than what still trades, so a
  sell joins the back of that queue and does not fill (``path.py``, ``engine.py``).

Each kind is chosen from the seed (never among the real-name large caps, never a scripted
surge) unless ``SimulatorConfig`` names its own, and every choice gets its news item: the
designated stocks' stories are breaking news like every surge's; the halt's and the crash's
are scores only (no push), so what is pushed stays the day's surges.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

import msgspec

from krxsim.market.listings import REAL_CODES, Listing
from krxsim.market.script import NewsItem, Surge
from krxsim.market.status import Designation
from krxsim.seeded import seeded

OPEN = time(9, 0)
SOURCES = ("연합뉴스", "한국경제", "매일경제", "머니투데이", "이데일리")


class Halt(msgspec.Struct, frozen=True, kw_only=True):
    """Trading in ``code`` halts at market time ``at`` until the close."""

    code: str
    at: time


class Designated(msgspec.Struct, frozen=True, kw_only=True):
    """``code`` carries ``designation`` all day; with ``surge_at`` it surges on news then."""

    code: str
    designation: Designation
    surge_at: time | None = None


class LimitDown(msgspec.Struct, frozen=True, kw_only=True):
    """``code`` crashes at market time ``at`` to its lower limit and stays locked there."""

    code: str
    at: time


class Specials(msgspec.Struct, frozen=True, kw_only=True):
    """Every special stock of the day."""

    halts: tuple[Halt, ...] = ()
    designated: tuple[Designated, ...] = ()
    limit_down: tuple[LimitDown, ...] = ()

    def halt_of(self, code: str) -> Halt | None:
        return next((h for h in self.halts if h.code == code), None)

    def designation_of(self, code: str) -> Designation | None:
        return next((d.designation for d in self.designated if d.code == code), None)

    def limit_down_of(self, code: str) -> LimitDown | None:
        return next((x for x in self.limit_down if x.code == code), None)


def seconds_after_open(at: time) -> int:
    """Return ``at`` as seconds after 09:00 (negative before it)."""
    return (at.hour - OPEN.hour) * 3600 + at.minute * 60 + at.second


def _clock(seconds: int) -> time:
    """Return the time of day ``seconds`` (0 <= s < 7 h) after 09:00."""
    return time(OPEN.hour + seconds // 3600, seconds % 3600 // 60, seconds % 60)


def seeded_specials(
    seed: int, listings: dict[str, Listing], open_at: datetime, taken: set[str]
) -> Specials:
    """Choose the day's halted, designated and limit-down stocks from the seed.

    The halted stock is one of the most traded synthetic names of the previous day (its
    opening frenzy then makes it an opening turnover leader); the others are mid caps, where
    the scripted surges come from too. ``taken`` (the surges) are never chosen.
    """
    rng = seeded(f"specials:{seed}:{open_at.date().isoformat()}")
    pool = sorted(
        (
            c
            for c, lst in listings.items()
            if c not in REAL_CODES and c not in taken and lst.prev_close >= 2_000
        ),
        key=lambda c: (-listings[c].prev_volume * listings[c].prev_close, c),
    )
    if not pool:
        return Specials()
    halted = pool[rng.randrange(min(10, len(pool)))]
    rest = [c for c in pool if c != halted]
    mids = rest[8:60] if len(rest) >= 11 else rest
    chosen = rng.sample(mids, min(3, len(mids)))
    halts = (Halt(code=halted, at=_clock(rng.randrange(4 * 60, 9 * 60, 5))),)
    kinds = (Designation.WARNING, Designation.ADMINISTRATIVE)
    designated = tuple(
        Designated(code=code, designation=kind, surge_at=_clock(rng.randrange(300, 3000, 5)))
        for code, kind in zip(chosen[: len(kinds)], kinds[: len(chosen)], strict=True)
    )
    limit_down = tuple(
        LimitDown(code=code, at=_clock(rng.randrange(15 * 60, 45 * 60, 5))) for code in chosen[2:]
    )
    return Specials(halts=halts, designated=designated, limit_down=limit_down)


def special_story(
    seed: int, specials: Specials, listings: dict[str, Listing], open_at: datetime
) -> tuple[list[Surge], list[NewsItem]]:
    """Return the surges of the designated stocks and every special stock's news item."""
    surges: list[Surge] = []
    news: list[NewsItem] = []

    def item(
        code: str, score: int, headline: str, published: datetime, rng_key: str, breaking: bool
    ) -> None:
        rng = seeded(f"special-news:{seed}:{open_at.date().isoformat()}:{rng_key}")
        news.append(
            NewsItem(
                code=code,
                score=score,
                headline=headline.format(name=listings[code].name),
                source=rng.choice(SOURCES),
                published=published,
                breaking=breaking,
            )
        )

    for d in specials.designated:
        if d.surge_at is None or d.code not in listings:
            continue
        rng = seeded(f"designated:{seed}:{open_at.date().isoformat()}:{d.code}")
        start = open_at + timedelta(seconds=seconds_after_open(d.surge_at))
        surges.append(
            Surge(
                code=d.code,
                start=start,
                minutes=rng.randint(3, 12),
                rise_bps=rng.randint(800, 2500),
            )
        )
        lead = timedelta(seconds=rng.randrange(30, 240))
        headline = (
            "{name}, 해외 대형 수주 공시" if rng.random() < 0.5 else "{name}, 신사업 진출 발표"
        )
        item(d.code, rng.randint(82, 99), headline, start - lead, f"d:{d.code}", True)
    for h in specials.halts:
        if h.code in listings and seconds_after_open(h.at) > 0:
            at = open_at + timedelta(seconds=seconds_after_open(h.at))
            headline = "{name}, 풍문 관련 조회공시 요구…주권 매매거래정지"
            item(h.code, 75, headline, at, f"h:{h.code}", False)
    for x in specials.limit_down:
        if x.code in listings:
            at = open_at + timedelta(seconds=seconds_after_open(x.at) - 60)
            item(x.code, 3, "{name}, 횡령·배임 혐의 발생 공시", at, f"l:{x.code}", False)
    return surges, news
