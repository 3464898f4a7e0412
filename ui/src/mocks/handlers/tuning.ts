import { http, HttpResponse } from "msw";
import { currentRisk } from "./risk";
import { currentStrategy } from "./strategy";
import { API, type Schema, unauthorized } from "./util";

type Detail = Schema<"StudyDetail">;
type Trial = Schema<"TrialRow">;

// Two studies as `stockagent tune` leaves them: "morning" (one span of seeded days; its best
// changes strategy and risk values) and "week-wf" (walking forward over three windows; its
// best changes strategy values only).
export const studies: Schema<"Studies"> = {
  storage: "sqlite:////home/trader/.stockagent/tuning.db",
  studies: [
    { name: "week-wf", objective: "return", trials: 12, best_value: 0.8123, walk_forward: true, started_at: "2026-11-25T10:00:00+00:00" },
    { name: "morning", objective: "sharpe", trials: 8, best_value: 2.4167, walk_forward: false, started_at: "2026-11-24T09:30:00+00:00" },
  ],
};

const morningBest = { "risk.max_positions": 3, "risk.stop_loss_pct": -3.5, "strategy.min_volume_ratio": 2.5, "strategy.top_n": 12 };

function trial(number: number, state: string, value: number | null, params: Record<string, number>, extra: Partial<Trial> = {}): Trial {
  return { number, state, value, params, duration_s: state === "running" ? null : 4.2 + number, window: null, note: null, ...extra };
}

const morningTrials: Trial[] = [
  trial(0, "complete", 0.91, { "risk.max_positions": 2, "risk.stop_loss_pct": -3, "strategy.min_volume_ratio": 1.5, "strategy.top_n": 10 }),
  trial(1, "complete", 2.4167, morningBest),
  trial(2, "pruned", 0.12, { "risk.max_positions": 5, "risk.stop_loss_pct": -4.75, "strategy.min_volume_ratio": 4, "strategy.top_n": 4 }, { note: "pruned at 0.1200 after 2 of 5 days" }),
  trial(3, "fail", null, { "risk.max_positions": 1, "risk.stop_loss_pct": -5, "strategy.min_volume_ratio": 1, "strategy.top_n": 15 }, { note: "failed: ConfigRejected: invalid setting strategy.max_change_pct" }),
  trial(4, "complete", 1.88, { "risk.max_positions": 4, "risk.stop_loss_pct": -3.25, "strategy.min_volume_ratio": 3, "strategy.top_n": 13 }),
  trial(5, "complete", -0.4, { "risk.max_positions": 6, "risk.stop_loss_pct": -4, "strategy.min_volume_ratio": 5, "strategy.top_n": 3 }),
  trial(6, "pruned", -1.2, { "risk.max_positions": 2, "risk.stop_loss_pct": -4.5, "strategy.min_volume_ratio": 2, "strategy.top_n": 6 }, { note: "pruned at -1.2000 after 1 of 5 days" }),
  trial(7, "running", null, { "risk.max_positions": 3, "risk.stop_loss_pct": -3.75, "strategy.min_volume_ratio": 2.5, "strategy.top_n": 11 }),
];

const wfParams = (top: number, news: number, positions: number) => ({ "risk.max_positions": positions, "strategy.news_score_threshold": news, "strategy.top_n": top });
const seeds = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => `seed ${from + i}`);

const wfTrials: Trial[] = [1, 2, 3].flatMap((window) => [
  trial(0, "complete", 0.2 * window, wfParams(10, 60, 3), { window }),
  trial(1, "complete", [0.4, 0.7, 0.8123][window - 1]!, wfParams(8, 70, 3), { window }),
  trial(2, "pruned", -0.5, wfParams(15, 40, 6), { window, note: "pruned at -0.5000 after 1 of 3 days" }),
  trial(3, "complete", 0.25 * window, wfParams(6, 85, 2), { window }),
]);

function details(): Record<string, Detail> {
  // "current" is what the mock's strategy and risk settings hold now (they change when applied).
  const inForce = (params: string[]): Record<string, number | null> =>
    Object.fromEntries(
      params.map((param) => {
        const [section, field] = param.split(".") as [string, string];
        const settings: Record<string, unknown> = section === "strategy" ? currentStrategy() : currentRisk();
        const value = settings[field];
        return [param, typeof value === "number" ? value : null];
      }),
    );
  return {
    morning: {
      study: { study: "morning", objective: "sharpe", complete: 4, best: { params: morningBest, value: 2.4167, trial: 1, window: null }, trials: morningTrials, windows: [] },
      importance: { "strategy.top_n": 0.46, "risk.stop_loss_pct": 0.31, "strategy.min_volume_ratio": 0.17, "risk.max_positions": 0.06 },
      current: inForce(Object.keys(morningBest)),
    },
    "week-wf": {
      study: {
        study: "week-wf",
        objective: "return",
        complete: 9,
        best: { params: wfParams(8, 70, 3), value: 0.8123, trial: 1, window: 3 },
        trials: wfTrials,
        windows: [
          { window: 1, train: seeds(1, 3), test: seeds(4, 4), complete: 3, in_sample: 0.4, out_of_sample: 0.15, params: wfParams(8, 70, 3) },
          { window: 2, train: seeds(2, 4), test: seeds(5, 5), complete: 3, in_sample: 0.7, out_of_sample: -0.2, params: wfParams(8, 70, 3) },
          { window: 3, train: seeds(3, 5), test: seeds(6, 6), complete: 3, in_sample: 0.8123, out_of_sample: 0.35, params: wfParams(8, 70, 3) },
        ],
      },
      importance: { "strategy.news_score_threshold": 0.7, "strategy.top_n": 0.25, "risk.max_positions": 0.05 },
      current: inForce(Object.keys(wfParams(0, 0, 0))),
    },
  };
}

/** GET /tuning/studies when the study storage cannot be opened (a test's `server.use`). */
export const tuningStorageUnavailable = http.get(`${API}/tuning/studies`, () =>
  HttpResponse.json(
    { status_code: 503, detail: "cannot open the study storage postgresql+psycopg://tuner:***@db:5432/tuning: connection refused" },
    { status: 503 },
  ),
);

/** GET /tuning/studies with no study yet (a test's `server.use`; the demo's answer). */
export const tuningNoStudies = http.get(`${API}/tuning/studies`, () => HttpResponse.json<Schema<"Studies">>({ ...studies, studies: [] }));

export const tuningHandlers = [
  http.get(`${API}/tuning/studies`, ({ request }) => unauthorized(request) ?? HttpResponse.json(studies)),
  http.get(`${API}/tuning/studies/:name`, ({ request, params }) => {
    const denied = unauthorized(request);
    if (denied) return denied;
    const name = String(params.name);
    const found = details()[name];
    return found ? HttpResponse.json(found) : HttpResponse.json({ status_code: 404, detail: `no study named '${name}'` }, { status: 404 });
  }),
];
