import { http, HttpResponse } from "msw";
import { API, type Schema, unauthorized } from "./util";

// A healthy morning: the broker answered a second ago, prices stream in, and the account last
// matched the broker 5 s ago (the balance mock's `reconciled_at`).
export const systemStatus: Schema<"SystemStatus"> = {
  account_age_s: 5,
  account_reconciled_at: "2026-11-24T00:12:00Z",
  account_stale: false,
  agent_running: true,
  broker: { state: "up", last_ok_at: "2026-11-24T00:12:04Z", last_ok_age_s: 1.2, failures: 0, last_error: null },
  broker_connected: true,
  daily_loss_hit: false,
  entries_paused: false,
  feed: "realtime",
  feed_configured: "realtime",
  frozen: false,
  kill_switch: false,
  market_time: "2026-11-24T09:12:05+09:00",
  mode: "demo",
  phase: "continuous",
  realtime_connected: true,
  risk_state: "active",
  trading_date: "2026-11-24",
};

// The freeze is remembered like the agent does (POST /risk/freeze sets it, the status shows it).
// src/test/setup.ts calls resetSystemMock() after each test.
let frozen = systemStatus.frozen;

export function setMockFrozen(next: boolean): void {
  frozen = next;
}

export function resetSystemMock(): void {
  frozen = systemStatus.frozen;
}

export const actors: Schema<"ActorRow">[] = [
  { id: "scheduler", supervisor: "root", state: "running", restart_count: 0, last_failure: null, last_failure_at: null },
  { id: "gateway", supervisor: "broker", state: "running", restart_count: 1, last_failure: "ConnectionResetError", last_failure_at: "2026-11-24T00:05:00Z" },
  { id: "router", supervisor: "broker", state: "running", restart_count: 0, last_failure: null, last_failure_at: null },
  { id: "stock/005930", supervisor: "stock", state: "running", restart_count: 0, last_failure: null, last_failure_at: null },
];

export const systemEvents: Schema<"SystemEventRow">[] = [
  { id: 1, at: "2026-11-24T00:05:00Z", kind: "actor_restarted", severity: "warning", actor_id: "gateway", reason: "ConnectionResetError", restart_count: 1 },
];

const accepted = (detail: string) => HttpResponse.json<Schema<"Accepted">>({ accepted: true, detail }, { status: 202 });

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
  http.get(`${API}/system/status`, ({ request }) => unauthorized(request) ?? HttpResponse.json({ ...systemStatus, frozen })),
  http.get(`${API}/system/actors`, ({ request }) => unauthorized(request) ?? HttpResponse.json(actors)),
  http.get(`${API}/system/events`, ({ request }) => unauthorized(request) ?? HttpResponse.json(systemEvents)),
  http.post(`${API}/system/actors/:id/restart`, ({ request, params }) => {
    const denied = unauthorized(request);
    if (denied) return denied;
    if (!actors.some((a) => a.id === params.id)) {
      return HttpResponse.json({ status_code: 404, detail: `no running actor ${String(params.id)}` }, { status: 404 });
    }
    return accepted(`${String(params.id)} is restarting`);
  }),
  http.post(`${API}/system/start`, ({ request }) => unauthorized(request) ?? accepted("the agent is running")),
  http.post(`${API}/system/stop`, ({ request }) => unauthorized(request) ?? accepted("the agent is stopped")),
];
