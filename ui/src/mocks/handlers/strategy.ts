import { http, HttpResponse } from "msw";
import { API, badRequest, type Schema, unauthorized } from "./util";

export const strategySettings: Schema<"StrategySettings"> = {
  enabled: true,
  top_n: 10,
  news_score_threshold: 60,
  min_change_pct: 2,
  max_change_pct: 15,
  min_volume_ratio: 1.5,
  opening_range_minutes: 5,
  require_breakout: true,
  require_news: true,
  require_vwap: true,
  scan_interval_s: 5,
  window_start: "09:00",
  window_end: "10:00",
};

export const strategyHandlers = [
  http.get(`${API}/strategy/config`, ({ request }) => unauthorized(request) ?? HttpResponse.json(strategySettings)),
  http.put(`${API}/strategy/config`, async ({ request }) => {
    const denied = unauthorized(request);
    if (denied) return denied;
    const body = (await request.json()) as Schema<"StrategySettings">;
    if (body.top_n < 1 || body.top_n > 50) return badRequest("top_n must be between 1 and 50", "top_n");
    return HttpResponse.json(body);
  }),
  http.get(`${API}/strategy/history`, ({ request }) => unauthorized(request) ?? HttpResponse.json<Schema<"ParameterChangeRow">[]>([])),
  http.post(`${API}/strategy/toggle`, ({ request }) =>
    unauthorized(request) ?? HttpResponse.json<Schema<"Accepted">>({ accepted: true, detail: "ok" }, { status: 202 }),
  ),
];
