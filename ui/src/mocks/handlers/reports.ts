import { http, HttpResponse } from "msw";
import { API, type Schema, unauthorized } from "./util";

function day(date: string, realized_pnl: number, trades: number, wins: number, avg_return_bps: number | null, max_drawdown: number, starting_equity: number): Schema<"DailyReport"> {
  return {
    date,
    trades,
    wins,
    win_rate_bps: trades ? Math.floor((wins * 10_000) / trades) : 0,
    realized_pnl,
    commission: trades * 1_500,
    tax: trades * 9_000,
    max_drawdown,
    avg_return_bps,
    starting_equity,
    ending_equity: starting_equity + realized_pnl,
    best_pattern: null,
    worst_pattern: null,
    final: true,
    patterns: [],
    closed: [],
  };
}

/** Newest first, as the API answers. */
export const dailyReports: Schema<"DailyReport">[] = [
  day("2026-11-24", 182_000, 3, 2, 61, -95_000, 50_310_000),
  day("2026-11-23", -240_500, 4, 1, -118, -310_000, 50_550_500),
  day("2026-11-20", 410_000, 2, 2, 205, -40_000, 50_140_500),
  day("2026-11-19", 0, 0, 0, null, 0, 50_140_500),
  day("2026-11-18", 140_500, 3, 2, 47, -120_000, 50_000_000),
];

export const reportsHandlers = [
  http.get(`${API}/reports/metrics`, ({ request }) => {
    const denied = unauthorized(request);
    if (denied) return denied;
    const limit = Number(new URL(request.url).searchParams.get("limit") ?? 90);
    return HttpResponse.json(dailyReports.slice(0, limit));
  }),
  http.get(`${API}/reports/daily`, ({ request }) => {
    const denied = unauthorized(request);
    if (denied) return denied;
    const date = new URL(request.url).searchParams.get("date");
    const found = dailyReports.find((report) => report.date === date);
    return found
      ? HttpResponse.json(found)
      : HttpResponse.json({ status_code: 404, detail: `no results for ${date}` }, { status: 404 });
  }),
];
