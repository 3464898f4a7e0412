// Start and stop the trading agent. Stopping asks once more: positions stay open at the broker.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { QueryState } from "../../components/QueryState";
import { labelOf } from "../../components/labels";
import { useI18n } from "../../i18n";
import { api } from "../../lib/api";
import { apiQuery } from "../../lib/query";

export function AgentControl() {
  const { t } = useI18n();
  const client = useQueryClient();
  const status = useQuery(apiQuery("/api/v1/system/status"));
  const [confirming, setConfirming] = useState(false);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const control = useMutation({
    mutationFn: (action: "start" | "stop") => api.post(action === "start" ? "/api/v1/system/start" : "/api/v1/system/stop"),
    onSuccess: (answer) => setMessage({ ok: true, text: answer.detail }),
    onError: (error) => setMessage({ ok: false, text: t("common.error", { message: error.message }) }),
    onSettled: () => {
      setConfirming(false);
      for (const key of ["/api/v1/system/status", "/api/v1/system/actors", "/api/v1/system/events"]) void client.invalidateQueries({ queryKey: [key] });
    },
  });
  const button = "rounded px-3 py-1 text-sm disabled:opacity-50";
  return (
    <section aria-labelledby="agent-title" data-testid="agent-control" className="rounded border border-slate-200 bg-white p-3 dark:border-slate-800 dark:bg-slate-900">
      <h2 id="agent-title" className="mb-2 text-sm font-semibold">
        {t("system.agent")}
      </h2>
      <QueryState query={status}>
        {(s) => (
          <div className="flex flex-wrap items-center gap-3">
            <span data-testid="agent-state" data-running={s.agent_running} className="inline-flex items-center gap-1.5 font-medium">
              <span aria-hidden="true" className={`h-2.5 w-2.5 rounded-full ${s.agent_running ? "bg-emerald-500" : "bg-slate-400"}`} />
              {s.agent_running ? t("system.running") : t("system.stopped")}
            </span>
            <span className="text-sm text-slate-500">
              {s.mode} · {labelOf(t, "dashboard.phase", s.phase)}
            </span>
            <span className="flex-1" />
            {s.agent_running ? (
              confirming ? (
                <span role="group" aria-label={t("system.stopConfirm")} className="flex flex-wrap items-center gap-2">
                  <span className="text-sm">{t("system.stopConfirm")}</span>
                  <button type="button" autoFocus disabled={control.isPending} onClick={() => control.mutate("stop")} className={`${button} bg-red-700 text-white`}>
                    {control.isPending ? t("system.working") : t("system.confirmStop")}
                  </button>
                  <button type="button" onClick={() => setConfirming(false)} className={`${button} border border-slate-300 dark:border-slate-700`}>
                    {t("system.cancel")}
                  </button>
                </span>
              ) : (
                <button type="button" onClick={() => setConfirming(true)} className={`${button} border border-red-700 text-red-700 dark:border-red-400 dark:text-red-300`}>
                  {t("system.stop")}
                </button>
              )
            ) : (
              <button type="button" disabled={control.isPending} onClick={() => control.mutate("start")} className={`${button} bg-emerald-700 text-white`}>
                {control.isPending ? t("system.working") : t("system.start")}
              </button>
            )}
          </div>
        )}
      </QueryState>
      <p aria-live="polite" className={`mt-2 text-sm ${message?.ok === false ? "text-red-700 dark:text-red-300" : "text-slate-600 dark:text-slate-300"}`}>
        {message?.text}
      </p>
    </section>
  );
}
