"""The committed OpenAPI document is the app's: the dashboard's types are generated from it."""

from __future__ import annotations

import json

from web.openapi import COMMITTED, document


def test_the_committed_openapi_document_matches_the_app() -> None:
    committed = json.loads(COMMITTED.read_text(encoding="utf-8"))

    assert document() == committed, "the API changed: run `make openapi` and commit the result"


PUBLIC = {"/api/v1/health", "/api/v1/health/live", "/api/v1/health/ready"}


def test_every_operation_has_an_operation_id_and_private_ones_need_the_token() -> None:
    for path, item in document()["paths"].items():
        for method, operation in item.items():
            assert operation.get("operationId"), f"{method.upper()} {path} has no operationId"
            if path not in PUBLIC:
                assert operation.get("security") == [{"bearer": []}], f"{path} is not closed"
