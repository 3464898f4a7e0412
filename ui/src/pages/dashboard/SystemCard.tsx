import { useQuery } from "@tanstack/react-query";
import { brokerTone, feedTone, StateDot, useLostFor } from "../../components/LinkState";
import { QueryState } from "../../components/QueryState";
import { labelOf } from "../../components/labels";
import { useI18n, type MessageKey } from "../../i18n";
import type { components } from "../../lib/generated/api";
import { formatDateTime, formatTime } from "../../lib/format";
import { apiQuery } from "../../lib/query";

type SystemStatus = components["schemas"]["SystemStatus"];

/** Running or stopped, mode, market phase, whether the broker answers and where prices come from,
 * and the last fill, at a glance; flags for a lost broker, the freeze, the kill switch, paused
 * entries and the daily loss limit. */
export function SystemCard({ lastFill }: { lastFill: string | null }) {
  const { t } = useI18n();
  const status = useQuery(apiQuery("/api/v1/system/status"));
  return (
    <section
      data-testid="system-status"
      data-running={status.data?.agent_running ?? undefined}
      aria-labelledby="system-status-title"
      className="rounded border border-slate-200 bg-white p-3 dark:border-slate-800 dark:bg-slate-900"
    >
      <h2 id="system-status-title" className="mb-2 text-sm font-semibold">
        {t("dashboard.status")}
      </h2>
      <QueryState query={status}>
        {(s) => <Status status={s} asOf={status.dataUpdatedAt} lastFill={lastFill} />}
      </QueryState>
    </section>
  );
}

function Status({ status: s, asOf, lastFill }: { status: SystemStatus; asOf: number; lastFill: string | null }) {
  const { t } = useI18n();
  const lostFor = useLostFor(s.broker, asOf);
  const lost = lostFor !== null;
  return (
    <>
      <dl className="grid grid-cols-2 gap-x-3 gap-y-1 text-sm sm:grid-cols-4 xl:grid-cols-7">
        <Item label={t("dashboard.agent")}>
          <span className="inline-flex items-center gap-1.5">
            <span aria-hidden="true" className={`h-2 w-2 rounded-full ${s.agent_running ? "bg-emerald-500" : "bg-slate-400"}`} />
            {s.agent_running ? t("dashboard.running") : t("dashboard.stopped")}
          </span>
        </Item>
        <Item label={t("dashboard.mode")}>{s.mode}</Item>
        <Item label={t("dashboard.phase")}>{labelOf(t, "dashboard.phase", s.phase)}</Item>
        <Item label={t("dashboard.marketTime")}>{s.market_time ? formatTime(s.market_time) : "-"}</Item>
        <Item label={t("dashboard.broker")}>
          <span
            data-testid="broker-state"
            data-state={s.broker.state}
            data-tone={brokerTone(s)}
            title={s.broker.last_error ?? undefined}
            className={`inline-flex items-center gap-1.5 ${lost ? "text-red-700 dark:text-red-300" : ""}`}
          >
            <StateDot tone={brokerTone(s)} />
            {t(`common.broker.${s.broker.state}` as MessageKey)}
          </span>
          {lost ? (
            <span data-testid="broker-lost-for" className="block text-xs font-normal text-red-700 dark:text-red-300">
              {lostFor} · {t("common.broker.failures", { count: s.broker.failures })}
            </span>
          ) : null}
        </Item>
        <Item label={t("dashboard.feed")}>
          <span data-testid="feed-state" data-state={s.feed} data-tone={feedTone(s)} className="inline-flex items-center gap-1.5">
            <StateDot tone={feedTone(s)} />
            {t(`common.feed.${s.feed}` as MessageKey)}
          </span>
        </Item>
        <Item label={t("dashboard.lastFill")}>
          <span data-testid="last-fill">{lastFill ? formatDateTime(lastFill) : "-"}</span>
        </Item>
      </dl>
      {(lost || s.frozen || s.kill_switch || s.entries_paused || s.daily_loss_hit) && (
        <p role="alert" className="mt-2 flex flex-wrap gap-2 text-xs">
          {lost && <Flag danger>{t("dashboard.brokerLost", { lastOk: lostFor, count: s.broker.failures })}</Flag>}
          {s.frozen && <Flag danger>{t("dashboard.frozen")}</Flag>}
          {s.kill_switch && <Flag>{t("dashboard.killSwitch")}</Flag>}
          {s.entries_paused && <Flag>{t("dashboard.entriesPaused")}</Flag>}
          {s.daily_loss_hit && <Flag>{t("dashboard.dailyLossHit")}</Flag>}
        </p>
      )}
    </>
  );
}

function Item({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div>
      <dt className="text-xs text-slate-500">{label}</dt>
      <dd className="font-medium tabular-nums">{children}</dd>
    </div>
  );
}

function Flag({ children, danger = false }: { children: string; danger?: boolean }) {
  const colour = danger ? "bg-red-100 text-red-900 dark:bg-red-900 dark:text-red-100" : "bg-amber-100 text-amber-900 dark:bg-amber-900 dark:text-amber-100";
  return <span className={`rounded px-2 py-0.5 ${colour}`}>{children}</span>;
}
