import { http, HttpResponse } from "msw";
import { API, type Schema, unauthorized } from "./util";

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

export const accountHandlers = [
  http.get(`${API}/account/balance`, ({ request }) => unauthorized(request) ?? HttpResponse.json(balance)),
  http.get(`${API}/account/positions`, ({ request }) => unauthorized(request) ?? HttpResponse.json(positions)),
];
