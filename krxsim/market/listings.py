"""The listed universe of the synthetic market: codes, names, boards, previous close and volume.

The best-known large caps keep their real codes and names (prices are plausible, not real);
the rest get synthetic six-digit codes and Korean-sounding names. Everything follows from the
seed.
"""

from __future__ import annotations

import math

import msgspec

from krxsim.rules import Board, round_down
from krxsim.seeded import seeded

# (code, name, board, typical price, typical daily volume, KOSPI200 member)
_LARGE_CAPS: tuple[tuple[str, str, Board, int, int], ...] = (
    ("005930", "삼성전자", Board.KOSPI, 71_000, 15_000_000),
    ("000660", "SK하이닉스", Board.KOSPI, 198_000, 3_500_000),
    ("373220", "LG에너지솔루션", Board.KOSPI, 380_000, 300_000),
    ("207940", "삼성바이오로직스", Board.KOSPI, 1_010_000, 60_000),
    ("005380", "현대차", Board.KOSPI, 221_000, 700_000),
    ("035420", "NAVER", Board.KOSPI, 201_500, 600_000),
    ("035720", "카카오", Board.KOSPI, 44_850, 2_000_000),
    ("000270", "기아", Board.KOSPI, 96_300, 1_100_000),
    ("005490", "POSCO홀딩스", Board.KOSPI, 352_000, 250_000),
    ("051910", "LG화학", Board.KOSPI, 301_000, 200_000),
    ("006400", "삼성SDI", Board.KOSPI, 252_500, 300_000),
    ("068270", "셀트리온", Board.KOSPI, 181_200, 700_000),
    ("105560", "KB금융", Board.KOSPI, 81_400, 900_000),
    ("055550", "신한지주", Board.KOSPI, 50_600, 1_000_000),
    ("012330", "현대모비스", Board.KOSPI, 233_000, 200_000),
    ("028260", "삼성물산", Board.KOSPI, 141_300, 300_000),
    ("066570", "LG전자", Board.KOSPI, 90_700, 500_000),
    ("003550", "LG", Board.KOSPI, 75_300, 200_000),
    ("096770", "SK이노베이션", Board.KOSPI, 110_600, 400_000),
    ("017670", "SK텔레콤", Board.KOSPI, 52_300, 400_000),
    ("030200", "KT", Board.KOSPI, 40_150, 700_000),
    ("034730", "SK", Board.KOSPI, 160_400, 150_000),
    ("015760", "한국전력", Board.KOSPI, 22_150, 2_500_000),
    ("032830", "삼성생명", Board.KOSPI, 85_200, 300_000),
    ("086790", "하나금융지주", Board.KOSPI, 55_700, 900_000),
    ("316140", "우리금융지주", Board.KOSPI, 14_220, 2_000_000),
    ("010130", "고려아연", Board.KOSPI, 502_000, 50_000),
    ("009150", "삼성전기", Board.KOSPI, 140_500, 300_000),
    ("018260", "삼성에스디에스", Board.KOSPI, 150_300, 150_000),
    ("011200", "HMM", Board.KOSPI, 18_030, 3_000_000),
    ("003670", "포스코퓨처엠", Board.KOSPI, 251_000, 300_000),
    ("042700", "한미반도체", Board.KOSPI, 101_200, 800_000),
    ("012450", "한화에어로스페이스", Board.KOSPI, 302_500, 300_000),
    ("329180", "HD현대중공업", Board.KOSPI, 201_000, 200_000),
    ("259960", "크래프톤", Board.KOSPI, 301_500, 100_000),
    ("323410", "카카오뱅크", Board.KOSPI, 25_150, 1_500_000),
    ("352820", "하이브", Board.KOSPI, 202_000, 200_000),
    ("036570", "엔씨소프트", Board.KOSPI, 201_000, 150_000),
    ("251270", "넷마블", Board.KOSPI, 50_300, 300_000),
    ("090430", "아모레퍼시픽", Board.KOSPI, 130_400, 200_000),
    ("097950", "CJ제일제당", Board.KOSPI, 250_500, 50_000),
    ("000810", "삼성화재", Board.KOSPI, 301_000, 80_000),
    ("010950", "S-Oil", Board.KOSPI, 60_100, 300_000),
    ("024110", "기업은행", Board.KOSPI, 13_050, 1_500_000),
    ("033780", "KT&G", Board.KOSPI, 100_400, 300_000),
    ("247540", "에코프로비엠", Board.KOSDAQ, 200_500, 700_000),
    ("086520", "에코프로", Board.KOSDAQ, 90_200, 1_200_000),
    ("196170", "알테오젠", Board.KOSDAQ, 301_000, 400_000),
    ("028300", "HLB", Board.KOSDAQ, 70_300, 900_000),
    ("263750", "펄어비스", Board.KOSDAQ, 35_150, 500_000),
    ("293490", "카카오게임즈", Board.KOSDAQ, 20_150, 600_000),
)

_FRONT = (
    "한빛",
    "대성",
    "동양",
    "세진",
    "우진",
    "미래",
    "신성",
    "태평",
    "한결",
    "삼양",
    "대원",
    "금강",
    "청림",
    "선진",
    "유니",
    "케이",
    "에이스",
    "제일",
    "극동",
    "한솔",
    "영진",
    "서광",
    "두리",
    "나라",
)
_BACK = (
    "전자",
    "바이오",
    "화학",
    "제약",
    "테크",
    "반도체",
    "소재",
    "에너지",
    "건설",
    "정밀",
    "산업",
    "로보틱스",
    "시스템",
    "디스플레이",
    "헬스케어",
    "푸드",
    "모빌리티",
    "게임즈",
    "통신",
    "중공업",
)


REAL_CODES = frozenset(code for code, *_ in _LARGE_CAPS)
"""Codes listed under their real names; the day's special stocks are never among them."""


class Listing(msgspec.Struct, frozen=True, kw_only=True):
    """One listed stock as the market sees it before the day starts."""

    code: str
    name: str
    board: Board
    prev_close: int
    prev_volume: int
    listed_shares: int
    kospi200: bool
    daily_vol_bps: int
    """Standard deviation of the day's return, in basis points."""


def _on_grid(price: int, board: Board) -> int:
    return round_down(max(price, 100), board)


def build_listings(seed: int, count: int) -> dict[str, Listing]:
    """Return ``count`` listings keyed by code, identical for the same seed."""
    rng = seeded(f"listings:{seed}")
    out: dict[str, Listing] = {}
    for code, name, board, price, volume in _LARGE_CAPS[:count]:
        close = _on_grid(int(price * math.exp(rng.gauss(0.0, 0.05))), board)
        out[code] = Listing(
            code=code,
            name=name,
            board=board,
            prev_close=close,
            prev_volume=int(volume * math.exp(rng.gauss(0.0, 0.3))),
            listed_shares=int(volume * rng.uniform(150, 600)),
            kospi200=board is Board.KOSPI,
            daily_vol_bps=rng.randint(120, 260),
        )
    names = {listing.name for listing in out.values()}
    while len(out) < count:
        code = f"{rng.randint(1000, 99999):05d}0"
        if code in out:
            continue
        name = rng.choice(_FRONT) + rng.choice(_BACK)
        if name in names:
            name = f"{name}{rng.choice('ABCDEFGH')}"
            if name in names:
                continue
        names.add(name)
        board = Board.KOSDAQ if rng.random() < 0.55 else Board.KOSPI
        price = _on_grid(int(math.exp(rng.uniform(math.log(1_000), math.log(300_000)))), board)
        volume = int(math.exp(rng.uniform(math.log(20_000), math.log(3_000_000))))
        out[code] = Listing(
            code=code,
            name=name,
            board=board,
            prev_close=price,
            prev_volume=volume,
            listed_shares=int(volume * rng.uniform(50, 400)),
            kospi200=False,
            daily_vol_bps=rng.randint(150, 450),
        )
    return out
