"""The API's OpenAPI document, as committed in ``web/openapi.json`` for the dashboard.

``python -m web.openapi > web/openapi.json`` (or ``make openapi``) regenerates it; a test fails
when the app's document and the committed one differ.
"""

from __future__ import annotations

import json
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from agent.secret import Secret
from agent.settings import Settings
from agent.store.engine import create_db_engine
from web.app import create_app
from web.context import AppContext

COMMITTED = Path(__file__).with_name("openapi.json")
CONTRACT_VERSION = "1"


def document() -> dict[str, Any]:
    """Return the OpenAPI document of the app (independent of any running agent)."""
    app = create_app(
        AppContext(
            settings=Settings(),
            engine=create_db_engine("sqlite://"),
            started_at=datetime(2000, 1, 1, tzinfo=UTC),
            version=CONTRACT_VERSION,
            api_token=Secret("unused"),
        )
    )
    schema: dict[str, Any] = app.openapi_schema.to_schema()
    return schema


def render() -> str:
    return json.dumps(document(), indent=2, ensure_ascii=False, sort_keys=True) + "\n"


if __name__ == "__main__":
    sys.stdout.write(render())
