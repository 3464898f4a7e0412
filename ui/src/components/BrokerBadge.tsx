// Beside the live connection's badge in the header, on every page: whether the broker answers
// and where prices come from (GET /system/status `broker`, `feed`). The shell's freeze banner
// polls the status and system events refetch it, so this shows a lost broker within seconds.
import { useQuery } from "@tanstack/react-query";
import { useI18n, type MessageKey } from "../i18n";
import type { components } from "../lib/generated/api";
import { apiQuery } from "../lib/query";
import { brokerTone, feedTone, StateDot, type Tone, useLostFor } from "./LinkState";

type SystemStatus = components["schemas"]["SystemStatus"];

const PILL: Record<Tone, string> = {
  ok: "border-slate-300 dark:border-slate-700",
  off: "border-slate-300 text-slate-500 dark:border-slate-700",
  warn: "border-amber-500 bg-amber-50 text-amber-900 dark:bg-amber-950 dark:text-amber-100",
  alarm: "border-red-600 bg-red-50 font-semibold text-red-800 dark:bg-red-950 dark:text-red-200",
};
const BASE = "inline-flex items-center gap-1.5 rounded-full border px-2 py-0.5 text-xs";

export function BrokerBadge() {
  const status = useQuery(apiQuery("/api/v1/system/status"));
  return status.data ? <Badges status={status.data} asOf={status.dataUpdatedAt} /> : null;
}

function Badges({ status: s, asOf }: { status: SystemStatus; asOf: number }) {
  const { t } = useI18n();
  const lostFor = useLostFor(s.broker, asOf);
  const tone = brokerTone(s);
  const label = `${t("common.broker.label")} ${t(`common.broker.${s.broker.state}` as MessageKey)}`;
  const failures = s.broker.failures > 0 ? t("common.broker.failures", { count: s.broker.failures }) : null;
  const title = [label, lostFor, failures, s.broker.last_error].filter(Boolean).join(" · ");
  // Prices are shown apart only when they do not come as configured (and the agent runs): the
  // norm needs no pill.
  const feedShown = s.agent_running && s.feed !== s.feed_configured;
  return (
    <>
      <span role="status" aria-live="polite" title={title} data-testid="broker-badge" data-state={s.broker.state} data-tone={tone} className={`${BASE} ${PILL[tone]}`}>
        <StateDot tone={tone} />
        {lostFor ? `${label} · ${lostFor}` : label}
      </span>
      {feedShown ? (
        <span data-testid="feed-badge" data-state={s.feed} data-tone={feedTone(s)} className={`${BASE} ${PILL[feedTone(s)]}`}>
          <StateDot tone={feedTone(s)} />
          {`${t("common.feed.label")} ${t(`common.feed.${s.feed}` as MessageKey)}`}
        </span>
      ) : null}
    </>
  );
}
