"""ka10100 종목정보 조회: security kind, trading halt and designations (trs/listing.py)."""

from __future__ import annotations

import msgspec
import pytest

from agent.broker.market import Designation, ListingInfo, SecurityKind
from agent.kiwoom.client import KiwoomClient
from agent.kiwoom.trs.listing import ListingWire, listing_from_wire

from .conftest import FakeKiwoom, ok, reply


def row(**fields: str) -> dict[str, str]:
    """A ka10100 answer for an ordinary KOSPI stock, with ``fields`` changed."""
    base = {
        "code": "005930",
        "name": "삼성전자",
        "listCount": "0000005919637922",
        "auditInfo": "정상",
        "regDay": "19750611",
        "lastPrice": "00070000",
        "state": "증거금20%|담보대출|신용가능",
        "marketCode": "0",
        "marketName": "거래소",
        "upName": "전기전자",
        "upSizeName": "대형주",
        "companyClassName": "",
        "orderWarning": "0",
        "nxtEnable": "Y",
    }
    return {**base, **fields}


def read(**fields: str) -> ListingInfo:
    wire = ListingWire(
        code=fields.get("code", "005930"),
        name=fields.get("name", "삼성전자"),
        audit_info=fields.get("auditInfo", "정상"),
        state=fields.get("state", "증거금20%|담보대출|신용가능"),
        market_code=fields.get("marketCode", "0"),
        market_name=fields.get("marketName", "거래소"),
        order_warning=fields.get("orderWarning", "0"),
    )
    return listing_from_wire(wire, fields.get("code", "005930"))


@pytest.mark.anyio
async def test_listing_info_posts_ka10100_and_reads_an_ordinary_stock(
    client: KiwoomClient, kiwoom: FakeKiwoom
) -> None:
    kiwoom.script("ka10100", reply(ok(**row())))

    info = await client.listing_info("005930")

    assert info == ListingInfo(
        code="005930",
        name="삼성전자",
        market="거래소",
        kind=SecurityKind.STOCK,
        halted=False,
        designations=(),
    )
    assert kiwoom.bodies("ka10100") == [{"stk_cd": "005930"}]
    assert kiwoom.calls("ka10100")[0].url.path == "/api/dostk/stkinfo"


@pytest.mark.anyio
async def test_a_halted_administrative_issue_reads_from_the_state_flags(
    client: KiwoomClient, kiwoom: FakeKiwoom
) -> None:
    kiwoom.script("ka10100", reply(ok(**row(state="증거금100%|거래정지|관리종목"))))

    info = await client.listing_info("005930")

    assert info.halted
    assert info.designations == (Designation.ADMINISTRATIVE,)


@pytest.mark.parametrize(
    ("flag", "designation"),
    [
        ("관리종목", Designation.ADMINISTRATIVE),
        ("정리매매", Designation.LIQUIDATION),
        ("투자경고", Designation.WARNING),
        ("투자위험", Designation.RISK),
        ("단기과열", Designation.OVERHEATED),
        ("투자주의", Designation.CAUTION),
        ("투자주의환기종목", Designation.CAUTION_ALERT),
    ],
)
def test_every_designation_flag_in_state_is_read(flag: str, designation: Designation) -> None:
    info = read(state=f"증거금100%|{flag}")

    assert info.designations == (designation,)
    assert not info.halted


@pytest.mark.parametrize(
    ("audit", "designations"),
    [
        ("정상", ()),
        ("", ()),
        ("투자주의", (Designation.CAUTION,)),
        ("투자경고", (Designation.WARNING,)),
        ("투자위험", (Designation.RISK,)),
        ("투자주의환기종목", (Designation.CAUTION_ALERT,)),  # not also 투자주의, which it contains
    ],
)
def test_audit_info_names_a_designation(audit: str, designations: tuple[Designation, ...]) -> None:
    assert read(auditInfo=audit).designations == designations


@pytest.mark.parametrize(
    ("warning", "designations"),
    [
        ("0", ()),
        ("1", (Designation.CAUTION,)),
        ("2", (Designation.LIQUIDATION,)),
        ("3", (Designation.OVERHEATED,)),
        ("4", (Designation.RISK,)),
        ("5", (Designation.WARNING,)),
        ("", ()),
        ("9", ()),  # unknown: logged, not guessed
    ],
)
def test_order_warning_codes_name_a_designation(
    warning: str, designations: tuple[Designation, ...]
) -> None:
    assert read(orderWarning=warning).designations == designations


def test_a_designation_found_in_several_fields_is_listed_once_in_enum_order() -> None:
    info = read(state="증거금100%|정리매매|관리종목", auditInfo="투자경고", orderWarning="2")

    assert info.designations == (
        Designation.ADMINISTRATIVE,
        Designation.WARNING,
        Designation.LIQUIDATION,
    )


@pytest.mark.parametrize(
    ("market_code", "code", "name", "kind"),
    [
        ("0", "005930", "삼성전자", SecurityKind.STOCK),
        ("10", "035720", "카카오", SecurityKind.STOCK),
        ("50", "217910", "에스제이켐", SecurityKind.STOCK),
        ("8", "069500", "KODEX 200", SecurityKind.ETF),
        ("60", "500001", "신한 인버스 WTI원유 선물 ETN", SecurityKind.ETN),
        ("3", "57J001", "한국J001삼성전자콜", SecurityKind.ELW),
        ("6", "330590", "롯데리츠", SecurityKind.REIT),
        ("99", "123450", "무엇", SecurityKind.OTHER),
        ("0", "005935", "삼성전자우", SecurityKind.PREFERRED),  # code not ending in 0
        ("0", "005387", "현대차2우B", SecurityKind.PREFERRED),
        ("10", "123450", "가나다우B", SecurityKind.PREFERRED),  # by the name alone
        ("0", "00088K", "한화3우B", SecurityKind.PREFERRED),  # new-style alphanumeric code
        ("10", "452260", "엔에이치스팩29호", SecurityKind.SPAC),
        (
            "8",
            "069505",
            "KODEX 200우",
            SecurityKind.ETF,
        ),  # preferred/SPAC rules only on stock markets
    ],
)
def test_security_kind_comes_from_market_code_code_and_name(
    market_code: str, code: str, name: str, kind: SecurityKind
) -> None:
    assert read(marketCode=market_code, code=code, name=name).kind is kind


def test_the_market_name_is_kept_as_sent() -> None:
    assert read(marketCode="10", marketName="코스닥").market == "코스닥"


def test_a_prefixed_code_in_the_answer_is_read_plain() -> None:
    assert read(code="A005930").code == "005930"


def test_wire_field_names_are_kiwoom_camel_case() -> None:
    wire = msgspec.json.decode(msgspec.json.encode(row(orderWarning="5")), type=ListingWire)

    assert (wire.audit_info, wire.market_code, wire.order_warning) == ("정상", "0", "5")
    assert wire.market_name == "거래소"
