import { useQuery } from "@tanstack/react-query";
import { EmptyState } from "../../components/EmptyState";
import { labelOf } from "../../components/labels";
import { QueryState } from "../../components/QueryState";
import { useI18n } from "../../i18n";
import { formatDateTime } from "../../lib/format";
import { apiQuery } from "../../lib/query";

const SEVERITY_STYLE: Record<string, string> = {
  warning: "text-amber-700 dark:text-amber-300",
  error: "text-red-700 dark:text-red-300",
  critical: "font-semibold text-red-700 dark:text-red-300",
};

/** Recent system events, newest first: restarts, escalations, shutdown time-outs. */
export function EventList() {
  const { t } = useI18n();
  const events = useQuery(apiQuery("/api/v1/system/events", { query: { limit: 50 } }));
  return (
    <section aria-labelledby="events-title" className="flex flex-col gap-2">
      <h2 id="events-title" className="text-sm font-semibold">
        {t("system.events")}
      </h2>
      <QueryState query={events}>
        {(rows) =>
          rows.length === 0 ? (
            <EmptyState>{t("system.noEvents")}</EmptyState>
          ) : (
            <div className="overflow-x-auto rounded border border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
              <table className="w-full text-sm">
                <thead className="border-b border-slate-200 bg-slate-50 text-xs text-slate-500 dark:border-slate-800 dark:bg-slate-950">
                  <tr>
                    <th scope="col" className="px-2 py-2 text-left font-medium whitespace-nowrap">{t("system.col.time")}</th>
                    <th scope="col" className="px-2 py-2 text-left font-medium whitespace-nowrap">{t("system.col.severity")}</th>
                    <th scope="col" className="px-2 py-2 text-left font-medium whitespace-nowrap">{t("system.col.kind")}</th>
                    <th scope="col" className="px-2 py-2 text-left font-medium whitespace-nowrap">{t("system.col.actor")}</th>
                    <th scope="col" className="px-2 py-2 text-left font-medium whitespace-nowrap">{t("system.col.reason")}</th>
                  </tr>
                </thead>
                <tbody>
                  {rows.map((event) => (
                    <tr key={event.id} data-testid="system-event" className="border-b border-slate-100 last:border-0 dark:border-slate-800">
                      <td className="px-2 py-2 tabular-nums whitespace-nowrap">{formatDateTime(event.at)}</td>
                      <td className={`px-2 py-2 whitespace-nowrap ${SEVERITY_STYLE[event.severity] ?? ""}`}>{labelOf(t, "system.severity", event.severity)}</td>
                      <td className="px-2 py-2 font-mono text-xs">{event.kind}</td>
                      <td className="px-2 py-2 font-mono text-xs">{event.actor_id ?? "-"}</td>
                      <td className="px-2 py-2 text-xs">
                        {event.reason ?? "-"}
                        {event.restart_count ? ` (#${event.restart_count})` : ""}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </QueryState>
    </section>
  );
}
