import { http, HttpResponse } from "msw";
import { setMockFrozen } from "./system";
import { API, badRequest, changedBy, type Schema, unauthorized } from "./util";

export const riskSettings: Schema<"RiskSettings"> = {
  stop_loss_pct: -3,
  max_weight_pct: 10,
  daily_loss_limit_pct: -2,
  max_positions: 3,
  entry_offset_ticks: 0,
  eod_exit: "flatten",
  eod_exit_time: "15:15",
  capital_won: 20_000_000,
  on_daily_loss: "halt",
  stop_order: "marketable_limit",
  stop_limit_ticks: 3,
  stop_reprice_s: 5,
  stale_price_s: 30,
  allow_security_kinds: [],
  backstop: true,
  backstop_gap_pct: 0.5,
  backstop_slippage_pct: 2,
};

// Saves are remembered like the API does (settings in force, one history row per changed key,
// newest first). Tests call resetRiskMock() before each case.
let current: Schema<"RiskSettings"> = { ...riskSettings };
let history: Schema<"ParameterChangeRow">[] = [];

/** The settings in force now (the tuning mock sets a study's best against them). */
export function currentRisk(): Schema<"RiskSettings"> {
  return current;
}

export function resetRiskMock(): void {
  current = { ...riskSettings };
  history = [];
}

export const riskHandlers = [
  http.get(`${API}/risk/config`, ({ request }) => unauthorized(request) ?? HttpResponse.json(current)),
  http.put(`${API}/risk/config`, async ({ request }) => {
    const denied = unauthorized(request);
    if (denied) return denied;
    const body = (await request.json()) as Schema<"RiskSettings">;
    if (body.stop_loss_pct !== undefined && (body.stop_loss_pct < -5 || body.stop_loss_pct > -3)) {
      return badRequest("stop_loss_pct must be between -5 and -3", "stop_loss_pct");
    }
    if (body.eod_exit_time !== undefined && body.eod_exit_time >= "15:20") {
      return badRequest("invalid setting risk.eod_exit_time: must be before the 15:20 closing auction", "risk.eod_exit_time");
    }
    const at = new Date().toISOString();
    for (const [key, value] of Object.entries(body)) {
      const old = current[key as keyof typeof current];
      if (JSON.stringify(old) !== JSON.stringify(value)) history.unshift({ at, component: "risk", key, old_value: old, new_value: value, changed_by: changedBy(request) });
    }
    current = { ...current, ...body };
    return HttpResponse.json(current);
  }),
  http.get(`${API}/risk/history`, ({ request }) => unauthorized(request) ?? HttpResponse.json(history)),
  http.post(`${API}/risk/kill-switch`, async ({ request }) => {
    const denied = unauthorized(request);
    if (denied) return denied;
    const body = (await request.json()) as Schema<"KillSwitch">;
    return HttpResponse.json<Schema<"Accepted">>(
      { accepted: true, detail: body.engaged ? "kill switch engaged" : "kill switch released" },
      { status: 202 },
    );
  }),
  http.post(`${API}/risk/emergency-sell`, async ({ request }) => {
    const denied = unauthorized(request);
    if (denied) return denied;
    const body = (await request.json()) as Schema<"EmergencySell">;
    if (body.confirm !== "LIQUIDATE") return badRequest('send {"confirm": "LIQUIDATE"}', "confirm");
    const whose =
      body.scope === "all" ? "the agent's positions and the user's own holdings" : "the agent's positions (the user's holdings are left alone)";
    return HttpResponse.json<Schema<"Accepted">>({ accepted: true, detail: `liquidation of ${whose} requested; kill switch engaged` }, { status: 202 });
  }),
  http.post(`${API}/risk/freeze`, async ({ request }) => {
    const denied = unauthorized(request);
    if (denied) return denied;
    const body = (await request.json()) as Schema<"Freeze">;
    setMockFrozen(body.frozen);
    return HttpResponse.json<Schema<"Accepted">>(
      { accepted: true, detail: body.frozen ? "frozen: the agent sends no automatic order, stops included" : "automatic orders resumed" },
      { status: 202 },
    );
  }),
];
