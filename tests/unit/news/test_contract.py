from __future__ import annotations

import json
from datetime import datetime, timedelta
from typing import Any

import msgspec
import pytest

from agent.clock import KST
from agent.news.contract import (
    BreakingNews,
    ContractError,
    NewsScore,
    ScoresResponse,
    decode_breaking,
    decode_scores,
    encode,
)
from krxsim.news import shapes

PUBLISHED = "2026-11-24T09:10:35+09:00"


def scores_body(*rows: dict[str, Any]) -> bytes:
    return json.dumps({"as_of": "2026-11-24T09:12:00+09:00", "scores": list(rows)}).encode()


def scored(**overrides: Any) -> dict[str, Any]:
    row: dict[str, Any] = {
        "code": "005930",
        "score": 91,
        "headline": "삼성전자, 신규 수주",
        "source": "연합뉴스",
        "published_at": PUBLISHED,
    }
    row.update(overrides)
    return row


def breaking(**overrides: Any) -> bytes:
    item: dict[str, Any] = {
        "code": "005930",
        "name": "삼성전자",
        "score": 91,
        "headline": "삼성전자, 신규 수주",
        "source": "연합뉴스",
        "published_at": PUBLISHED,
    }
    item.update(overrides)
    return json.dumps({k: v for k, v in item.items() if v is not ...}).encode()


def test_a_scores_response_decodes_to_aware_times_and_typed_rows() -> None:
    response = decode_scores(scores_body(scored()))

    assert response.as_of == datetime(2026, 11, 24, 9, 12, tzinfo=KST)
    (row,) = response.scores
    assert (row.code, row.score, row.source) == ("005930", 91, "연합뉴스")
    assert row.published_at == datetime(2026, 11, 24, 9, 10, 35, tzinfo=KST)
    assert row.published_at.utcoffset() == timedelta(hours=9)
    assert row.has_news
    assert row.url is None


def test_a_code_without_news_scores_zero_and_has_no_news() -> None:
    empty = scored(code="000660", score=0, headline=None, source=None, published_at=None)

    (row,) = decode_scores(scores_body(empty)).scores

    assert row == NewsScore(code="000660", score=0)
    assert not row.has_news


def test_unknown_fields_are_ignored_and_url_is_kept() -> None:
    row = scored(url="https://news.example/1", sentiment="positive")

    (decoded,) = decode_scores(scores_body(row)).scores

    assert decoded.url == "https://news.example/1"


@pytest.mark.parametrize(
    ("row", "field"),
    [
        (scored(score=101), "score"),
        (scored(score=-1), "score"),
        (scored(score="91"), "score"),
        (scored(score=91.5), "score"),
        (scored(published_at="2026-11-24T09:10:35"), "published_at"),
        (scored(code="5930"), "code"),
        (scored(code="KRX:005930"), "code"),
    ],
)
def test_a_score_row_breaking_the_contract_is_rejected_naming_the_field(
    row: dict[str, Any], field: str
) -> None:
    with pytest.raises(ContractError, match=field):
        decode_scores(scores_body(row))


def test_a_body_that_is_not_json_is_a_contract_error() -> None:
    with pytest.raises(ContractError, match="not JSON"):
        decode_scores(b"<html>502 Bad Gateway</html>")


def test_a_response_without_as_of_is_rejected() -> None:
    with pytest.raises(ContractError, match="as_of"):
        decode_scores(json.dumps({"scores": []}))


def test_a_breaking_message_decodes() -> None:
    item = decode_breaking(breaking())

    assert item == BreakingNews(
        code="005930",
        name="삼성전자",
        score=91,
        headline="삼성전자, 신규 수주",
        source="연합뉴스",
        published_at=datetime(2026, 11, 24, 9, 10, 35, tzinfo=KST),
    )


@pytest.mark.parametrize(
    ("raw", "field"),
    [
        (breaking(headline=...), "headline"),
        (breaking(headline=None), "headline"),
        (breaking(published_at=None), "published_at"),
        (breaking(published_at="09:10:35"), "published_at"),
        (breaking(score=300), "score"),
        (b"[]", "object"),
        (b"", "not JSON"),
        (b"{'code': '005930'}", "not JSON"),
    ],
)
def test_a_malformed_breaking_message_is_a_contract_error(raw: bytes, field: str) -> None:
    with pytest.raises(ContractError, match=field):
        decode_breaking(raw)


def test_encoding_round_trips() -> None:
    item = decode_breaking(breaking(url="https://news.example/1"))
    response = decode_scores(scores_body(scored(), scored(code="000660", score=0)))

    assert decode_breaking(encode(item)) == item
    assert decode_scores(encode(response)) == response
    assert isinstance(response, ScoresResponse)


def test_the_simulators_shapes_follow_the_contract() -> None:
    at = datetime(2026, 11, 24, 9, 10, 35, tzinfo=KST).isoformat()
    sim_scores = shapes.ScoresResponse(
        as_of=at,
        scores=[
            shapes.NewsScore(code="005930", score=91, headline="h", source="s", published_at=at),
            shapes.NewsScore(code="000660", score=0, headline=None, source=None, published_at=None),
        ],
    )
    sim_item = shapes.BreakingNews(
        code="005930", name="삼성전자", score=91, headline="h", source="s", published_at=at
    )

    response = decode_scores(msgspec.json.encode(sim_scores))
    item = decode_breaking(msgspec.json.encode(sim_item))

    assert [row.has_news for row in response.scores] == [True, False]
    assert item.published_at == datetime(2026, 11, 24, 9, 10, 35, tzinfo=KST)
