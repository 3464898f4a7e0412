from __future__ import annotations

from agent.news.cache import ScoreCache
from agent.news.contract import NewsScore

SCORE = NewsScore(code="005930", score=91)


def test_an_entry_is_served_while_younger_than_the_age_asked_for() -> None:
    cache = ScoreCache()
    cache.put("005930", SCORE, now=100.0)

    young = cache.get("005930", now=159.9, max_age=60.0)
    old = cache.get("005930", now=160.0, max_age=60.0)

    assert young is not None
    assert young.value == SCORE
    assert old is None


def test_an_unknown_code_is_remembered_as_none() -> None:
    cache = ScoreCache()
    cache.put("999999", None, now=0.0)

    entry = cache.get("999999", now=1.0, max_age=60.0)

    assert entry is not None
    assert entry.value is None
    assert cache.get("000660", now=1.0, max_age=60.0) is None


def test_a_new_answer_replaces_the_old_one() -> None:
    cache = ScoreCache()
    cache.put("005930", None, now=0.0)
    cache.put("005930", SCORE, now=10.0)

    entry = cache.get("005930", now=65.0, max_age=60.0)

    assert entry is not None
    assert entry.value == SCORE
    assert len(cache) == 1
