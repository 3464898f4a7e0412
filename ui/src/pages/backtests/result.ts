// A stored backtest run's `result` (the API types it as a plain object): the span's days, summary,
// equity curve and patterns as agent/backtest/span.py stores them. Read defensively: a run
// stored by an older version may lack a field (the page shows "-" rather than failing).

export interface Summary {
  trades: number;
  wins: number;
  win_rate_bps: number;
  realized_pnl: number;
  commission: number;
  tax: number;
  /** Deepest fall of the cumulative realised P&L from its running peak (<= 0, in won). */
  max_drawdown: number;
  avg_return_bps: number | null;
  best: string | null;
  worst: string | null;
}

export interface Day {
  seed: number;
  trading_date: string;
  trades: number;
  orders: number;
  approved: number;
  rejected: number;
  open_positions: number;
  summary: Summary;
}

export interface EquityPoint {
  at: string;
  /** Cumulative realised P&L after this close, in won. */
  equity: number;
  /** Fall from the running peak (<= 0). */
  drawdown: number;
}

export interface PatternRow {
  pattern: string;
  trades: number;
  wins: number;
  win_rate_bps: number;
  avg_return_bps: number;
  realized_pnl: number;
  expectancy_won: number;
  /** Gross profit / gross loss; null without a losing trade. */
  profit_factor: number | null;
}

export interface SpanResult {
  source: string;
  span: string;
  fill_model: string;
  days: Day[];
  /** (day or seed, why) of what could not be run. */
  skipped: [string, string][];
  summary: Summary;
  equity: EquityPoint[];
  patterns: PatternRow[];
}

type Raw = Record<string, unknown>;

const obj = (value: unknown): Raw => (value && typeof value === "object" && !Array.isArray(value) ? (value as Raw) : {});
const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
const num = (value: unknown, fallback = 0): number => (typeof value === "number" && Number.isFinite(value) ? value : fallback);
const numOrNull = (value: unknown): number | null => (typeof value === "number" && Number.isFinite(value) ? value : null);
const str = (value: unknown): string => (typeof value === "string" ? value : value === null || value === undefined ? "" : String(value));
const strOrNull = (value: unknown): string | null => (typeof value === "string" ? value : null);

export function readSummary(value: unknown): Summary {
  const s = obj(value);
  return {
    trades: num(s.trades),
    wins: num(s.wins),
    win_rate_bps: num(s.win_rate_bps),
    realized_pnl: num(s.realized_pnl),
    commission: num(s.commission),
    tax: num(s.tax),
    max_drawdown: num(s.max_drawdown),
    avg_return_bps: numOrNull(s.avg_return_bps),
    best: strOrNull(s.best),
    worst: strOrNull(s.worst),
  };
}

export function readResult(value: unknown): SpanResult {
  const r = obj(value);
  return {
    source: str(r.source),
    span: str(r.span),
    fill_model: str(r.fill_model),
    days: list(r.days).map((item) => {
      const d = obj(item);
      const summary = readSummary(d.summary);
      return {
        seed: num(d.seed),
        trading_date: str(d.trading_date),
        trades: Array.isArray(d.trades) ? d.trades.length : summary.trades,
        orders: num(d.orders),
        approved: num(d.approved),
        rejected: num(d.rejected),
        open_positions: list(d.open_positions).length,
        summary,
      };
    }),
    skipped: list(r.skipped).map((item) => {
      const pair = list(item);
      return [str(pair[0]), str(pair[1])] as [string, string];
    }),
    summary: readSummary(r.summary),
    equity: list(r.equity).map((item) => {
      const p = obj(item);
      return { at: str(p.at), equity: num(p.equity), drawdown: num(p.drawdown) };
    }),
    patterns: list(r.patterns).map((item) => {
      const p = obj(item);
      return {
        pattern: str(p.pattern),
        trades: num(p.trades),
        wins: num(p.wins),
        win_rate_bps: num(p.win_rate_bps),
        avg_return_bps: num(p.avg_return_bps),
        realized_pnl: num(p.realized_pnl),
        expectancy_won: num(p.expectancy_won),
        profit_factor: numOrNull(p.profit_factor),
      };
    }),
  };
}

/** The request body of POST /backtests, from the form. */
export type RunRequest = { seeds: string; date?: string } | { from: string; to: string; without_news: boolean };
