"""No input reaches a 500, and an error that does is logged with the request's id.

The requests are the ones an outside tester sent over loopback: null bytes in a file path, a JSON
body nested about a thousand deep.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from pathlib import Path

import anyio
import httpx
import pytest
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed

from tests.support.actor_services import RunSwitch
from tests.support.web_api import RunningApi, running_api


class BrokenSwitch(RunSwitch):
    """A start that fails as no caller expects: the API's last line of defence."""

    def start(self) -> None:
        raise RuntimeError("the start-up failed in a way nobody planned for")


@pytest.fixture
def api(tmp_path: Path) -> Iterator[RunningApi]:
    with running_api(tmp_path, system=BrokenSwitch(on=False)) as running:
        yield running


@pytest.mark.parametrize(
    "path",
    ["/assets/%00", "/index.html%00.js", "/%00", "/trades%00", "/assets/" + "a" * 300 + ".js"],
)
def test_a_file_path_the_file_system_cannot_take_is_a_404(api: RunningApi, path: str) -> None:
    response = httpx.get(f"{api.base_url}{path}")

    assert response.status_code == 404


def _nested(depth: int) -> bytes:
    return b'{"max_positions": ' + b"[" * depth + b"]" * depth + b"}"


@pytest.mark.parametrize("depth", [990, 5_000, 100_000])
def test_json_nested_too_deep_is_a_400(api: RunningApi, depth: int) -> None:
    headers = {**api.auth, "Content-Type": "application/json"}

    put = httpx.put(f"{api.base_url}/api/v1/risk/config", content=_nested(depth), headers=headers)
    post = httpx.post(
        f"{api.base_url}/api/v1/scanner/watch", content=_nested(depth), headers=headers
    )

    assert put.status_code == 400
    assert "nested" in put.json()["detail"]
    assert post.status_code == 400


@pytest.mark.anyio
async def test_a_websocket_greeting_nested_too_deep_closes_as_unauthorised(
    api: RunningApi,
) -> None:
    url = api.base_url.replace("http://", "ws://") + "/ws/live"
    async with connect(url) as socket:
        await socket.send('{"type": "auth", "x": ' + "[" * 5_000 + "]" * 5_000 + "}")
        with pytest.raises(ConnectionClosed) as closed:
            with anyio.fail_after(5):
                await socket.recv()

    assert closed.value.rcvd is not None
    assert closed.value.rcvd.code == 4401


def test_an_unhandled_error_is_a_500_logged_with_its_request_id(
    api: RunningApi, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.ERROR, logger="web")

    response = httpx.post(f"{api.base_url}/api/v1/system/start", headers=api.auth)

    request_id = response.headers["x-request-id"]
    assert response.status_code == 500
    assert request_id in response.json()["detail"]
    assert "nobody planned" not in response.text  # the cause goes to the log, not the client
    logged = [r for r in caplog.records if getattr(r, "request_id", None) == request_id]
    assert len(logged) == 1
    assert logged[0].exc_info is not None
    assert isinstance(logged[0].exc_info[1], RuntimeError)


def test_every_response_names_its_own_request_id(api: RunningApi) -> None:
    first = httpx.get(f"{api.base_url}/api/v1/health")
    second = httpx.get(f"{api.base_url}/api/v1/health")
    refused = httpx.get(f"{api.base_url}/api/v1/account/balance")

    ids = [r.headers.get("x-request-id") for r in (first, second, refused)]
    assert all(ids)
    assert len(set(ids)) == 3


def test_a_client_error_is_not_logged_as_an_error(
    api: RunningApi, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.ERROR, logger="web")

    httpx.get(f"{api.base_url}/api/v1/account/balance")
    httpx.post(f"{api.base_url}/api/v1/scanner/watch", json={"code": 5}, headers=api.auth)
    httpx.get(f"{api.base_url}/assets/missing-000.js")

    assert [r for r in caplog.records if r.levelno >= logging.ERROR] == []


def test_invalid_json_is_a_400(api: RunningApi) -> None:
    headers = {**api.auth, "Content-Type": "application/json"}

    response = httpx.put(f"{api.base_url}/api/v1/risk/config", content=b"{", headers=headers)

    assert response.status_code == 400
    assert json.loads(response.text)["status_code"] == 400
