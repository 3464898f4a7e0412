from __future__ import annotations

import pytest

from agent.kiwoom.errors import (
    AuthError,
    InvalidRequestError,
    KiwoomError,
    RateLimitedError,
    RejectedError,
    TransientError,
    classify,
    fine_code_of,
    flow_of,
    redact,
)

RATE_MSG = (
    "허용된 요청 개수를 초과하였습니다[1700:허용된 API 요청 개수를 초과하였습니다. "
    "유량=1, API ID=ka10081]"
)
BATCH_MSG = "허용된 요청 개수를 초과하였습니다[1634:허용된 종목 개수를 초과하였습니다]"


def test_embedded_rate_limit_is_rate_limited_with_its_flow() -> None:
    error = classify(5, RATE_MSG, api_id="ka10081", http_status=429)
    assert isinstance(error, RateLimitedError)
    assert (error.code, error.fine_code, error.flow) == (5, "1700", 1)


def test_batch_over_100_shares_the_wording_but_is_an_invalid_request() -> None:
    error = classify(5, BATCH_MSG, api_id="ka10095")
    assert isinstance(error, InvalidRequestError)
    assert not isinstance(error, TransientError)
    assert error.fine_code == "1634"


@pytest.mark.parametrize("fine", ["8005", "8031", "8103"])
def test_token_errors_embedded_are_auth_errors_with_an_invalid_token(fine: str) -> None:
    error = classify(3, f"인증에 실패했습니다[{fine}:Token이 유효하지 않습니다]")
    assert isinstance(error, AuthError)
    assert error.token_invalid


def test_top_level_fine_codes_are_classified_like_embedded_ones() -> None:
    assert isinstance(classify(8005, "Token이 유효하지 않습니다"), AuthError)
    assert isinstance(
        classify(1700, "허용된 API 요청 개수를 초과하였습니다. 유량=5"), RateLimitedError
    )


def test_wrong_environment_key_is_an_auth_error_a_new_token_cannot_fix() -> None:
    error = classify(3, "[8030:투자구분(실전/모의)이 달라서 Appkey를 사용할수가 없습니다]")
    assert isinstance(error, AuthError)
    assert not error.token_invalid


@pytest.mark.parametrize(
    ("message", "fine"),
    [
        ("[2000](RC4058:모의투자 장종료)", "RC4058"),
        ("[2000](RC4003:모의투자 호가단위 오류입니다.)", "RC4003"),
    ],
)
def test_backend_rejections_are_broker_refusals_with_rc_codes(message: str, fine: str) -> None:
    error = classify(20, message, api_id="kt10000")
    assert isinstance(error, RejectedError)
    assert error.fine_code == fine


def test_missing_parameter_and_unknown_code_are_invalid_requests() -> None:
    missing = classify(
        2,
        "입력 값 오류입니다[1511:필수 입력 값에 값이 존재하지 않습니다. 필수입력 파라미터=base_dt]",
    )
    unknown = classify(
        7, "서비스를 처리하는 중에 오류가 발생했습니다[1902:종목 정보가 없습니다. 종목코드=118970]"
    )
    assert isinstance(missing, InvalidRequestError)
    assert isinstance(unknown, InvalidRequestError)
    assert (missing.fine_code, unknown.fine_code) == ("1511", "1902")


def test_http_429_without_a_body_is_rate_limited_and_5xx_transient() -> None:
    assert isinstance(classify(None, "HTTP 429", http_status=429), RateLimitedError)
    assert isinstance(classify(None, "HTTP 503", http_status=503), TransientError)


def test_unknown_codes_are_refusals_that_are_never_retried() -> None:
    assert isinstance(classify(99, "뭔가 잘못됨"), RejectedError)


def test_websocket_login_failure_code_is_found() -> None:
    message = (
        "토큰 인증에 실패했습니다. 접속을 종료합니다 [CODE=8005, MESSAGE=Token이 유효하지 않습니다]"
    )
    assert fine_code_of(805004, message) == "8005"


def test_flow_is_parsed_from_the_1700_message() -> None:
    assert flow_of(RATE_MSG) == 1
    assert flow_of("no flow here") is None


def test_error_text_shows_codes_and_message() -> None:
    error = classify(20, "[2000](RC4057:모의투자 장시작전)", api_id="kt10000")
    assert str(error) == "[code=20 fine=RC4057 api_id=kt10000] [2000](RC4057:모의투자 장시작전)"
    assert repr(error).startswith("RejectedError(")
    assert isinstance(error, KiwoomError)


def test_redact_replaces_secret_values() -> None:
    assert redact("key APPKEY123 leaked", ["APPKEY123"]) == "key *** leaked"
