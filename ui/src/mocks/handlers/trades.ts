import { http, HttpResponse } from "msw";
import { API, type Schema, unauthorized } from "./util";

const NAMES: Record<string, string> = { "005930": "삼성전자", "000660": "SK하이닉스", "035720": "카카오" };
const CODES = Object.keys(NAMES);

/** Trade `i` of a made-up history: three stocks, two strategy tags, wins and losses. */
function trade(i: number): Schema<"TradeRow"> {
  const code = CODES[i % CODES.length] ?? "005930";
  const day = new Date(Date.UTC(2026, 10, 23 - Math.floor(i / 3)));
  const date = day.toISOString().slice(0, 10);
  const entry = 50_000 + i * 1_000;
  const returnBps = ((i * 37) % 500) - 200;
  const exit = Math.round(entry * (1 + returnBps / 10_000));
  const quantity = 10 + i;
  return {
    id: i + 1,
    trade_date: date,
    code,
    name: NAMES[code] ?? code,
    strategy_tag: i % 4 === 0 ? "manual" : "opening_turnover",
    quantity,
    entry_price: entry,
    entry_time: `${date}T00:06:00Z`,
    exit_price: exit,
    exit_time: `${date}T06:20:00Z`,
    exit_reason: returnBps < -150 ? "stop_loss" : "eod_exit",
    realized_pnl: (exit - entry) * quantity,
    return_bps: returnBps,
    commission: 2_100,
    tax: 12_800,
    slippage_won: 0,
    news_score_at_entry: 60 + (i % 40),
    volume_rank_at_entry: 1 + (i % 10),
    reason_codes: ["TURNOVER_TOP", "NEWS_SCORE_OK", "OR_BREAKOUT", "ABOVE_VWAP"],
  };
}

export const trades: Schema<"TradeRow">[] = Array.from({ length: 45 }, (_, i) => trade(i));

const SORT_KEYS = {
  date: (t: Schema<"TradeRow">) => t.exit_time ?? "",
  pnl: (t: Schema<"TradeRow">) => t.realized_pnl ?? 0,
  return: (t: Schema<"TradeRow">) => t.return_bps ?? 0,
} as const;

export const tradesHandlers = [
  // Filters, sorting and pages as GET /api/v1/trades does them.
  http.get(`${API}/trades`, ({ request }) => {
    const denied = unauthorized(request);
    if (denied) return denied;
    const q = new URL(request.url).searchParams;
    const from = q.get("from");
    const to = q.get("to");
    const code = q.get("code");
    const strategy = q.get("strategy");
    const sort = (q.get("sort") ?? "date") as keyof typeof SORT_KEYS;
    const order = q.get("order") ?? "desc";
    const page = Number(q.get("page") ?? 1);
    const pageSize = Number(q.get("page_size") ?? 50);
    const key = SORT_KEYS[sort] ?? SORT_KEYS.date;
    const matching = trades
      .filter(
        (t) =>
          (!from || t.trade_date >= from) &&
          (!to || t.trade_date <= to) &&
          (!code || t.code === code) &&
          (!strategy || t.strategy_tag === strategy),
      )
      .sort((a, b) => {
        const [x, y] = [key(a), key(b)];
        const cmp = x < y ? -1 : x > y ? 1 : b.id - a.id;
        return order === "asc" ? cmp : -cmp;
      });
    return HttpResponse.json<Schema<"TradePage">>({
      items: matching.slice((page - 1) * pageSize, page * pageSize),
      page: { page, page_size: pageSize, total: matching.length },
    });
  }),
  http.get(`${API}/trades/:id`, ({ request, params }) => {
    const found = trades.find((t) => String(t.id) === params.id);
    return unauthorized(request) ?? (found ? HttpResponse.json(found) : HttpResponse.json({ status_code: 404, detail: `no trade ${String(params.id)}` }, { status: 404 }));
  }),
];
