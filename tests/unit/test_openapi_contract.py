"""The committed OpenAPI document is the app's: the dashboard's types are generated from it."""

from __future__ import annotations

import json

from actors.board import Topic
from web.openapi import COMMITTED, document


def test_the_committed_openapi_document_matches_the_app() -> None:
    committed = json.loads(COMMITTED.read_text(encoding="utf-8"))

    assert document() == committed, "the API changed: run `make openapi` and commit the result"


PUBLIC = {"/api/v1/health", "/api/v1/health/live", "/api/v1/health/ready", "/ws/live"}
"""``/ws/live``: a plain GET answers 426 and carries no data; the socket's token is its first
message (web/live.py), not a header."""


def test_every_operation_has_an_operation_id_and_private_ones_need_the_token() -> None:
    for path, item in document()["paths"].items():
        for method, operation in item.items():
            assert operation.get("operationId"), f"{method.upper()} {path} has no operationId"
            if path not in PUBLIC:
                assert operation.get("security") == [{"bearer": []}], f"{path} is not closed"


def _refs(node: object) -> list[str]:
    if isinstance(node, dict):
        own = [node["$ref"]] if isinstance(node.get("$ref"), str) else []
        mapping = node.get("mapping") if isinstance(node.get("mapping"), dict) else {}
        return own + list(mapping.values()) + [r for v in node.values() for r in _refs(v)]
    if isinstance(node, list):
        return [r for v in node for r in _refs(v)]
    return []


def test_every_reference_and_discriminator_names_a_listed_schema() -> None:
    doc = document()
    listed = {f"#/components/schemas/{name}" for name in doc["components"]["schemas"]}

    assert set(_refs(doc)) - listed == set()


def test_the_live_stream_lists_every_topic_under_one_union_tagged_by_type() -> None:
    doc = document()
    schemas = doc["components"]["schemas"]
    frames = doc["paths"]["/ws/live"]["get"]["responses"]["101"]["content"]["application/json"]

    events = schemas["LiveEvent"]["discriminator"]
    assert events["propertyName"] == "type"
    assert set(events["mapping"]) == {topic.value for topic in Topic}
    assert frames["schema"] == {"$ref": "#/components/schemas/LiveFrame"}
    assert set(schemas["LiveFrame"]["discriminator"]["mapping"]) == {
        *events["mapping"],
        "ready",
        "heartbeat",
        "lagging",
        "batch",
    }
