"""Error envelopes exactly as Kiwoom returns them (kiwoom-rest-api.md §5.1).

Business errors are HTTP 200 with a coarse ``return_code`` and the fine code embedded in
``return_msg``; only the rate limit (1700) is HTTP 429. The document does not say which coarse
class 1501/1504/1505/1517 belong to, nor the HTTP status of classes 2, 7 and 20: we use class 2
("입력 값 오류") and HTTP 200 for all of them (``INPUT_ERROR_STATUS`` and friends below).
"""

from __future__ import annotations

from krxsim.exchange.rules import Rejection

INPUT_ERROR_STATUS = 200
UNKNOWN_CODE_STATUS = 200
BACKEND_STATUS = 200
RATE_LIMIT_STATUS = 429

OK_QUERY = "조회가 완료되었습니다"
OK_PROCESSED = "정상적으로 처리되었습니다"


class KiwoomError(Exception):
    """A refusal the server answers with ``{"return_code": rc, "return_msg": msg}``."""

    def __init__(self, return_code: int, return_msg: str, status: int = 200) -> None:
        super().__init__(return_msg)
        self.return_code = return_code
        self.return_msg = return_msg
        self.status = status

    def body(self) -> dict[str, object]:
        return {"return_code": self.return_code, "return_msg": self.return_msg}


def _input(fine: str) -> KiwoomError:
    return KiwoomError(2, f"입력 값 오류입니다[{fine}]", INPUT_ERROR_STATUS)


def missing_api_id() -> KiwoomError:
    return _input("1501:API ID가 Null이거나 값이 없습니다")


def wrong_path(api_id: str, uri: str) -> KiwoomError:
    return _input(f"1504:해당 URI에서는 지원하는 API ID가 아닙니다. API ID={api_id}, URI={uri}")


def unknown_api_id(api_id: str) -> KiwoomError:
    return _input(f"1505:해당 API ID는 존재하지 않습니다. API ID={api_id}")


def missing(name: str) -> KiwoomError:
    return _input(f"1511:필수 입력 값에 값이 존재하지 않습니다. 필수입력 파라미터={name}")


def bad_value(name: str, reason: str) -> KiwoomError:
    return _input(f"1517:입력 값 형식이 올바르지 않습니다. 파라미터={name} 실패사유= {reason}")


def no_authorization() -> KiwoomError:
    return KiwoomError(
        3, "인증에 실패했습니다[1513:Http Header에 authorization 필드가 설정되어 있어야 합니다]"
    )


def bad_authorization() -> KiwoomError:
    return KiwoomError(
        3, "인증에 실패했습니다[1514:Http Header에 authorization 필드 형식이 맞지 않습니다]"
    )


def bad_token() -> KiwoomError:
    return KiwoomError(3, "인증에 실패했습니다[8005:Token이 유효하지 않습니다]")


def rate_limited(limit: int, api_id: str) -> KiwoomError:
    return KiwoomError(
        5,
        "허용된 요청 개수를 초과하였습니다"
        f"[1700:허용된 API 요청 개수를 초과하였습니다. 유량={limit}, API ID={api_id}]",
        RATE_LIMIT_STATUS,
    )


def too_many_codes(limit: int) -> KiwoomError:
    # Observed as rc 5 with [1634...]; the text after the code is our wording.
    return KiwoomError(
        5,
        "허용된 요청 개수를 초과하였습니다"
        f"[1634:조회 가능한 종목 수를 초과하였습니다. 최대={limit}]",
    )


def bad_code_format(code: str) -> KiwoomError:
    # Observed as rc 5 for a prefixed code such as KRX:005930; the text is our wording.
    return KiwoomError(
        5,
        "입력 값 오류입니다"
        f"[1517:입력 값 형식이 올바르지 않습니다. 파라미터=stk_cd 실패사유= {code}]",
    )


def unknown_code(code: str) -> KiwoomError:
    return KiwoomError(
        7,
        "서비스를 처리하는 중에 오류가 발생했습니다"
        f"[1902:종목 정보가 없습니다. 입력한 종목코드 값을 확인바랍니다. 종목코드={code}]",
        UNKNOWN_CODE_STATUS,
    )


def rejected(rejection: Rejection) -> KiwoomError:
    return KiwoomError(20, f"[2000]({rejection.code}:{rejection.text})", BACKEND_STATUS)


def internal(reason: str) -> KiwoomError:
    return KiwoomError(
        1,
        "서비스를 처리하는 중에 오류가 발생했습니다"
        f"[1999:예기치 못한 에러가 발생했습니다. 실패사유={reason}]",
        500,
    )
