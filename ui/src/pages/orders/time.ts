import { TIME_ZONE } from "../../lib/format";

/** Today's date in Seoul as YYYY-MM-DD, whatever the browser's zone. */
export function seoulToday(now: Date = new Date()): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone: TIME_ZONE, year: "numeric", month: "2-digit", day: "2-digit" }).format(now);
}
