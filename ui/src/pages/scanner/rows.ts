// Pure helpers for the scanner table: turnover in 억, surge text, the rows by rank.
import type { components } from "../../lib/generated/api";

/** What GET /scanner/top answers and a scanner_update event carries: one snapshot. */
export type ScannerSnapshot = components["schemas"]["ScannerSnapshot"];
export type ScannerRow = components["schemas"]["ScannerRow"];

/** Today's volume over the previous day's, 23_000 bp of one -> "2.3x". */
export function volumeRatio(bp: number): string {
  return `${(bp / 10_000).toFixed(1)}x`;
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
