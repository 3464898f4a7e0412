"""The dashboard's origin runs only its own code, and answers only to its own names.

The dashboard keeps the API token in the tab's session storage: a script from anywhere else on
this origin could read it. So every response forbids scripts from elsewhere and framing, the API
reference pages (which load their scripts from public CDNs) are not served, and a request whose
``Host`` is not one of the agent's own names (DNS rebinding) is refused.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import anyio
import httpx
import pytest
from websockets.asyncio.client import connect
from websockets.exceptions import InvalidStatus

from tests.support.web_api import RunningApi, running_api


@pytest.fixture
def api(tmp_path: Path) -> Iterator[RunningApi]:
    with running_api(tmp_path) as running:
        yield running


def _directives(policy: str) -> dict[str, str]:
    pairs = (part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    return {name: value for name, value in ((p[0], p[1] if len(p) > 1 else "") for p in pairs)}


def test_every_response_forbids_foreign_scripts_framing_sniffing_and_referrers(
    api: RunningApi,
) -> None:
    base, auth = api.base_url, api.auth
    responses = [
        httpx.get(f"{base}/"),
        httpx.get(f"{base}/trades"),
        httpx.get(f"{base}/assets/index-abc123.js"),
        httpx.get(f"{base}/assets/missing-000.js"),
        httpx.get(f"{base}/api/v1/health"),
        httpx.get(f"{base}/api/v1/account/balance"),  # 401
        httpx.get(f"{base}/api/v1/system/status", headers=auth),
        httpx.get(f"{base}/api/v1/no-such-endpoint", headers=auth),
        httpx.post(f"{base}/api/v1/scanner/watch", json={}, headers=auth),  # 400
        httpx.get(f"{base}/schema/openapi.json"),
        httpx.get(f"{base}/schema/swagger"),
    ]

    for response in responses:
        where = f"{response.request.method} {response.request.url.path} ({response.status_code})"
        policy = _directives(response.headers.get("content-security-policy", ""))
        assert policy.get("script-src") == "'self'", where
        assert policy.get("frame-ancestors") == "'none'", where
        assert policy.get("default-src") == "'self'", where
        assert policy.get("object-src") == "'none'", where
        assert policy.get("base-uri") == "'none'", where
        assert response.headers.get("x-content-type-options") == "nosniff", where
        assert response.headers.get("referrer-policy") == "no-referrer", where
        assert response.headers.get("x-frame-options") == "DENY", where


@pytest.mark.parametrize(
    "page",
    ["/swagger", "/redoc", "/elements", "/rapidoc", "/openapi.yaml", "/oauth2-redirect.html"],
)
def test_the_api_reference_pages_are_not_served(api: RunningApi, page: str) -> None:
    response = httpx.get(f"{api.base_url}/schema{page}")

    assert response.status_code == 404
    assert "<script" not in response.text


@pytest.mark.parametrize("path", ["/schema/openapi.json", "/schema", "/schema/"])
def test_the_openapi_document_is_served_without_the_token(api: RunningApi, path: str) -> None:
    response = httpx.get(f"{api.base_url}{path}")

    assert response.status_code == 200
    assert "json" in response.headers["content-type"]
    assert response.json()["info"]["title"] == "StockAgent API"


def _port(api: RunningApi) -> int:
    port = urlsplit(api.base_url).port
    assert port is not None
    return port


@pytest.mark.parametrize(
    "host",
    [
        "evil.example",
        "evil.example:{port}",
        "127.0.0.1.evil.example:{port}",
        "localhost.evil.example",
        "evil.example@127.0.0.1:{port}",
        "192.168.0.10:{port}",
        "",
    ],
)
def test_a_request_for_another_host_name_is_refused(api: RunningApi, host: str) -> None:
    headers = {"Host": host.format(port=_port(api))}

    for path, auth in (
        ("/", {}),
        ("/api/v1/health", {}),
        ("/schema/openapi.json", {}),
        ("/api/v1/system/status", api.auth),
    ):
        response = httpx.get(f"{api.base_url}{path}", headers={**headers, **auth})
        assert response.status_code == 400, f"{path} for Host {host!r}"
        assert "host" in response.json()["detail"].lower()


@pytest.mark.parametrize(
    "host",
    ["127.0.0.1:{port}", "localhost:{port}", "LocalHost:{port}", "[::1]:{port}", "localhost"],
)
def test_the_loopback_names_are_answered(api: RunningApi, host: str) -> None:
    headers = {"Host": host.format(port=_port(api)), **api.auth}

    response = httpx.get(f"{api.base_url}/api/v1/system/status", headers=headers)

    assert response.status_code == 200


async def _handshake(url: str, port: int) -> None:
    # Connect to loopback while the handshake names another host, as a rebound page would.
    with anyio.fail_after(5):
        async with connect(url, host="127.0.0.1", port=port):
            pass


@pytest.mark.anyio
async def test_the_websocket_refuses_another_host_name(api: RunningApi) -> None:
    port = _port(api)
    await _handshake(f"ws://localhost:{port}/ws/live", port)  # the same way, a name of its own

    with pytest.raises(InvalidStatus) as refused:
        await _handshake(f"ws://evil.example:{port}/ws/live", port)

    assert refused.value.response.status_code == 403
