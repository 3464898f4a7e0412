// Pure helpers for the scanner table: the live event's snapshot, turnover in 억, surge text.
import type { components } from "../../lib/generated/api";

export type ScannerTop = components["schemas"]["ScannerSnapshot"];
export type ScannerRow = components["schemas"]["ScannerRow"];

/** Today's volume over the previous day's, 23_000 bp of one -> "2.3x". */
export function volumeRatio(bp: number): string {
  return `${(bp / 10_000).toFixed(1)}x`;
}

/** A scanner_update event's data when it is a whole snapshot, else null (then refetch). */
export function snapshotOf(data: unknown): ScannerTop | null {
  if (!data || typeof data !== "object") return null;
  const value = data as Partial<ScannerTop>;
  if (!Array.isArray(value.rows) || !Array.isArray(value.watched)) return null;
  return { at: value.at ?? null, rows: value.rows, watched: value.watched };
}

const eokFormat = new Intl.NumberFormat("ko-KR", { maximumFractionDigits: 0 });
const billionFormat = new Intl.NumberFormat("en-US", { minimumFractionDigits: 1, maximumFractionDigits: 1 });

/** 812_000_000_000 won -> "8,120" (억, ko) or "812.0" (billion, en). */
export function turnoverUnits(won: number, lang: "ko" | "en"): string {
  return lang === "ko" ? eokFormat.format(Math.round(won / 1e8)) : billionFormat.format(won / 1e9);
}

/** Rows by rank (unranked last), as the scanner published them otherwise. */
export function byRank(rows: ScannerRow[]): ScannerRow[] {
  return [...rows].sort((a, b) => (a.rank ?? Number.MAX_SAFE_INTEGER) - (b.rank ?? Number.MAX_SAFE_INTEGER));
}
