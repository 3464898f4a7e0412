from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal

from agent.clock import KST
from krxsim.config import FaultConfig
from krxsim.exchange.fees import commission, sell_tax
from krxsim.market.listings import build_listings
from krxsim.market.script import build_script
from krxsim.news.desk import NewsDesk
from krxsim.server.faults import Fault, FaultKind, Faults
from krxsim.server.limiter import RateLimiter
from krxsim.server.tokens import TokenBook, expires_text

NOW = datetime(2026, 11, 24, 9, 0, tzinfo=KST)


def test_commission_is_truncated_to_ten_won_and_tax_to_the_won() -> None:
    assert commission(10_000_000, Decimal("0.00015"), 10) == 1_500
    assert commission(272_750, Decimal("0.0035"), 10) == 950
    assert sell_tax(10_000_000, Decimal("0.0020")) == 20_000
    assert sell_tax(272_750, Decimal("0.0020")) == 545


def test_a_new_token_revokes_the_old_one_when_switched_on() -> None:
    book = TokenBook(timedelta(hours=24), new_revokes_old=True)
    first = book.issue("key", NOW)
    second = book.issue("key", NOW)

    assert book.check(first.token, NOW) is None
    assert book.check(second.token, NOW) is not None


def test_tokens_coexist_when_the_switch_is_off() -> None:
    book = TokenBook(timedelta(hours=24), new_revokes_old=False)
    first = book.issue("key", NOW)
    book.issue("key", NOW)

    assert book.check(first.token, NOW) is not None


def test_a_token_expires_a_day_later_in_market_time() -> None:
    book = TokenBook(timedelta(hours=24), new_revokes_old=True)
    issued = book.issue("key", NOW)

    assert expires_text(issued.expires) == "20261125090000"
    assert len(issued.token) == 86
    assert book.check(issued.token, NOW + timedelta(hours=23, minutes=59)) is not None
    assert book.check(issued.token, NOW + timedelta(hours=24)) is None


def test_the_limiter_counts_per_api_id_in_a_sliding_second() -> None:
    now = [100.0]
    limiter = RateLimiter(lambda api_id: 1, lambda: now[0])

    assert limiter.admit("ka10001") == 0
    assert limiter.admit("ka10001") == 1
    assert limiter.admit("ka10081") == 0
    now[0] += 1.0
    assert limiter.admit("ka10001") == 0


def test_scripted_faults_hit_only_the_next_call_of_their_api_id() -> None:
    faults = Faults(FaultConfig())
    faults.next("kt10000", Fault(FaultKind.DELAY_AFTER, 5.0), Fault(FaultKind.REJECT))

    assert faults.for_call("ka10001") == []
    assert [f.kind for f in faults.for_call("kt10000")] == [FaultKind.DELAY_AFTER, FaultKind.REJECT]
    assert faults.for_call("kt10000") == []


def test_news_is_invisible_before_it_is_published_and_high_for_surges() -> None:
    listings = build_listings(5, 300)
    script = build_script(5, listings, NOW, 4)
    desk = NewsDesk(script, listings)
    surge = script.surges[0]
    story = next(n for n in script.news if n.code == surge.code)

    before = desk.scores([surge.code], story.published - timedelta(seconds=1)).scores[0]
    after = desk.scores([surge.code], story.published).scores[0]

    assert before.score == 0
    assert before.headline is None
    assert after.score >= 80
    assert story.published <= surge.start


def test_breaking_news_falls_due_once() -> None:
    listings = build_listings(5, 300)
    script = build_script(5, listings, NOW, 4)
    desk = NewsDesk(script, listings)
    end = NOW + timedelta(hours=2)

    first = desk.due(end)

    assert {item.code for item in first} == {s.code for s in script.surges}
    assert desk.due(end) == []


def test_the_trading_date_defaults_to_a_weekday() -> None:
    from krxsim.config import SimulatorConfig

    assert SimulatorConfig().resolved_date(date(2026, 11, 28)) == date(2026, 11, 30)
