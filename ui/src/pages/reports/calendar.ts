// Dates and ISO weeks for the report views, as the API spells them ("2026-11-24", "2026-W48"),
// computed in UTC so the browser's zone never shifts a day. The browser does not know the KRX
// calendar: stepping by trading day skips weekends only (a holiday answers 404, "no results").

const DAY_MS = 86_400_000;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const WEEK = /^(\d{4})-W(\d{2})$/;

function parse(date: string): number | null {
  const match = DATE.exec(date);
  if (!match) return null;
  const [, y, m, d] = match.map(Number) as [number, number, number, number];
  const time = Date.UTC(y, m - 1, d);
  return new Date(time).getUTCDate() === d ? time : null;
}

function format(time: number): string {
  return new Date(time).toISOString().slice(0, 10);
}

/** A real calendar date written YYYY-MM-DD. */
export function isDate(value: string | null | undefined): value is string {
  return typeof value === "string" && parse(value) !== null;
}

/** Monday 0 ... Sunday 6. */
function weekday(time: number): number {
  return (new Date(time).getUTCDay() + 6) % 7;
}

/** `date` moved by `n` weekdays (Saturdays and Sundays skipped); `date` itself may be any day. */
export function addWeekdays(date: string, n: number): string {
  let time = parse(date);
  if (time === null) throw new Error(`not a date: ${date}`);
  const step = n < 0 ? -1 : 1;
  for (let left = Math.abs(n); left > 0; ) {
    time += step * DAY_MS;
    if (weekday(time) < 5) left -= 1;
  }
  return format(time);
}

/** `date` moved by `n` calendar days. */
export function addDays(date: string, n: number): string {
  const time = parse(date);
  if (time === null) throw new Error(`not a date: ${date}`);
  return format(time + n * DAY_MS);
}

/** The ISO week of `date`: "2026-11-24" -> "2026-W48" (the week belongs to its Thursday's year). */
export function isoWeek(date: string): string {
  const time = parse(date);
  if (time === null) throw new Error(`not a date: ${date}`);
  const thursday = new Date(time + (3 - weekday(time)) * DAY_MS);
  const year = thursday.getUTCFullYear();
  const week = Math.floor((thursday.getTime() - Date.UTC(year, 0, 1)) / DAY_MS / 7) + 1;
  return `${year}-W${String(week).padStart(2, "0")}`;
}

/** The Monday of ISO week `week` ("2026-W48" -> "2026-11-23"), or null when there is no such week. */
export function weekMonday(week: string): string | null {
  const match = WEEK.exec(week);
  if (!match) return null;
  const year = Number(match[1]);
  const jan4 = Date.UTC(year, 0, 4);
  const monday = format(jan4 + (Number(match[2]) - 1) * 7 * DAY_MS - weekday(jan4) * DAY_MS);
  return isoWeek(monday) === week ? monday : null;
}

/** A real ISO week written YYYY-Www (W00, or W53 of a 52-week year, is not). */
export function isWeek(value: string | null | undefined): value is string {
  return typeof value === "string" && weekMonday(value) !== null;
}

/** `week` moved by `n` weeks. */
export function addWeeks(week: string, n: number): string {
  const monday = weekMonday(week);
  if (monday === null) throw new Error(`not an ISO week: ${week}`);
  return isoWeek(addDays(monday, n * 7));
}
