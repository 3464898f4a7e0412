import { delay, http, HttpResponse } from "msw";
import { currentRisk } from "./risk";
import { currentStrategy } from "./strategy";
import { API, type Schema, unauthorized } from "./util";

type Run = Schema<"BacktestRunRow">;
type Detail = Schema<"BacktestRunDetail">;

const FILL_SEEDS = "synthetic days: the simulator's matching engine against the seeded tape and ten-level book (krxsim/exchange/engine.py)";
const FILL_BARS = "fetched days: each minute bar printed four times 15 s apart (agent/backtest/bars.py)";
const MAX_DAYS = 20;

function summary(pnls: number[]) {
  const wins = pnls.filter((p) => p > 0).length;
  let cumulative = 0;
  let peak = 0;
  let deepest = 0;
  for (const p of pnls) {
    cumulative += p;
    peak = Math.max(peak, cumulative);
    deepest = Math.min(deepest, cumulative - peak);
  }
  return {
    trades: pnls.length,
    wins,
    win_rate_bps: pnls.length ? Math.floor((wins * 10_000) / pnls.length) : 0,
    realized_pnl: cumulative,
    commission: pnls.length * 1_500,
    tax: pnls.length * 9_000,
    max_drawdown: deepest,
    avg_return_bps: pnls.length ? Math.round(pnls.reduce((s, p) => s + p, 0) / pnls.length / 1_000) : null,
    best: pnls.length ? "005930" : null,
    worst: pnls.length ? "000660" : null,
  };
}

/** A span's result as agent/backtest/span.py stores it, made up from each day's trade P&Ls. */
function result(source: "seeds" | "days", span: string, days: { seed: number; date: string; pnls: number[] }[], skipped: [string, string][] = []) {
  const equity: { at: string; equity: number; drawdown: number }[] = [];
  let cumulative = 0;
  let peak = 0;
  for (const day of days) {
    day.pnls.forEach((pnl, i) => {
      cumulative += pnl;
      peak = Math.max(peak, cumulative);
      const at = new Date(Date.parse(`${day.date}T00:30:00Z`) + i * 40 * 60_000).toISOString();
      equity.push({ at, equity: cumulative, drawdown: cumulative - peak });
    });
  }
  const all = days.flatMap((d) => d.pnls);
  return {
    source,
    span,
    fill_model: source === "seeds" ? FILL_SEEDS : FILL_BARS,
    days: days.map((day) => ({
      seed: day.seed,
      trading_date: day.date,
      initial_cash: 20_000_000,
      leaders: ["005930", "000660"],
      trades: day.pnls.map((pnl, i) => ({ code: i % 2 ? "000660" : "005930", realized_pnl: pnl, return_bps: Math.round(pnl / 1_000) })),
      open_positions: [],
      orders: day.pnls.length * 2 + 1,
      refused: [],
      approved: day.pnls.length + 1,
      rejected: 1,
      rejections: [["MAX_POSITIONS", 1]],
      ending_cash: 20_000_000 + day.pnls.reduce((s, p) => s + p, 0),
      summary: summary(day.pnls),
    })),
    skipped,
    summary: summary(all),
    equity,
    patterns: all.length
      ? [
          { pattern: "TURNOVER_TOP+VOLUME_SURGE+OR_BREAKOUT +05m news 80-89 rank 1-3 eod_exit", trades: 3, wins: 2, win_rate_bps: 6666, avg_return_bps: 142, realized_pnl: 215_000, expectancy_won: 71_666, profit_factor: 3.4 },
          { pattern: "TURNOVER_TOP+OR_BREAKOUT +10m news 60-69 rank 6-10 stop_loss", trades: 2, wins: 0, win_rate_bps: 0, avg_return_bps: -310, realized_pnl: -122_000, expectancy_won: -61_000, profit_factor: null },
        ]
      : [],
  };
}

function parameters() {
  return { strategy: { ...currentStrategy() }, risk: { ...currentRisk() }, execution: { slice_qty: 0, market_resend_s: 5 } };
}

let runs: Detail[] = [];
let nextId = 1;

function store(source: "seeds" | "days", span: string, days: { seed: number; date: string; pnls: number[] }[], startedAt: string, skipped: [string, string][] = []): Detail {
  const made = result(source, span, days, skipped);
  const detail: Detail = {
    run: {
      id: nextId++,
      started_at: startedAt,
      source,
      span,
      days: days.length,
      trades: made.summary.trades,
      realized_pnl: made.summary.realized_pnl,
      max_drawdown: made.summary.max_drawdown,
    },
    parameters: parameters(),
    result: made,
  };
  runs.unshift(detail);
  return detail;
}

/** Two stored runs: five seeded days, and a week of fetched days with one skipped. */
export function resetBacktestsMock(): void {
  runs = [];
  nextId = 1;
  store(
    "seeds",
    "1-5",
    [1, 2, 3, 4, 5].map((seed) => ({ seed, date: "2026-11-24", pnls: [[120_000, -45_000], [80_500], [], [-60_000, 30_000, 95_000], [41_000]][seed - 1]! })),
    "2026-11-24T08:00:00Z",
  );
  store(
    "days",
    "2026-11-16..2026-11-20",
    ["2026-11-16", "2026-11-17", "2026-11-18", "2026-11-20"].map((date, i) => ({ seed: 0, date, pnls: [[70_000], [-20_000, 15_000], [], [33_000]][i]! })),
    "2026-11-24T09:10:00Z",
    [["2026-11-19", "no minute bars stored (stockagent data fetch)"]],
  );
}
resetBacktestsMock();

/** Weekdays from `from` to `to` (the mock's trading calendar: no holidays). */
function tradingDays(from: string, to: string): string[] {
  const out: string[] = [];
  for (let at = Date.parse(`${from}T00:00:00Z`); at <= Date.parse(`${to}T00:00:00Z`); at += 86_400_000) {
    const day = new Date(at);
    if (day.getUTCDay() !== 0 && day.getUTCDay() !== 6) out.push(day.toISOString().slice(0, 10));
  }
  return out;
}

const invalid = (detail: string) => HttpResponse.json({ status_code: 400, detail, extra: null }, { status: 400 });
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const FIELDS = new Set(["seeds", "date", "from", "to", "without_news"]);

export const backtestsHandlers = [
  http.get(`${API}/backtests`, ({ request }) => {
    const denied = unauthorized(request);
    if (denied) return denied;
    const limit = Number(new URL(request.url).searchParams.get("limit") ?? 50);
    return HttpResponse.json<Run[]>(runs.slice(0, limit).map((r) => r.run));
  }),
  http.get(`${API}/backtests/:id`, ({ request, params }) => {
    const denied = unauthorized(request);
    if (denied) return denied;
    const found = runs.find((r) => String(r.run.id) === params.id);
    return found ? HttpResponse.json(found) : HttpResponse.json({ status_code: 404, detail: `no backtest run ${String(params.id)}` }, { status: 404 });
  }),
  http.get(`${API}/backtests/:id/report`, ({ request, params }) => {
    const denied = unauthorized(request);
    if (denied) return denied;
    const found = runs.find((r) => String(r.run.id) === params.id);
    if (!found) return HttpResponse.json({ status_code: 404, detail: `no backtest run ${String(params.id)}` }, { status: 404 });
    return HttpResponse.html(
      `<!doctype html><html><head><meta charset="utf-8"><title>Backtest ${found.run.span}</title></head><body><h1>Backtest ${found.run.span}</h1><svg width="10" height="10"></svg></body></html>`,
    );
  }),
  // As POST /backtests checks and runs a request (the mock answers at once in tests, after a
  // realistic pause in the browser).
  http.post(`${API}/backtests`, async ({ request }) => {
    const denied = unauthorized(request);
    if (denied) return denied;
    const body = (await request.json()) as Record<string, unknown>;
    const unknown = Object.keys(body).filter((key) => !FIELDS.has(key));
    if (unknown.length) return invalid(`Validation failed for POST /api/v1/backtests: Object contains unknown field \`${unknown[0]}\``);
    const seeds = body.seeds as string | null | undefined;
    const from = body.from as string | null | undefined;
    const to = body.to as string | null | undefined;
    const fetched = from != null || to != null;
    if (fetched === (seeds != null)) return invalid("give seeds (A-B), or from and to (fetched days)");
    await delay();
    if (seeds != null) {
      if (!/^\d{1,6}(-\d{1,6})?$/.test(seeds)) return invalid(`Validation failed for POST /api/v1/backtests: Expected \`str\` matching regex '^\\d{1,6}(-\\d{1,6})?$' - at \`$.seeds\``);
      const [low, high = low] = seeds.split("-").map(Number) as [number, number?];
      const count = high - low + 1;
      if (count < 1 || count > MAX_DAYS) return invalid(`seeds: A-B with A <= B, at most ${MAX_DAYS} of them`);
      const date = typeof body.date === "string" && DATE.test(body.date) ? body.date : "2026-11-24";
      const days = Array.from({ length: count }, (_, i) => ({ seed: low + i, date, pnls: i % 3 === 2 ? [] : [35_000 * ((i % 4) - 1), 12_000] }));
      return HttpResponse.json<Run>(store("seeds", `${low}-${high}`, days, new Date().toISOString()).run, { status: 201 });
    }
    if (body.without_news !== true && currentStrategy().require_news) {
      return invalid("fetched days carry no news scores and strategy.require_news is on: set without_news");
    }
    if (!from || !to || !DATE.test(from) || !DATE.test(to) || from > to) return invalid("from and to go together, from not after to");
    const days = tradingDays(from, to);
    if (days.length > MAX_DAYS) return invalid(`at most ${MAX_DAYS} trading days a request`);
    if (days.length === 0) return invalid(`no fetched day from ${from} to ${to}: stockagent data fetch first`);
    const run = store("days", `${from}..${to}`, days.map((date, i) => ({ seed: 0, date, pnls: i % 2 ? [-15_000] : [22_000] })), new Date().toISOString());
    return HttpResponse.json<Run>(run.run, { status: 201 });
  }),
];
