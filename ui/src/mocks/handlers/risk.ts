import { http, HttpResponse } from "msw";
import { API, badRequest, type Schema, unauthorized } from "./util";

export const riskSettings: Schema<"RiskSettings"> = {
  stop_loss_pct: -3,
  max_weight_pct: 10,
  daily_loss_limit_pct: -2,
  max_positions: 3,
  entry_offset_ticks: 0,
  eod_exit: "flatten",
  eod_exit_time: "15:15",
};

const accepted = () => HttpResponse.json<Schema<"Accepted">>({ accepted: true, detail: "ok" }, { status: 202 });

export const riskHandlers = [
  http.get(`${API}/risk/config`, ({ request }) => unauthorized(request) ?? HttpResponse.json(riskSettings)),
  http.put(`${API}/risk/config`, async ({ request }) => {
    const denied = unauthorized(request);
    if (denied) return denied;
    const body = (await request.json()) as Schema<"RiskSettings">;
    if (body.stop_loss_pct < -5 || body.stop_loss_pct > -3) {
      return badRequest("stop_loss_pct must be between -5 and -3", "stop_loss_pct");
    }
    return HttpResponse.json(body);
  }),
  http.get(`${API}/risk/history`, ({ request }) => unauthorized(request) ?? HttpResponse.json<Schema<"ParameterChangeRow">[]>([])),
  http.post(`${API}/risk/kill-switch`, ({ request }) => unauthorized(request) ?? accepted()),
  http.post(`${API}/risk/emergency-sell`, async ({ request }) => {
    const denied = unauthorized(request);
    if (denied) return denied;
    const body = (await request.json()) as Schema<"EmergencySell">;
    return body.confirm === "LIQUIDATE" ? accepted() : badRequest('send {"confirm": "LIQUIDATE"}', "confirm");
  }),
];
