"""Which TRs the simulator serves, and under which URL category (kiwoom-rest-api.md §3.1)."""

from __future__ import annotations

from krxsim.server.trs import account, charts, listing_info, orders, quotes, rankings, vi
from krxsim.server.trs.base import Handler

TRS: dict[str, tuple[str, Handler]] = {
    "ka00001": ("acnt", account.account_number),
    "ka10075": ("acnt", account.open_orders),
    "ka10076": ("acnt", account.fills),
    "kt00001": ("acnt", account.deposit),
    "kt00004": ("acnt", account.evaluation),
    "kt00018": ("acnt", account.holdings),
    "kt10000": ("ordr", orders.buy),
    "kt10001": ("ordr", orders.sell),
    "kt10002": ("ordr", orders.modify),
    "kt10003": ("ordr", orders.cancel),
    "ka10001": ("stkinfo", quotes.basic_info),
    "ka10095": ("stkinfo", quotes.multi_quote),
    "ka10054": ("stkinfo", vi.vi_list),
    "ka10099": ("stkinfo", listing_info.listing_list),
    "ka10100": ("stkinfo", listing_info.listing_info),
    "ka10004": ("mrkcond", quotes.order_book),
    "ka10086": ("mrkcond", charts.daily_prices),
    "ka10023": ("rkinfo", rankings.volume_surges),
    "ka10027": ("rkinfo", rankings.movers),
    "ka10029": ("rkinfo", rankings.expected_movers),
    "ka10030": ("rkinfo", rankings.volume_leaders),
    "ka10032": ("rkinfo", rankings.turnover_leaders),
    "ka10080": ("chart", charts.minute_chart),
    "ka10081": ("chart", charts.daily_chart),
}

# Known to Kiwoom (so 1504 on the wrong path, not 1505) but not simulated: their category.
KNOWN_ELSEWHERE: dict[str, str] = {
    "ka10085": "acnt",
    "kt00005": "acnt",
    "ka10087": "mrkcond",
    "ka10079": "chart",
    "ka10082": "chart",
    "ka10083": "chart",
    "ka10094": "chart",
    "kt10006": "crdordr",
}
