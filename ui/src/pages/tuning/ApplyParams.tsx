// "Apply these parameters": read the strategy and risk sections in force (fresh), list what the
// study's best parameters would change (old -> new) in a confirmation dialog, and only on "apply"
// PUT each changed section back with `X-Changed-By: tuner` (the parameter history records the
// change as the tuner's). Nothing is sent without the confirmation; a refusal (400, 409, or 503
// while the agent is not running) shows the API's own words.
import { useMutation, useQueryClient, type QueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { ConfirmDialog } from "../../components/ConfirmDialog";
import { useI18n } from "../../i18n";
import { api } from "../../lib/api";
import type { components } from "../../lib/generated/api";
import { apiQuery } from "../../lib/query";
import { useParamLabel } from "./labels";
import { applyPlan, formatParam, SECTIONS, type Plan, type Section } from "./params";

type StrategySettings = components["schemas"]["StrategySettings"];
type RiskSettings = components["schemas"]["RiskSettings"];

const CONFIG = { strategy: "/api/v1/strategy/config", risk: "/api/v1/risk/config" } as const;
const HISTORY = { strategy: "/api/v1/strategy/history", risk: "/api/v1/risk/history" } as const;
const TUNER = { "X-Changed-By": "tuner" };

/** PUT one section as the tuner's, and keep the answer (the settings now in force) in the cache. */
async function put(client: QueryClient, section: Section, body: Record<string, unknown>): Promise<void> {
  if (section === "strategy") {
    const saved = await api.put(CONFIG.strategy, { body: body as StrategySettings, headers: TUNER });
    client.setQueryData(apiQuery(CONFIG.strategy).queryKey, saved);
  } else {
    const saved = await api.put(CONFIG.risk, { body: body as RiskSettings, headers: TUNER });
    client.setQueryData(apiQuery(CONFIG.risk).queryKey, saved);
  }
}

/** A section's PUT failed after the ones in `applied` succeeded (so the message says what changed). */
class PartlyApplied extends Error {
  constructor(
    readonly applied: Section[],
    failure: unknown,
  ) {
    super(failure instanceof Error ? failure.message : String(failure));
  }
}

export function ApplyParams({ study, best }: { study: string; best: Record<string, number> }) {
  const { t } = useI18n();
  const client = useQueryClient();
  const label = useParamLabel();
  const [plan, setPlan] = useState<Plan | null>(null);
  const [notice, setNotice] = useState<{ ok: boolean; text: string } | null>(null);

  const sectionName = (section: Section) => t(section === "strategy" ? "tuning.apply.strategy" : "tuning.apply.risk");

  // Fresh reads: the dialog lists what would change now, not what the page loaded a while ago.
  const prepare = useMutation({
    mutationFn: async () => {
      const [strategy, risk] = await Promise.all([
        client.fetchQuery({ ...apiQuery(CONFIG.strategy), staleTime: 0 }),
        client.fetchQuery({ ...apiQuery(CONFIG.risk), staleTime: 0 }),
      ]);
      return applyPlan(best, { strategy: { ...strategy }, risk: { ...risk } });
    },
    onSuccess: (next) => {
      if (next.changes.length === 0) setNotice({ ok: true, text: t("tuning.apply.nothing") });
      else setPlan(next);
    },
    onError: (failure) => setNotice({ ok: false, text: t("tuning.apply.readFailed", { message: failure.message }) }),
  });

  const apply = useMutation({
    mutationFn: async (chosen: Plan) => {
      const applied: Section[] = [];
      for (const section of SECTIONS) {
        const body = chosen.bodies[section];
        if (!body) continue;
        try {
          await put(client, section, body);
          applied.push(section);
        } catch (failure) {
          throw new PartlyApplied(applied, failure);
        }
      }
      return applied;
    },
    onSuccess: (applied, chosen) => {
      setPlan(null);
      setNotice({
        ok: true,
        text: t("tuning.apply.done", { n: chosen.changes.length, sections: applied.map(sectionName).join(", ") }),
      });
    },
    onError: (failure) => {
      setPlan(null);
      const applied = failure instanceof PartlyApplied ? failure.applied : [];
      const text = t("tuning.apply.failed", { message: failure.message });
      setNotice({
        ok: false,
        text: applied.length > 0 ? `${text} ${t("tuning.apply.partly", { sections: applied.map(sectionName).join(", ") })}` : text,
      });
    },
    onSettled: () => {
      for (const section of SECTIONS) {
        void client.invalidateQueries({ queryKey: [CONFIG[section]] });
        void client.invalidateQueries({ queryKey: [HISTORY[section]] });
      }
      void client.invalidateQueries({ queryKey: ["/api/v1/tuning/studies/{name}"] });
    },
  });

  return (
    <div className="mt-3">
      <button
        type="button"
        data-testid="tuning-apply"
        aria-haspopup="dialog"
        disabled={prepare.isPending || apply.isPending}
        onClick={() => {
          setNotice(null);
          prepare.mutate();
        }}
        className="rounded bg-blue-700 px-4 py-2 text-sm font-semibold text-white hover:bg-blue-800 disabled:opacity-50"
      >
        {prepare.isPending ? t("tuning.apply.reading") : t("tuning.apply")}
      </button>
      <p className="mt-1 text-xs text-slate-500">{t("tuning.apply.help")}</p>
      {notice ? (
        <p
          role={notice.ok ? "status" : "alert"}
          data-testid="tuning-apply-result"
          data-result={notice.ok ? "ok" : "failed"}
          className={`mt-2 text-sm ${notice.ok ? "text-emerald-700 dark:text-emerald-400" : "font-semibold text-red-700 dark:text-red-300"}`}
        >
          {notice.text}
        </p>
      ) : null}
      <ConfirmDialog
        open={plan !== null}
        busy={apply.isPending}
        title={t("tuning.apply.title", { study })}
        confirmLabel={apply.isPending ? t("tuning.apply.applying") : t("tuning.apply.yes")}
        cancelLabel={t("tuning.apply.no")}
        onConfirm={() => plan && apply.mutate(plan)}
        onCancel={() => {
          if (apply.isPending) return;
          setPlan(null);
          setNotice({ ok: true, text: t("tuning.apply.cancelled") });
        }}
      >
        {plan ? (
          <>
            <p>{t("tuning.apply.body", { n: plan.changes.length })}</p>
            <ul data-testid="tuning-apply-changes" className="mt-2 list-disc pl-5 tabular-nums">
              {plan.changes.map((change) => (
                <li key={change.param} data-param={change.param}>
                  {label(change.param) ?? change.field} <span className="text-xs text-slate-500">{change.param}</span>: {formatParam(change.old)} →{" "}
                  <strong>{formatParam(change.next)}</strong>
                </li>
              ))}
            </ul>
            {plan.skipped.length > 0 ? <p className="mt-2 text-xs">{t("tuning.apply.skipped", { params: plan.skipped.join(", ") })}</p> : null}
            <p className="mt-2">{t("tuning.apply.who")}</p>
          </>
        ) : null}
      </ConfirmDialog>
    </div>
  );
}
