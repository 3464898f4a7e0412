import { http, HttpResponse } from "msw";
import { API, badRequest, type Schema, unauthorized } from "./util";

export const balance: Schema<"Balance"> = {
  cash: 48_231_500,
  orderable: 48_231_500,
  equity: 101_568_200,
  day_start_equity: 100_000_000,
  open_pnl: 568_200,
  realized_pnl: 1_000_000,
  daily_pnl: 1_568_200,
  reconciled_at: "2026-11-24T00:12:00Z",
};

export const positions: Schema<"Position">[] = [
  { code: "005930", name: "삼성전자", quantity: 100, avg_price: 71_000, price: 72_300, pnl: 130_000, return_bps: 183, stop_price: 68_870 },
  { code: "000660", name: "SK하이닉스", quantity: 20, avg_price: 190_000, price: 187_500, pnl: -50_000, return_bps: -132, stop_price: 184_300 },
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
