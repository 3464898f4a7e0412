import { useI18n, type MessageKey } from "../i18n";
import { formatTime } from "../lib/format";
import { useLiveState } from "../lib/useLive";

/** The live connection's state: live, stale, connecting or reconnecting. */
export function ConnectionBadge() {
  const { t } = useI18n();
  const state = useLiveState();
  const kind = state.status === "live" && state.stale ? "stale" : state.status;
  const colour =
    kind === "live" ? "bg-emerald-500" : kind === "stale" || kind === "reconnecting" ? "bg-amber-500" : "bg-slate-400";
  const label = t(`common.live.${kind}` as MessageKey);
  const title = state.lastFrameAt ? t("common.live.lastFrame", { time: formatTime(state.lastFrameAt) }) : label;
  return (
    <span
      role="status"
      aria-live="polite"
      title={title}
      data-testid="connection-state"
      data-state={kind}
      className="inline-flex items-center gap-1.5 rounded-full border border-slate-300 px-2 py-0.5 text-xs dark:border-slate-700"
    >
      <span aria-hidden="true" className={`h-2 w-2 rounded-full ${colour}`} />
      {label}
    </span>
  );
}
