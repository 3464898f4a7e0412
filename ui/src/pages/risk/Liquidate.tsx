// Emergency liquidation of the agent's positions, after a dialog that lists them. The user's own
// holdings (managed: false) are sold only with the unchecked-by-default option (scope "all"). A
// refusal (409 after the close: what cannot be done and when the market opens) shows in the
// dialog, as the API words it.
import { useMutation, useQuery } from "@tanstack/react-query";
import { useId, useState } from "react";
import { ConfirmDialog } from "../../components/ConfirmDialog";
import { useI18n } from "../../i18n";
import { api, isApiError } from "../../lib/api";
import type { components } from "../../lib/generated/api";
import { formatNumber } from "../../lib/format";
import { apiQuery } from "../../lib/query";

type Position = components["schemas"]["PositionSummary"];
type Scope = components["schemas"]["EmergencySell"]["scope"];

const REASON = "operator (dashboard)";

export function Liquidate() {
  const { t } = useI18n();
  const optionId = useId();
  const positions = useQuery(apiQuery("/api/v1/account/positions"));
  const [asking, setAsking] = useState(false);
  const [includeUser, setIncludeUser] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);
  const send = useMutation({
    mutationFn: (scope: Scope) => api.post("/api/v1/risk/emergency-sell", { body: { confirm: "LIQUIDATE", reason: REASON, scope } }),
    onSuccess: (_, scope) => {
      setAsking(false);
      setResult({ ok: true, text: scope === "all" ? t("risk.liquidate.sentAll") : t("risk.liquidate.sent") });
    },
    // 409: the market is closed; the API says until when, in its own words.
    onError: (failure) => setError(isApiError(failure) && failure.status === 409 ? failure.message : t("risk.liquidate.failed", { message: failure.message })),
  });
  const agents = (positions.data ?? []).filter((p) => p.managed);
  const users = (positions.data ?? []).filter((p) => !p.managed);

  return (
    <div>
      <h3 className="text-sm font-semibold">{t("risk.liquidate")}</h3>
      <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">{t("risk.liquidate.help")}</p>
      <button
        type="button"
        data-testid="emergency-liquidate"
        aria-haspopup="dialog"
        onClick={() => {
          setResult(null);
          setError(null);
          setIncludeUser(false);
          setAsking(true);
          void positions.refetch();
        }}
        className="mt-3 rounded bg-red-700 px-4 py-2 text-sm font-semibold text-white hover:bg-red-800"
      >
        {t("risk.liquidate")}
      </button>
      <p
        data-testid="emergency-result"
        role="status"
        data-result={result ? (result.ok ? "accepted" : "failed") : "none"}
        className={`mt-2 min-h-5 text-sm ${result?.ok ? "text-emerald-700 dark:text-emerald-400" : "text-red-700 dark:text-red-300"}`}
      >
        {result?.text ?? ""}
      </p>
      <ConfirmDialog
        open={asking}
        danger
        busy={send.isPending}
        title={t("risk.liquidate.title")}
        confirmLabel={includeUser ? t("risk.liquidate.yesAll") : t("risk.liquidate.yes")}
        cancelLabel={t("risk.liquidate.no")}
        onConfirm={() => {
          setError(null);
          send.mutate(includeUser ? "all" : "agent");
        }}
        onCancel={() => {
          setAsking(false);
          setResult({ ok: false, text: t("risk.liquidate.cancelled") });
        }}
      >
        {positions.isError ? (
          <p>{t("risk.liquidate.unknownHoldings", { message: positions.error.message })}</p>
        ) : agents.length > 0 ? (
          <>
            <p>{t("risk.liquidate.agentList", { count: agents.length })}</p>
            <Holdings testId="liquidate-agent" rows={agents} />
          </>
        ) : positions.isSuccess ? (
          <p>{t("risk.liquidate.noAgent")}</p>
        ) : null}
        <p className="mt-2">{t("risk.liquidate.body")}</p>
        <div className="mt-3 rounded border border-slate-300 p-2 dark:border-slate-700">
          <label htmlFor={optionId} className="flex items-center gap-2 font-semibold">
            <input
              id={optionId}
              type="checkbox"
              data-testid="liquidate-include-user"
              checked={includeUser}
              onChange={(event) => setIncludeUser(event.target.checked)}
            />
            {t("risk.liquidate.includeUser")}
          </label>
          {positions.isSuccess ? (
            users.length > 0 ? (
              <>
                <p className="mt-1">{t("risk.liquidate.userList")}</p>
                <Holdings testId="liquidate-user" rows={users} />
              </>
            ) : (
              <p className="mt-1">{t("risk.liquidate.noUser")}</p>
            )
          ) : null}
        </div>
        {error ? (
          <p role="alert" data-testid="liquidate-error" className="mt-3 font-semibold text-red-700 dark:text-red-300">
            {error}
          </p>
        ) : null}
      </ConfirmDialog>
    </div>
  );
}

function Holdings({ rows, testId }: { rows: Position[]; testId: string }) {
  const { t } = useI18n();
  return (
    <ul data-testid={testId} className="mt-1 list-disc pl-5">
      {rows.map((p) => (
        <li key={p.code} data-code={p.code}>
          {t("risk.liquidate.item", { name: p.name, code: p.code, count: formatNumber(p.quantity) })}
          {p.sellable !== p.quantity ? ` (${t("risk.liquidate.sellable", { count: formatNumber(p.sellable) })})` : ""}
        </li>
      ))}
    </ul>
  );
}
