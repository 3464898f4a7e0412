"""The Kiwoom REST surface: token issue/revoke and ``POST /api/dostk/{category}`` TRs."""

from __future__ import annotations

from typing import Any

import anyio
import msgspec
from litestar import Response

from krxsim.server import envelope
from krxsim.server.envelope import KiwoomError
from krxsim.server.faults import Fault, FaultKind
from krxsim.server.runtime import SimRuntime
from krxsim.server.tokens import expires_text
from krxsim.server.trs.base import TrContext
from krxsim.server.trs.registry import KNOWN_ELSEWHERE, TRS

JSON = "application/json;charset=UTF-8"


def reply(
    body: dict[str, Any], status: int = 200, headers: dict[str, str] | None = None
) -> Response[bytes]:
    return Response(
        content=msgspec.json.encode(body),
        status_code=status,
        media_type=JSON,
        headers=headers or {},
    )


def _decode(raw: bytes) -> dict[str, Any]:
    if not raw.strip():
        return {}
    try:
        body = msgspec.json.decode(raw)
    except msgspec.DecodeError:
        raise envelope.bad_value("body", "JSON") from None
    if not isinstance(body, dict):
        raise envelope.bad_value("body", "JSON object")
    return body


def issue_token(runtime: SimRuntime, raw: bytes) -> Response[bytes]:
    """au10001: fine codes at the top level, as observed for 8020."""
    try:
        body = _decode(raw)
    except KiwoomError as error:
        return reply(error.body())
    grant = str(body.get("grant_type", "")).strip()
    key = str(body.get("appkey", "")).strip()
    secret = str(body.get("secretkey", "")).strip()
    if not grant:
        return reply(
            {"return_code": 8011, "return_msg": "입력값에 grant_type이 들어오지 않았습니다."}
        )
    if grant != "client_credentials":
        return reply({"return_code": 8012, "return_msg": "grant_type의 값이 맞지 않습니다."})
    if not key or not secret:
        return reply(
            {
                "return_code": 8020,
                "return_msg": "입력파라미터로 appkey 또는 secretkey가 들어오지 않았습니다.",
            }
        )
    if not runtime.venue.valid_keys(key, secret):
        return reply(
            {"return_code": 8001, "return_msg": "App Key와 Secret Key 검증에 실패했습니다."}
        )
    issued = runtime.venue.tokens.issue(key, runtime.clock.now())
    return reply(
        {
            "expires_dt": expires_text(issued.expires),
            "token_type": "Bearer",
            "token": issued.token,
            "return_code": 0,
            "return_msg": envelope.OK_PROCESSED,
        },
        headers={"api-id": "au10001"},
    )


def revoke_token(runtime: SimRuntime, raw: bytes) -> Response[bytes]:
    """au10002."""
    try:
        body = _decode(raw)
    except KiwoomError as error:
        return reply(error.body())
    key = str(body.get("appkey", "")).strip()
    secret = str(body.get("secretkey", "")).strip()
    token = str(body.get("token", "")).strip()
    if not key or not secret:
        return reply(
            {
                "return_code": 8020,
                "return_msg": "입력파라미터로 appkey 또는 secretkey가 들어오지 않았습니다.",
            }
        )
    if not token:
        return reply({"return_code": 8016, "return_msg": "입력값에 Token이 들어오지 않았습니다."})
    if not runtime.venue.valid_keys(key, secret):
        return reply(
            {"return_code": 8001, "return_msg": "App Key와 Secret Key 검증에 실패했습니다."}
        )
    if not runtime.venue.tokens.revoke(token):
        return reply({"return_code": 8015, "return_msg": "Access Token을 폐기하는데 실패했습니다."})
    return reply(
        {"return_code": 0, "return_msg": envelope.OK_PROCESSED}, headers={"api-id": "au10002"}
    )


def _route(category: str, api_id: str) -> None:
    if not api_id:
        raise envelope.missing_api_id()
    home = TRS[api_id][0] if api_id in TRS else KNOWN_ELSEWHERE.get(api_id)
    if home is None:
        raise envelope.unknown_api_id(api_id)
    if home != category:
        raise envelope.wrong_path(api_id, f"/api/dostk/{category}")
    if api_id not in TRS:
        raise envelope.unknown_api_id(api_id)


def _authorise(runtime: SimRuntime, header: str | None) -> None:
    if header is None or not header.strip():
        raise envelope.no_authorization()
    scheme, _, token = header.strip().partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise envelope.bad_authorization()
    if runtime.venue.tokens.check(token.strip(), runtime.clock.now()) is None:
        raise envelope.bad_token()


async def _before(runtime: SimRuntime, faults: list[Fault]) -> None:
    """Apply the faults that strike before a call is processed."""
    kinds = {f.kind for f in faults}
    for fault in faults:
        if fault.kind is FaultKind.DELAY_BEFORE:
            await anyio.sleep(fault.seconds)
    if FaultKind.DROP in kinds:
        hold = max(f.seconds for f in faults if f.kind is FaultKind.DROP)
        await anyio.sleep(hold or runtime.config.faults.drop_hold_seconds)
        raise envelope.internal("dropped")
    if FaultKind.FAIL_5XX in kinds:
        raise envelope.internal("injected")
    if FaultKind.INVALIDATE_TOKEN in kinds:
        runtime.venue.tokens.revoke_all()


async def _after(faults: list[Fault]) -> None:
    """Apply the faults that strike once a call has been processed."""
    for fault in faults:
        if fault.kind is FaultKind.DELAY_AFTER:
            await anyio.sleep(fault.seconds)


async def token_call(runtime: SimRuntime, api_id: str, raw: bytes) -> Response[bytes]:
    """Serve au10001/au10002 with the faults scripted or configured for them."""
    faults = runtime.faults.for_call(api_id)
    try:
        await _before(runtime, faults)
    except KiwoomError as error:
        return reply(error.body(), error.status)
    response = issue_token(runtime, raw) if api_id == "au10001" else revoke_token(runtime, raw)
    await _after(faults)
    return response


async def handle_tr(
    runtime: SimRuntime, category: str, headers: dict[str, str], raw: bytes
) -> Response[bytes]:
    """Serve one TR call: dispatch on (path, api-id), then auth, budget, faults, handler."""
    api_id = headers.get("api-id", "").strip()
    echo = {"api-id": api_id} if api_id else {}
    faults = runtime.faults.for_call(api_id) if api_id else []
    kinds = {f.kind for f in faults}
    exchange = runtime.venue.exchange
    try:
        _route(category, api_id)
        await _before(runtime, faults)
        _authorise(runtime, headers.get("authorization"))
        if runtime.faults.count_authorised():
            runtime.venue.tokens.revoke_all()
        limit = runtime.limiter.admit(api_id)
        if FaultKind.RATE_LIMIT in kinds:
            limit = limit or runtime.config.rate_limit(api_id) or 1
        if limit:
            raise envelope.rate_limited(limit, api_id)
        body = _decode(raw)
        exchange.force_reject += FaultKind.REJECT in kinds
        exchange.force_partial += FaultKind.PARTIAL_FILL in kinds
        cont_yn = headers.get("cont-yn", "N").strip()
        ctx = TrContext(runtime.venue, api_id, body, cont_yn, headers.get("next-key", ""))
        runtime.venue.step()
        result = TRS[api_id][1](ctx)
        await _after(faults)
    except KiwoomError as error:
        return reply(error.body(), error.status, echo)
    finally:
        # A scripted order fault belongs to this call only, whether or not it was used.
        if kinds & {FaultKind.REJECT, FaultKind.PARTIAL_FILL}:
            exchange.force_reject = exchange.force_partial = 0
    out = dict(result.body)
    out["return_code"] = 0
    out["return_msg"] = result.message
    return reply(out, headers={**echo, "cont-yn": result.cont_yn, "next-key": result.next_key})
