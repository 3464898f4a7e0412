// The broker's and the price feed's state as GET /system/status reports them (`broker`, `feed`),
// in one colour scheme for the header and the dashboard: green when up, red for a broker that
// stopped answering, amber for polled prices or a gap, grey while the agent is off.
import { useI18n } from "../i18n";
import type { components } from "../lib/generated/api";
import { formatAge } from "../lib/format";
import { useAge } from "../lib/useAge";

type SystemStatus = components["schemas"]["SystemStatus"];
type BrokerState = components["schemas"]["BrokerState"];

export type Tone = "ok" | "warn" | "alarm" | "off";

/** Lost is the alarm (calls keep failing); no session while the agent runs is a gap (its gateway
 * restarting); no session while it is stopped, or no call finished yet, is nothing to worry about. */
export function brokerTone(status: Pick<SystemStatus, "broker" | "agent_running">): Tone {
  switch (status.broker.state) {
    case "up":
      return "ok";
    case "lost":
      return "alarm";
    case "down":
      return status.agent_running ? "warn" : "off";
    default:
      return "off";
  }
}

/** What the settings ask for is the norm (realtime, or polling with `kiwoom.realtime = false`);
 * polled quotes standing in for the feed are slower, and a reconnecting feed brings no prices. */
export function feedTone(status: Pick<SystemStatus, "feed" | "feed_configured" | "agent_running">): Tone {
  if (status.feed === status.feed_configured) return "ok";
  if (status.feed === "down" && !status.agent_running) return "off";
  return "warn";
}

const DOT: Record<Tone, string> = {
  ok: "bg-emerald-500",
  warn: "bg-amber-500",
  alarm: "bg-red-600",
  off: "bg-slate-400",
};

export function StateDot({ tone }: { tone: Tone }) {
  return <span aria-hidden="true" className={`h-2 w-2 shrink-0 rounded-full ${DOT[tone]}`} />;
}

/** "마지막 응답 45초 전" while the broker is lost, counting on between polls of the status that
 * answered at `asOf` (ms since the epoch); null otherwise. */
export function useLostFor(broker: BrokerState, asOf: number): string | null {
  const { t, lang } = useI18n();
  const lost = broker.state === "lost";
  const age = useAge(lost ? broker.last_ok_age_s : null, asOf);
  if (!lost) return null;
  return age === null ? t("common.broker.neverOk") : t("common.broker.lastOk", { age: formatAge(age, lang) });
}
