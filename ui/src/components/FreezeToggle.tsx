// Freeze or resume every automatic order (POST /risk/freeze), after a confirmation dialog. The
// shell's banner (resume) and the risk page (freeze, resume) use it. The API answers 202 before
// the governor's next status, so a success writes the requested state into the status query; the
// banner's polling (FreezeBanner) then shows what the agent reports.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useI18n } from "../i18n";
import { api } from "../lib/api";
import { apiQuery } from "../lib/query";
import { ConfirmDialog } from "./ConfirmDialog";

const STATUS = apiQuery("/api/v1/system/status");
const REASON = "operator (dashboard)";

export function FreezeToggle({ frozen, testId, className = "" }: { frozen: boolean | undefined; testId: string; className?: string }) {
  const { t } = useI18n();
  const client = useQueryClient();
  const [asking, setAsking] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const send = useMutation({
    mutationFn: (next: boolean) => api.post("/api/v1/risk/freeze", { body: { frozen: next, reason: REASON } }),
    onSuccess: (_, next) => {
      client.setQueryData(STATUS.queryKey, (old) => (old ? { ...old, frozen: next } : old));
      setAsking(false);
    },
    onError: (failure) => setError(t("common.freeze.failed", { message: failure.message })),
  });
  const next = !frozen;
  return (
    <>
      <button
        type="button"
        data-testid={testId}
        data-state={frozen === undefined ? "unknown" : frozen ? "frozen" : "running"}
        aria-haspopup="dialog"
        disabled={frozen === undefined}
        onClick={() => {
          setError(null);
          setAsking(true);
        }}
        className={`rounded px-4 py-2 text-sm font-semibold disabled:opacity-50 ${className}`}
      >
        {frozen ? t("common.freeze.resume") : t("common.freeze.freeze")}
      </button>
      <ConfirmDialog
        open={asking}
        danger={next}
        busy={send.isPending}
        title={next ? t("common.freeze.freezeTitle") : t("common.freeze.resumeTitle")}
        confirmLabel={next ? t("common.freeze.freezeYes") : t("common.freeze.resumeYes")}
        cancelLabel={t("common.freeze.cancel")}
        onConfirm={() => send.mutate(next)}
        onCancel={() => setAsking(false)}
      >
        <p>{next ? t("common.freeze.freezeBody") : t("common.freeze.resumeBody")}</p>
        {error ? (
          <p role="alert" className="mt-2 font-semibold text-red-700 dark:text-red-300">
            {error}
          </p>
        ) : null}
      </ConfirmDialog>
    </>
  );
}
