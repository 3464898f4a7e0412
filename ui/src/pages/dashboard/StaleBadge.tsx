import { useI18n } from "../../i18n";
import { formatAge } from "../../lib/format";
import { useAge } from "../../lib/useAge";
import type { AccountFreshness } from "./freshness";

/** Beside account figures that are not the broker's now (dashboard/freshness.ts): how old they
 * are, counting on, so nobody takes the last known balance or positions for current ones. */
export function StaleBadge({ freshness, of }: { freshness: AccountFreshness | null; of: "balance" | "positions" | "holdings" }) {
  return freshness?.stale ? <Stale freshness={freshness} of={of} /> : null;
}

function Stale({ freshness, of }: { freshness: AccountFreshness; of: string }) {
  const { t, lang } = useI18n();
  const age = useAge(freshness.ageS, freshness.asOf);
  return (
    <p
      data-testid="stale-badge"
      data-of={of}
      className="inline-flex w-fit items-center gap-1.5 rounded border border-amber-500 bg-amber-50 px-2 py-0.5 text-xs font-medium text-amber-900 dark:bg-amber-950 dark:text-amber-100"
    >
      <span aria-hidden="true">⚠</span>
      {age === null ? t("dashboard.stale.never") : t("dashboard.stale.ago", { age: formatAge(age, lang) })}
    </p>
  );
}
