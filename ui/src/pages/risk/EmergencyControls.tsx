// The emergency brake: the kill switch (halts new entries only), the freeze (stops every automatic
// order, stops included) and the liquidation of the agent's positions (risk/Liquidate.tsx); the
// freeze and the liquidation ask first in a dialog. States come from /system/status, refreshed
// on system_status.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { FreezeToggle } from "../../components/FreezeToggle";
import { useOptimisticFlag } from "../../components/useOptimisticFlag";
import { useI18n } from "../../i18n";
import { api } from "../../lib/api";
import { apiQuery } from "../../lib/query";
import { useLiveInvalidate } from "../../lib/useLive";
import { Liquidate } from "./Liquidate";

const STATUS = "/api/v1/system/status";
const REASON = "operator (dashboard)";

export function EmergencyControls() {
  const { t } = useI18n();
  return (
    <section aria-labelledby="risk-controls-title" className="mb-8 rounded-lg border border-red-300 p-4 dark:border-red-900">
      <h2 id="risk-controls-title" className="mb-3 text-lg font-semibold">
        {t("risk.controls")}
      </h2>
      <div className="grid gap-6 md:grid-cols-2 xl:grid-cols-3">
        <KillSwitch />
        <Freeze />
        <Liquidate />
      </div>
    </section>
  );
}

function KillSwitch() {
  const { t } = useI18n();
  const client = useQueryClient();
  const status = useQuery(apiQuery(STATUS));
  useLiveInvalidate(["system_status"], [STATUS]);
  const [engaged, setEngaged] = useOptimisticFlag(status.data?.kill_switch);
  const [error, setError] = useState<string | null>(null);
  const send = useMutation({
    mutationFn: (next: boolean) => api.post("/api/v1/risk/kill-switch", { body: { engaged: next, reason: REASON } }),
    onSuccess: (_, next) => {
      setError(null);
      setEngaged(next);
      void client.invalidateQueries({ queryKey: [STATUS] });
    },
    onError: (failure) => setError(t("risk.kill.failed", { message: failure.message })),
  });
  const state = engaged === undefined ? "unknown" : engaged ? "engaged" : "released";
  return (
    <div>
      <h3 className="text-sm font-semibold">{t("risk.kill.label")}</h3>
      <p id="kill-switch-state" className={`mt-1 text-sm ${engaged ? "font-semibold text-red-700 dark:text-red-300" : ""}`} aria-live="polite">
        <span aria-hidden="true" className={`mr-1.5 inline-block h-2.5 w-2.5 rounded-full ${engaged ? "bg-red-600" : engaged === false ? "bg-emerald-600" : "bg-slate-400"}`} />
        {t(`risk.kill.${state}`)}
      </p>
      <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">{t("risk.kill.help")}</p>
      {status.data?.daily_loss_hit ? <p className="mt-1 text-sm font-semibold text-up">{t("risk.dailyLossHit")}</p> : null}
      <button
        type="button"
        data-testid="kill-switch"
        data-state={state}
        aria-pressed={engaged === true}
        aria-describedby="kill-switch-state"
        disabled={engaged === undefined || send.isPending}
        onClick={() => send.mutate(!engaged)}
        className={`mt-3 rounded px-4 py-2 text-sm font-semibold disabled:opacity-50 ${engaged ? "border border-slate-400 dark:border-slate-600" : "bg-amber-600 text-white hover:bg-amber-700"}`}
      >
        {engaged ? t("risk.kill.release") : t("risk.kill.engage")}
      </button>
      {error ? (
        <p role="alert" className="mt-2 text-sm text-red-700 dark:text-red-300">
          {error}
        </p>
      ) : null}
    </div>
  );
}

function Freeze() {
  const { t } = useI18n();
  const status = useQuery(apiQuery(STATUS));
  const frozen = status.data?.frozen;
  const state = frozen === undefined ? "unknown" : frozen ? "on" : "off";
  return (
    <div>
      <h3 className="text-sm font-semibold">{t("risk.freeze.label")}</h3>
      <p id="freeze-state" className={`mt-1 text-sm ${frozen ? "font-semibold text-red-700 dark:text-red-300" : ""}`} aria-live="polite">
        <span aria-hidden="true" className={`mr-1.5 inline-block h-2.5 w-2.5 rounded-full ${frozen ? "bg-red-600" : frozen === false ? "bg-emerald-600" : "bg-slate-400"}`} />
        {t(`risk.freeze.${state}`)}
      </p>
      <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">{t("risk.freeze.help")}</p>
      <FreezeToggle
        frozen={frozen}
        testId="freeze-toggle"
        className={`mt-3 ${frozen ? "border border-slate-400 dark:border-slate-600" : "bg-red-700 text-white hover:bg-red-800"}`}
      />
    </div>
  );
}
