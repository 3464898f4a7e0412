import { http, HttpResponse } from "msw";
import { API, badRequest, changedBy, type Schema, unauthorized } from "./util";

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

// The mock remembers saves like the API does: the settings in force and one history row per
// changed key, newest first. Tests call resetStrategyMock() before each case.
let current: Schema<"StrategySettings"> = { ...strategySettings };
let history: Schema<"ParameterChangeRow">[] = [];

/** The settings in force now (the tuning mock sets a study's best against them). */
export function currentStrategy(): Schema<"StrategySettings"> {
  return current;
}

export function resetStrategyMock(): void {
  current = { ...strategySettings };
  history = [];
}

export const strategyHandlers = [
  http.get(`${API}/strategy/config`, ({ request }) => unauthorized(request) ?? HttpResponse.json(current)),
  http.put(`${API}/strategy/config`, async ({ request }) => {
    const denied = unauthorized(request);
    if (denied) return denied;
    const body = (await request.json()) as Schema<"StrategySettings">;
    if (body.top_n < 1 || body.top_n > 50) return badRequest("top_n must be between 1 and 50", "top_n");
    if ((body.max_change_pct ?? 0) <= (body.min_change_pct ?? 0)) {
      return badRequest(
        `invalid setting strategy.max_change_pct: must be greater than strategy.min_change_pct ${body.min_change_pct}`,
        "strategy.max_change_pct",
      );
    }
    const at = new Date().toISOString();
    for (const [key, value] of Object.entries(body)) {
      const old = current[key as keyof typeof current];
      if (old !== value) history.unshift({ at, component: "strategy", key, old_value: old, new_value: value, changed_by: changedBy(request) });
    }
    current = { ...current, ...body };
    return HttpResponse.json(current);
  }),
  http.get(`${API}/strategy/history`, ({ request }) => unauthorized(request) ?? HttpResponse.json(history)),
  http.post(`${API}/strategy/toggle`, async ({ request }) => {
    const denied = unauthorized(request);
    if (denied) return denied;
    const body = (await request.json()) as Schema<"EntriesToggle">;
    return HttpResponse.json<Schema<"Accepted">>({ accepted: true, detail: body.enabled ? "entries enabled" : "entries paused" }, { status: 202 });
  }),
];
