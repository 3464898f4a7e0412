"""The day's script: which stocks surge on news, when, and what the news says.

A handful of stocks get a story in the opening hour: a headline published shortly before the
move, then a surge of 8-25% over a few minutes with heavy volume. A sprinkling of other stocks
get ordinary, low-scoring news. All of it follows from the seed.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

import msgspec

from krxsim.market.listings import Listing
from krxsim.seeded import seeded

_SURGE_HEADLINES = (
    "{name}, 글로벌 빅테크와 대규모 공급계약 체결",
    "{name}, 신약 임상 3상 성공 발표",
    "{name}, 분기 영업이익 사상 최대…시장 예상 상회",
    "{name}, 정부 국책과제 단독 선정",
    "{name}, 해외 대형 수주 공시",
    "{name}, 자사주 대규모 매입 및 소각 결정",
)
_PLAIN_HEADLINES = (
    "{name}, 신규 사업 설명회 개최 예정",
    "{name} 대표, 주주총회서 경영 방침 밝혀",
    "{name}, 사회공헌 프로그램 확대",
    "{name}, 3분기 실적 발표 일정 공지",
    "{name} 관련 업계 동향 점검",
)
_SOURCES = ("연합뉴스", "한국경제", "매일경제", "머니투데이", "이데일리")


class Surge(msgspec.Struct, frozen=True, kw_only=True):
    """A news-driven rise of one stock."""

    code: str
    start: datetime
    minutes: int
    rise_bps: int
    """Total rise of the path's level over the surge, in basis points."""


class NewsItem(msgspec.Struct, frozen=True, kw_only=True):
    """One scripted article."""

    code: str
    score: int
    headline: str
    source: str
    published: datetime
    breaking: bool


class DayScript(msgspec.Struct, frozen=True, kw_only=True):
    """Surges and news of the day, news sorted by publication time."""

    surges: tuple[Surge, ...]
    news: tuple[NewsItem, ...]

    def with_extra(self, surges: list[Surge], news: list[NewsItem]) -> DayScript:
        """Return this script with more surges and news, each kept in time order."""
        if not surges and not news:
            return self
        return DayScript(
            surges=tuple(sorted((*self.surges, *surges), key=lambda s: (s.start, s.code))),
            news=tuple(sorted((*self.news, *news), key=lambda item: (item.published, item.code))),
        )

    def surge_of(self, code: str) -> Surge | None:
        """Return the surge of ``code``, if it has one."""
        for surge in self.surges:
            if surge.code == code:
                return surge
        return None


def build_script(
    seed: int, listings: dict[str, Listing], day: datetime, surge_count: int
) -> DayScript:
    """Write the day's script for the trading date of ``day`` (any time on it)."""
    rng = seeded(f"script:{seed}:{day.date().isoformat()}")
    codes = sorted(listings)
    # Mid caps surge: liquid enough that the move puts them among the day's turnover leaders
    # (what an opening-session scanner looks for), not so large that news rarely moves them.
    by_turnover = sorted(codes, key=lambda c: -listings[c].prev_volume * listings[c].prev_close)
    candidates = [c for c in by_turnover[15:250] if listings[c].prev_close >= 2_000]
    chosen = rng.sample(candidates, min(surge_count, len(candidates)))
    open_at = datetime.combine(day.date(), time(9, 0), day.tzinfo)
    surges: list[Surge] = []
    news: list[NewsItem] = []
    for code in chosen:
        start = open_at + timedelta(seconds=rng.randrange(3 * 60, 55 * 60, 5))
        surges.append(
            Surge(
                code=code, start=start, minutes=rng.randint(3, 12), rise_bps=rng.randint(800, 2500)
            )
        )
        lead = timedelta(seconds=rng.randrange(30, 240))
        news.append(
            NewsItem(
                code=code,
                score=rng.randint(82, 99),
                headline=rng.choice(_SURGE_HEADLINES).format(name=listings[code].name),
                source=rng.choice(_SOURCES),
                published=start - lead,
                breaking=True,
            )
        )
    plain = rng.sample([c for c in codes if c not in chosen], min(60, len(codes) - len(chosen)))
    for code in plain:
        published = open_at + timedelta(seconds=rng.randrange(-3 * 3600, 6 * 3600, 5))
        news.append(
            NewsItem(
                code=code,
                score=rng.randint(5, 45),
                headline=rng.choice(_PLAIN_HEADLINES).format(name=listings[code].name),
                source=rng.choice(_SOURCES),
                published=published,
                breaking=False,
            )
        )
    news.sort(key=lambda item: (item.published, item.code))
    return DayScript(surges=tuple(sorted(surges, key=lambda s: s.start)), news=tuple(news))
