// The reports API over a few days of closed round trips. Every figure is derived from the trades
// the way agent/learning/reports.py and patterns.py derive them (sums, floored averages, best
// expectancy first, best and worst only with `min_trades`), so the views can be checked against
// one consistent story: 2026-W47 (18-20 Nov, closed), 2026-W48 (23 Nov closed, 24 Nov live).
import { http, HttpResponse } from "msw";
import { API, badRequest, type Schema, unauthorized } from "./util";

type Closed = Schema<"ClosedTradeRow">;
type Pattern = Schema<"PatternRow">;
type Daily = Schema<"DailyReport">;

const MIN_TRADES = 5;

interface Parts {
  reasons: string;
  minute: string;
  news: string;
  rank: string;
  exit: string;
}

const A: Parts = { reasons: "TURNOVER_TOP+VOLUME_SURGE+OR_BREAKOUT", minute: "+05m", news: "news 70-79", rank: "rank 1-3", exit: "take_profit" };
const B: Parts = { reasons: "TURNOVER_TOP+GAINER", minute: "+15m", news: "news -", rank: "rank 4-5", exit: "stop_loss" };
const C: Parts = { reasons: "TURNOVER_TOP+VOLUME_SURGE", minute: "+10m", news: "news 80-89", rank: "rank 1-3", exit: "eod_exit" };
const nameOf = (p: Parts) => `${p.reasons} ${p.minute} ${p.news} ${p.rank} ${p.exit}`;

interface Trade extends Closed {
  commission: number;
  tax: number;
  parts: Parts;
}

/** One round trip on `date` (times are KST); costs as the simulator charges them. */
function trade(date: string, code: string, name: string | null, quantity: number, entry: [string, number], exit: [string, number], parts: Parts): Trade {
  const [entryAt, entryPrice] = entry;
  const [exitAt, exitPrice] = exit;
  const commission = Math.round((entryPrice + exitPrice) * quantity * 0.00015);
  const tax = Math.round(exitPrice * quantity * 0.0018);
  const realized_pnl = (exitPrice - entryPrice) * quantity - commission - tax;
  return {
    code,
    name,
    quantity,
    entry_time: `${date}T${entryAt}+09:00`,
    entry_price: entryPrice,
    exit_time: `${date}T${exitAt}+09:00`,
    exit_price: exitPrice,
    exit_reason: parts.exit,
    realized_pnl,
    return_bps: Math.trunc((realized_pnl * 10_000) / (entryPrice * quantity)),
    pattern: nameOf(parts),
    commission,
    tax,
    parts,
  };
}

interface Session {
  date: string;
  /** Stored at the close; the last day is still trading (no ending equity yet). */
  final: boolean;
  trades: Trade[];
}

interface Day extends Session {
  /** The previous day's ending equity (realised P&L only: the mock holds nothing overnight). */
  starting_equity: number;
}

const win = (date: string, code: string, name: string, qty: number, at: string, price: number, out: string, sold: number, parts: Parts) =>
  trade(date, code, name, qty, [at, price], [out, sold], parts);

/** Oldest first; each day's trades in the order they closed. */
const sessions: Session[] = [
  {
    date: "2026-11-18",
    final: true,
    trades: [
      win("2026-11-18", "005930", "삼성전자", 60, "09:06:10", 71_000, "09:31:40", 72_400, A),
      win("2026-11-18", "000660", "SK하이닉스", 20, "09:16:02", 180_000, "09:22:15", 176_400, B),
      win("2026-11-18", "035420", "NAVER", 25, "09:11:30", 210_000, "15:20:00", 213_500, C),
    ],
  },
  { date: "2026-11-19", final: true, trades: [] },
  {
    date: "2026-11-20",
    final: true,
    trades: [
      win("2026-11-20", "005380", "현대차", 15, "09:07:44", 245_000, "09:48:02", 251_000, A),
      win("2026-11-20", "373220", "LG에너지솔루션", 8, "09:18:20", 402_000, "15:20:00", 404_500, C),
    ],
  },
  {
    date: "2026-11-23",
    final: true,
    trades: [
      win("2026-11-23", "005930", "삼성전자", 70, "09:05:12", 70_500, "09:40:11", 71_900, A),
      win("2026-11-23", "000660", "SK하이닉스", 25, "09:15:40", 178_000, "09:19:58", 174_400, B),
      win("2026-11-23", "035720", "카카오", 100, "09:06:30", 41_200, "09:52:10", 42_050, A),
      win("2026-11-23", "068270", "셀트리온", 30, "09:16:45", 182_500, "09:24:30", 178_900, B),
      win("2026-11-23", "105560", "KB금융", 40, "09:08:05", 98_700, "10:05:20", 100_600, A),
      win("2026-11-23", "247540", "에코프로비엠", 20, "09:17:12", 221_000, "09:21:00", 216_500, B),
      win("2026-11-23", "005490", "POSCO홀딩스", 12, "09:09:59", 372_000, "10:12:44", 379_000, A),
      win("2026-11-23", "207940", "삼성바이오로직스", 5, "09:19:10", 1_012_000, "09:26:31", 992_000, B),
      win("2026-11-23", "055550", "신한지주", 80, "09:07:21", 52_300, "09:20:02", 51_700, A),
      win("2026-11-23", "006400", "삼성SDI", 10, "09:15:05", 318_000, "09:29:40", 311_500, B),
    ],
  },
  {
    date: "2026-11-24",
    final: false,
    trades: [
      win("2026-11-24", "005930", "삼성전자", 70, "09:05:40", 71_300, "09:33:05", 72_700, A),
      trade("2026-11-24", "042700", null, 40, ["09:15:20", 96_000], ["09:18:41", 94_100], B),
      win("2026-11-24", "012450", "한화에어로스페이스", 6, "09:12:02", 412_000, "11:02:18", 418_500, C),
    ],
  },
];

let equity = 50_000_000;
export const days: Day[] = sessions.map((session) => {
  const day = { ...session, starting_equity: equity };
  equity += session.trades.reduce((sum, t) => sum + t.realized_pnl, 0);
  return day;
});

const LAST_SESSION = days.at(-1)!.date;

interface Group {
  parts: Parts;
  trades: Trade[];
}

/** Best expectancy first, then the larger sample, then by name (agent/learning/patterns.py). */
function patternsOf(trades: Trade[]): Pattern[] {
  const groups = new Map<string, Group>();
  for (const t of trades) {
    const key = nameOf(t.parts);
    const group = groups.get(key) ?? { parts: t.parts, trades: [] };
    group.trades.push(t);
    groups.set(key, group);
  }
  const rows = [...groups.values()].map(({ parts, trades: group }): Pattern => {
    const n = group.length;
    const pnl = group.reduce((sum, t) => sum + t.realized_pnl, 0);
    const wins = group.filter((t) => t.realized_pnl > 0).length;
    const gain = group.reduce((sum, t) => sum + Math.max(t.realized_pnl, 0), 0);
    const loss = -group.reduce((sum, t) => sum + Math.min(t.realized_pnl, 0), 0);
    return {
      name: nameOf(parts),
      ...parts,
      trades: n,
      wins,
      win_rate_bps: Math.floor((wins * 10_000) / n),
      avg_return_bps: Math.floor(group.reduce((sum, t) => sum + t.return_bps, 0) / n),
      realized_pnl: pnl,
      expectancy_won: Math.floor(pnl / n),
      profit_factor: loss ? Math.round((gain / loss) * 100) / 100 : null,
    };
  });
  return rows.sort((a, b) => b.expectancy_won - a.expectancy_won || b.trades - a.trades || a.name.localeCompare(b.name));
}

function bestAndWorst(rows: Pattern[], minTrades = MIN_TRADES): [Pattern | null, Pattern | null] {
  const sample = rows.filter((row) => row.trades >= minTrades);
  if (sample.length === 0) return [null, null];
  return [sample[0]!, sample.length > 1 ? sample.at(-1)! : null];
}

function figures(trades: Trade[]) {
  const pnl = trades.reduce((sum, t) => sum + t.realized_pnl, 0);
  const wins = trades.filter((t) => t.realized_pnl > 0).length;
  let cumulative = 0;
  let peak = 0;
  let drawdown = 0;
  for (const t of trades) {
    cumulative += t.realized_pnl;
    peak = Math.max(peak, cumulative);
    drawdown = Math.min(drawdown, cumulative - peak);
  }
  return {
    trades: trades.length,
    wins,
    win_rate_bps: trades.length ? Math.floor((wins * 10_000) / trades.length) : 0,
    realized_pnl: pnl,
    commission: trades.reduce((sum, t) => sum + t.commission, 0),
    tax: trades.reduce((sum, t) => sum + t.tax, 0),
    max_drawdown: drawdown,
    avg_return_bps: trades.length ? Math.floor(trades.reduce((sum, t) => sum + t.return_bps, 0) / trades.length) : null,
  };
}

function closedRow({ commission: _c, tax: _t, parts: _p, ...row }: Trade): Closed {
  return row;
}

/** One day's report; `detail` false gives the figures only (as /metrics and a week's days do). */
export function dailyReport(day: Day, detail = true): Daily {
  const patterns = patternsOf(day.trades);
  const [best, worst] = bestAndWorst(patterns);
  const f = figures(day.trades);
  return {
    date: day.date,
    ...f,
    starting_equity: day.starting_equity,
    ending_equity: day.final ? day.starting_equity + f.realized_pnl : null,
    best_pattern: best?.name ?? null,
    worst_pattern: worst?.name ?? null,
    final: detail && day.final,
    patterns: detail ? patterns : [],
    closed: detail ? day.trades.map(closedRow) : [],
  };
}

function weekOf(date: string): string {
  const time = Date.parse(`${date}T00:00:00Z`);
  const weekday = (new Date(time).getUTCDay() + 6) % 7;
  const thursday = new Date(time + (3 - weekday) * 86_400_000);
  const year = thursday.getUTCFullYear();
  const week = Math.floor((thursday.getTime() - Date.UTC(year, 0, 1)) / 86_400_000 / 7) + 1;
  return `${year}-W${String(week).padStart(2, "0")}`;
}

export function weeklyReport(week: string): Schema<"WeeklyReport"> | null {
  const sessions = days.filter((day) => weekOf(day.date) === week);
  if (sessions.length === 0) return null;
  const trades = sessions.flatMap((day) => day.trades);
  const patterns = patternsOf(trades);
  const [best, worst] = bestAndWorst(patterns);
  const reports = sessions.map((day) => dailyReport(day, false));
  return {
    week,
    first_day: sessions[0]!.date,
    last_day: sessions.at(-1)!.date,
    final: week !== weekOf(LAST_SESSION),
    ...figures(trades),
    starting_equity: reports[0]!.starting_equity,
    ending_equity: reports.at(-1)!.ending_equity,
    best_pattern: best?.name ?? null,
    worst_pattern: worst?.name ?? null,
    days: reports,
    patterns,
  };
}

const notFound = (detail: string) => HttpResponse.json({ status_code: 404, detail }, { status: 404 });
const shift = (date: string, n: number) => new Date(Date.parse(`${date}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

/** Newest first, as the API answers (figures only). */
export const dailyReports: Daily[] = days.map((day) => dailyReport(day, false)).reverse();

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
    // Without a date: the last session.
    const date = new URL(request.url).searchParams.get("date") ?? LAST_SESSION;
    const found = days.find((day) => day.date === date);
    return found ? HttpResponse.json(dailyReport(found)) : notFound(`no results for ${date}`);
  }),
  http.get(`${API}/reports/weekly`, ({ request }) => {
    const denied = unauthorized(request);
    if (denied) return denied;
    const week = new URL(request.url).searchParams.get("week") ?? weekOf(LAST_SESSION);
    if (!/^\d{4}-W\d{2}$/.test(week)) return badRequest("Expected `str` matching regex '^\\d{4}-W\\d{2}$'", "week");
    const report = weeklyReport(week);
    return report ? HttpResponse.json(report) : notFound(`no session of ${week} has begun`);
  }),
  http.get(`${API}/reports/patterns`, ({ request }) => {
    const denied = unauthorized(request);
    if (denied) return denied;
    const params = new URL(request.url).searchParams;
    const last = params.get("to") || LAST_SESSION; // the API's "today"
    const first = params.get("from") || shift(last, -29);
    const minTrades = Number(params.get("min_trades") ?? MIN_TRADES);
    if (first > last) return badRequest(`from (${first}) is after to (${last})`);
    const patterns = patternsOf(days.filter((day) => day.final && day.date >= first && day.date <= last).flatMap((day) => day.trades));
    const [best, worst] = bestAndWorst(patterns, minTrades);
    return HttpResponse.json({ first, last, min_trades: minTrades, best, worst, patterns } satisfies Schema<"PatternReport">);
  }),
];
