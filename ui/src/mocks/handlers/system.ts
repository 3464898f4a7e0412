import { http, HttpResponse } from "msw";
import { API, type Schema, unauthorized } from "./util";

export const systemStatus: Schema<"SystemStatus"> = {
  agent_running: true,
  broker_connected: true,
  daily_loss_hit: false,
  entries_paused: false,
  kill_switch: false,
  market_time: "2026-11-24T09:12:05+09:00",
  mode: "demo",
  phase: "continuous",
  realtime_connected: true,
  risk_state: "active",
  trading_date: "2026-11-24",
};

export const actors: Schema<"ActorRow">[] = [
  { id: "scheduler", supervisor: "root", state: "running", restart_count: 0, last_failure: null, last_failure_at: null },
  { id: "gateway", supervisor: "broker", state: "running", restart_count: 1, last_failure: "ConnectionResetError", last_failure_at: "2026-11-24T00:05:00Z" },
];

export const systemEvents: Schema<"SystemEventRow">[] = [
  { id: 1, at: "2026-11-24T00:05:00Z", kind: "actor_restarted", severity: "warning", actor_id: "gateway", reason: "ConnectionResetError", restart_count: 1 },
];

export const systemHandlers = [
  http.get(`${API}/health`, () =>
    HttpResponse.json<Schema<"Health">>({
      status: "ok",
      database: "ok",
      mode: "demo",
      now: "2026-11-24T00:12:05Z",
      started_at: "2026-11-23T23:50:00Z",
      version: "mock",
    }),
  ),
  http.get(`${API}/system/status`, ({ request }) => unauthorized(request) ?? HttpResponse.json(systemStatus)),
  http.get(`${API}/system/actors`, ({ request }) => unauthorized(request) ?? HttpResponse.json(actors)),
  http.get(`${API}/system/events`, ({ request }) => unauthorized(request) ?? HttpResponse.json(systemEvents)),
];
