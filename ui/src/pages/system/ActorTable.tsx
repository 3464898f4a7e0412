// The supervision tree as a table grouped by supervisor, with a restart button per actor.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { EmptyState } from "../../components/EmptyState";
import { labelOf } from "../../components/labels";
import { QueryState } from "../../components/QueryState";
import { useI18n } from "../../i18n";
import { api } from "../../lib/api";
import { formatDateTime, formatNumber } from "../../lib/format";
import type { components } from "../../lib/generated/api";
import { apiQuery } from "../../lib/query";

type Actor = components["schemas"]["ActorRow"];

/** Stock actors come and go with the watch list (unwatch and watch a code): no restart button. */
const restartable = (actor: Actor) => !actor.id.startsWith("stock/") && actor.id !== "root";

const STATE_STYLE: Record<string, string> = {
  running: "bg-emerald-100 text-emerald-900 dark:bg-emerald-900 dark:text-emerald-100",
  starting: "bg-amber-100 text-amber-900 dark:bg-amber-900 dark:text-amber-100",
  restarting: "bg-amber-100 text-amber-900 dark:bg-amber-900 dark:text-amber-100",
  failed: "bg-red-100 text-red-900 dark:bg-red-900 dark:text-red-100",
};

export function ActorTable() {
  const { t } = useI18n();
  const actors = useQuery(apiQuery("/api/v1/system/actors"));
  const client = useQueryClient();
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const restart = useMutation({
    mutationFn: (id: string) => api.post("/api/v1/system/actors/{actor_id}/restart", { path: { actor_id: id } }),
    onSuccess: (_, id) => {
      setMessage({ ok: true, text: t("system.restarted", { actor: id }) });
      void client.invalidateQueries({ queryKey: ["/api/v1/system/actors"] });
      void client.invalidateQueries({ queryKey: ["/api/v1/system/events"] });
    },
    onError: (error) => setMessage({ ok: false, text: t("common.error", { message: error.message }) }),
  });

  return (
    <section aria-labelledby="actors-title" className="flex flex-col gap-2">
      <h2 id="actors-title" className="text-sm font-semibold">
        {t("system.tree")} {actors.data ? `(${t("system.actors", { count: actors.data.length })})` : ""}
      </h2>
      <p aria-live="polite" className={`text-sm ${message?.ok === false ? "text-red-700 dark:text-red-300" : "text-emerald-700 dark:text-emerald-300"}`}>
        {message?.text}
      </p>
      <QueryState query={actors}>
        {(rows) =>
          rows.length === 0 ? (
            <EmptyState>{t("system.noActors")}</EmptyState>
          ) : (
            <div className="overflow-x-auto rounded border border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
              <table className="w-full text-sm">
                <thead className="border-b border-slate-200 bg-slate-50 text-xs text-slate-500 dark:border-slate-800 dark:bg-slate-950">
                  <tr>
                    <th scope="col" className="px-2 py-2 text-left font-medium whitespace-nowrap">{t("system.col.actor")}</th>
                    <th scope="col" className="px-2 py-2 text-left font-medium whitespace-nowrap">{t("system.col.state")}</th>
                    <th scope="col" className="px-2 py-2 text-right font-medium whitespace-nowrap">{t("system.col.restarts")}</th>
                    <th scope="col" className="px-2 py-2 text-left font-medium whitespace-nowrap">{t("system.col.lastFailure")}</th>
                    <th scope="col" className="px-2 py-2 text-left font-medium whitespace-nowrap">{t("system.col.action")}</th>
                  </tr>
                </thead>
                {groups(rows).map(([supervisor, children]) => (
                  <tbody key={supervisor}>
                    <tr className="bg-slate-50 dark:bg-slate-950">
                      <th scope="rowgroup" colSpan={5} className="px-2 py-1 text-left text-xs font-semibold text-slate-600 dark:text-slate-300">
                        {supervisor}
                      </th>
                    </tr>
                    {children.map((actor) => (
                      <tr key={actor.id} data-testid="actor-row" data-actor={actor.id} data-state={actor.state} className="border-b border-slate-100 last:border-0 dark:border-slate-800">
                        <td className="px-2 py-2 pl-5 font-mono text-xs">{actor.id}</td>
                        <td className="px-2 py-2">
                          <span className={`rounded px-2 py-0.5 text-xs ${STATE_STYLE[actor.state] ?? "bg-slate-200 text-slate-700 dark:bg-slate-700 dark:text-slate-200"}`}>{labelOf(t, "system.state", actor.state)}</span>
                        </td>
                        <td className={`px-2 py-2 text-right tabular-nums ${actor.restart_count > 0 ? "font-semibold text-amber-700 dark:text-amber-300" : ""}`}>
                          {formatNumber(actor.restart_count)}
                        </td>
                        <td className="px-2 py-2 text-xs">
                          {actor.last_failure ? (
                            <>
                              <span className="block">{actor.last_failure}</span>
                              <span className="text-slate-500 tabular-nums">{formatDateTime(actor.last_failure_at)}</span>
                            </>
                          ) : (
                            "-"
                          )}
                        </td>
                        <td className="px-2 py-2">
                          {restartable(actor) && (
                            <button
                              type="button"
                              disabled={restart.isPending}
                              onClick={() => restart.mutate(actor.id)}
                              aria-label={t("system.restartLabel", { actor: actor.id })}
                              className="rounded border border-slate-300 px-2 py-0.5 text-xs hover:bg-slate-100 disabled:opacity-50 dark:border-slate-700 dark:hover:bg-slate-800"
                            >
                              {t("system.restart")}
                            </button>
                          )}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                ))}
              </table>
            </div>
          )
        }
      </QueryState>
    </section>
  );
}

function groups(rows: Actor[]): [string, Actor[]][] {
  const out = new Map<string, Actor[]>();
  for (const row of rows) out.set(row.supervisor, [...(out.get(row.supervisor) ?? []), row]);
  return [...out.entries()];
}
