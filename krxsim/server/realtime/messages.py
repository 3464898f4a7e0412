"""Frames of the realtime protocol (kiwoom-rest-api.md §6.1-6.3)."""

from __future__ import annotations

from typing import Any

LOGIN_OK: dict[str, Any] = {"trnm": "LOGIN", "return_code": 0, "return_msg": ""}
LOGIN_FAILED: dict[str, Any] = {
    "trnm": "LOGIN",
    "return_code": 805004,
    "return_msg": "토큰 인증에 실패했습니다. 접속을 종료합니다 "
    "[CODE=8005, MESSAGE=Token이 유효하지 않습니다]",
}
PING: dict[str, Any] = {"trnm": "PING"}
KICKED: dict[str, Any] = {
    "trnm": "SYSTEM",
    "code": "R10001",
    "message": "동일한 App key로 접속이 되었습니다. 기존 세션은 종료가 됩니다",
}
NO_HEARTBEAT: dict[str, Any] = {
    "trnm": "SYSTEM",
    "code": "R10002",
    "message": "사용자 프로그램으로부터 Heartbeat(연결유지) 메시지가 오지않아서 접속을 종료합니다",
}
NO_LOGIN: dict[str, Any] = {
    "trnm": "SYSTEM",
    "code": "R10004",
    "message": "접속허용요청(토큰)이 들어오지 않았습니다",
}
TOO_MANY_ITEMS = "등록 종목수 초과"

NAMES = {
    "0B": "주식체결",
    "0D": "주식호가잔량",
    "0H": "주식예상체결",
    "1h": "VI발동/해제",
    "0s": "장시작시간",
    "00": "주문체결",
    "04": "현물잔고",
}


def ack(trnm: str, code: int = 0, message: str = "") -> dict[str, Any]:
    return {"trnm": trnm, "return_code": code, "return_msg": message}


def entry(kind: str, item: str, values: dict[str, str]) -> dict[str, Any]:
    return {"type": kind, "name": NAMES.get(kind, ""), "item": item, "values": values}
