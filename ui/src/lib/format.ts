// Korean market conventions: won with thousands separators, times in Asia/Seoul, and
// red for up, blue for down (the reverse of the US convention).
import type { Lang } from "../i18n";

export const TIME_ZONE = "Asia/Seoul";
const numbers = new Intl.NumberFormat("ko-KR", { maximumFractionDigits: 0 });

/** 1234567 -> "1,234,567원" (ko) or "₩1,234,567" (en); `signed` adds "+" to gains. */
export function formatWon(value: number | null | undefined, lang: Lang = "ko", signed = false): string {
  if (value === null || value === undefined || Number.isNaN(value)) return "-";
  const sign = value < 0 ? "-" : signed && value > 0 ? "+" : "";
  const digits = numbers.format(Math.abs(Math.round(value)));
  return lang === "ko" ? `${sign}${digits}원` : `${sign}₩${digits}`;
}

/** A plain count with separators: 1234567 -> "1,234,567". */
export function formatNumber(value: number | null | undefined): string {
  return value === null || value === undefined ? "-" : numbers.format(value);
}

/** 1.234 -> "+1.23%" (signed by default; the API's rates are percent). */
export function formatPercent(value: number | null | undefined, digits = 2, signed = true): string {
  if (value === null || value === undefined || Number.isNaN(value)) return "-";
  const text = Math.abs(value).toFixed(digits);
  const sign = value < 0 ? "-" : signed && value > 0 ? "+" : "";
  return `${sign}${text}%`;
}

/** Basis points (the API's `return_bps`, `change_bps`) as a percent: 123 -> "+1.23%". */
export function formatBps(bps: number | null | undefined, digits = 2): string {
  return formatPercent(bps === null || bps === undefined ? bps : bps / 100, digits);
}

function toDate(value: string | number | Date): Date {
  return value instanceof Date ? value : new Date(value);
}

/** "09:12:05", in Asia/Seoul whatever the browser's zone. */
export function formatTime(value: string | number | Date | null | undefined): string {
  if (value === null || value === undefined) return "-";
  return new Intl.DateTimeFormat("en-GB", {
    timeZone: TIME_ZONE,
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
    hour12: false,
  }).format(toDate(value));
}

/** "2026-11-24 09:12:05" in Asia/Seoul. */
export function formatDateTime(value: string | number | Date | null | undefined): string {
  if (value === null || value === undefined) return "-";
  const date = new Intl.DateTimeFormat("en-CA", {
    timeZone: TIME_ZONE,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).format(toDate(value));
  return `${date} ${formatTime(value)}`;
}

/** Tailwind classes for a change: red up, blue down (theme colours `up` and `down`). */
export function changeClass(value: number | null | undefined): string {
  if (!value) return "text-flat";
  return value > 0 ? "text-up" : "text-down";
}

/** How long ago, coarse enough to read at a glance: 45 -> "45초" / "45 s", 200 -> "3분" / "3 min",
 * 7500 -> "2시간 5분" / "2 h 5 min" (whole units, rounded down). */
export function formatAge(seconds: number, lang: Lang = "ko"): string {
  const s = Math.max(Math.floor(seconds), 0);
  if (s < 60) return lang === "ko" ? `${s}초` : `${s} s`;
  const minutes = Math.floor(s / 60);
  if (minutes < 60) return lang === "ko" ? `${minutes}분` : `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  if (lang === "ko") return rest ? `${hours}시간 ${rest}분` : `${hours}시간`;
  return rest ? `${hours} h ${rest} min` : `${hours} h`;
}
