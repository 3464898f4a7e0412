import { http, HttpResponse } from "msw";
import { API, badRequest, type Schema, unauthorized } from "./util";

// A shared account (issue #12): the P&L is the agent's own lots; equity is the whole account,
// the user's holdings included; `orderable` counts 미수 room the agent never uses.
export const balance: Schema<"Balance"> = {
  cash: 48_231_500,
  orderable: 60_000_000,
  orderable_cash_only: 47_100_000,
  capital: 20_000_000,
  equity: 63_530_500,
  open_pnl: 80_000,
  realized_pnl: 120_000,
  daily_pnl: 200_000,
  reconciled_at: "2026-11-24T00:12:00Z",
  age_s: 5,
  stale: false,
};

/** As the API lists them: the agent's own lots (managed) first, then the user's holdings. */
export const positions: Schema<"PositionSummary">[] = [
  { code: "005930", name: "삼성전자", managed: true, quantity: 100, sellable: 100, avg_price: 71_000, price: 72_300, pnl: 130_000, return_bps: 183, stop_price: 68_870, backstop_price: 68_500 },
  { code: "000660", name: "SK하이닉스", managed: true, quantity: 20, sellable: 20, avg_price: 190_000, price: 187_500, pnl: -50_000, return_bps: -132, stop_price: 184_300 },
  // The user's own shares of a code the agent also holds, and one only the user holds.
  { code: "005930", name: "삼성전자", managed: false, quantity: 30, sellable: 30, avg_price: 61_500, price: 72_300, pnl: 324_000, return_bps: 1756, stop_price: null },
  { code: "035420", name: "NAVER", managed: false, quantity: 10, sellable: 8, avg_price: 230_000, price: 215_000, pnl: -150_000, return_bps: -652, stop_price: null },
];

/** Thirty one-minute bars from 09:00 KST, drifting up from `base`. */
export function minuteBars(base: number, count = 30): Schema<"MinuteBar">[] {
  const open = Date.parse("2026-11-24T00:00:00Z");
  return Array.from({ length: count }, (_, i) => {
    const o = base + i * 100;
    const c = o + (i % 3 === 0 ? -100 : 200);
    return {
      start: new Date(open + i * 60_000).toISOString(),
      open: o,
      high: Math.max(o, c) + 100,
      low: Math.min(o, c) - 100,
      close: c,
      volume: 10_000 + i * 500,
      turnover: c * (10_000 + i * 500),
    };
  });
}

export const accountHandlers = [
  http.get(`${API}/account/balance`, ({ request }) => unauthorized(request) ?? HttpResponse.json(balance)),
  http.get(`${API}/account/positions`, ({ request }) => unauthorized(request) ?? HttpResponse.json(positions)),
  // The price chart's bars (the dashboard owns this mock).
  http.get(`${API}/market/bars`, ({ request }) => {
    const denied = unauthorized(request);
    if (denied) return denied;
    const code = new URL(request.url).searchParams.get("code") ?? "";
    if (!/^[0-9A-Z]{6}$/.test(code)) return badRequest(`'${code}' is not a KRX stock code (six digits)`);
    const held = positions.find((p) => p.code === code);
    return HttpResponse.json<Schema<"MarketBars">>({
      code,
      trading_date: "2026-11-24",
      bars: held ? minuteBars(held.avg_price) : [],
    });
  }),
];
