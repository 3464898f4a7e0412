// Strategy: the entry rule's parameters (GET/PUT /strategy/config), new entries on/off
// (POST /strategy/toggle, state from /system/status) and the change history.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { PageHeader } from "../components/PageHeader";
import { SettingsEditor } from "../components/SettingsEditor";
import { useOptimisticFlag } from "../components/useOptimisticFlag";
import { useI18n } from "../i18n";
import { api } from "../lib/api";
import type { components } from "../lib/generated/api";
import { apiQuery } from "../lib/query";
import { useLiveInvalidate } from "../lib/useLive";
import { strategyFields } from "./strategy/fields";

type StrategySettings = components["schemas"]["StrategySettings"];

const CONFIG = "/api/v1/strategy/config";
const HISTORY = "/api/v1/strategy/history";
const STATUS = "/api/v1/system/status";

export default function StrategyPage() {
  const { t } = useI18n();
  const client = useQueryClient();
  const config = useQuery(apiQuery(CONFIG));
  const history = useQuery(apiQuery(HISTORY, { query: { limit: 50 } }));
  const fields = strategyFields(t);

  const save = async (next: Record<string, unknown>) => {
    const saved = await api.put(CONFIG, { body: next as StrategySettings });
    client.setQueryData(apiQuery(CONFIG).queryKey, saved);
    await client.invalidateQueries({ queryKey: [HISTORY] });
  };

  return (
    <section>
      <PageHeader title={t("strategy.title")}>
        <EntriesToggle />
      </PageHeader>
      <SettingsEditor
        config={config}
        history={history}
        fields={fields}
        onSave={save}
        title={t("strategy.params")}
        historyTitle={t("strategy.history")}
        name="strategy"
      />
    </section>
  );
}

/** New entries on or off; exits and stop-losses keep running either way. */
function EntriesToggle() {
  const { t } = useI18n();
  const client = useQueryClient();
  const status = useQuery(apiQuery(STATUS));
  useLiveInvalidate(["system_status"], [STATUS]);
  const [enabled, setEnabled] = useOptimisticFlag(status.data ? !status.data.entries_paused : undefined);
  const [error, setError] = useState<string | null>(null);
  const toggle = useMutation({
    mutationFn: (next: boolean) => api.post("/api/v1/strategy/toggle", { body: { enabled: next } }),
    onSuccess: (_, next) => {
      setError(null);
      setEnabled(next);
      void client.invalidateQueries({ queryKey: [STATUS] });
    },
    onError: (failure) => setError(t("strategy.toggle.failed", { message: failure.message })),
  });
  const on = enabled === true;
  return (
    <div className="flex flex-col items-end gap-1">
      <div className="flex items-center gap-2">
        <span id="strategy-toggle-label" className="text-sm font-medium">
          {t("strategy.toggle.label")}
        </span>
        <button
          type="button"
          role="switch"
          aria-checked={on}
          aria-labelledby="strategy-toggle-label"
          aria-describedby="strategy-toggle-state"
          data-testid="strategy-toggle"
          data-state={enabled === undefined ? "unknown" : on ? "on" : "off"}
          disabled={enabled === undefined || toggle.isPending}
          onClick={() => toggle.mutate(!on)}
          className={`relative inline-flex h-7 w-12 shrink-0 items-center rounded-full transition-colors disabled:opacity-50 ${on ? "bg-emerald-600" : "bg-slate-400"}`}
        >
          <span aria-hidden="true" className={`inline-block h-5 w-5 rounded-full bg-white shadow transition-transform ${on ? "translate-x-6" : "translate-x-1"}`} />
        </button>
        <span id="strategy-toggle-state" className="text-sm">
          {enabled === undefined ? "-" : on ? t("strategy.toggle.on") : t("strategy.toggle.off")}
        </span>
      </div>
      {error ? (
        <p role="alert" className="text-xs text-red-700 dark:text-red-300">
          {error}
        </p>
      ) : null}
    </div>
  );
}
