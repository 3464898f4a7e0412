import { http, HttpResponse } from "msw";
import { API, type Schema, unauthorized } from "./util";

export const trades: Schema<"TradeRow">[] = [
  {
    id: 1,
    trade_date: "2026-11-23",
    code: "005930",
    name: "삼성전자",
    strategy_tag: "opening_turnover",
    quantity: 100,
    entry_price: 70_000,
    entry_time: "2026-11-23T00:06:00Z",
    exit_price: 71_400,
    exit_time: "2026-11-23T06:20:00Z",
    exit_reason: "eod",
    realized_pnl: 121_000,
    return_bps: 173,
    commission: 2_100,
    tax: 12_800,
    slippage_won: 0,
    news_score_at_entry: 88,
    volume_rank_at_entry: 1,
    reason_codes: ["turnover_leader", "news", "orh_breakout", "above_vwap"],
  },
];

export const tradesHandlers = [
  http.get(`${API}/trades`, ({ request }) =>
    unauthorized(request) ??
    HttpResponse.json<Schema<"TradePage">>({ items: trades, page: { page: 1, page_size: 50, total: trades.length } }),
  ),
  http.get(`${API}/trades/:id`, ({ request, params }) => {
    const trade = trades.find((t) => String(t.id) === params.id);
    return unauthorized(request) ?? (trade ? HttpResponse.json(trade) : HttpResponse.json({ status_code: 404, detail: "no such trade" }, { status: 404 }));
  }),
];
