// A signed amount or rate in the Korean colours (red up, blue down), with a sign for screen readers.
import { useI18n } from "../i18n";
import { changeClass, formatBps, formatWon } from "../lib/format";

export function WonChange({ value, className = "" }: { value: number | null | undefined; className?: string }) {
  const { lang } = useI18n();
  return <span className={`tabular-nums ${changeClass(value)} ${className}`}>{formatWon(value, lang, true)}</span>;
}

export function BpsChange({ bps, className = "" }: { bps: number | null | undefined; className?: string }) {
  return <span className={`tabular-nums ${changeClass(bps)} ${className}`}>{formatBps(bps)}</span>;
}
