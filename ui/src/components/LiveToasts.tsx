// Toasts for fills and rejections, as they arrive over the live connection. The shell mounts one
// (components/Layout.tsx), so they show on every page.
import { useCallback, useEffect, useRef, useState } from "react";
import { useI18n } from "../i18n";
import { formatTime, formatWon } from "../lib/format";
import { useLiveEvent } from "../lib/useLive";
import { labelOf } from "./labels";

interface Toast {
  id: string;
  kind: "filled" | "rejected";
  text: string;
  at: string;
}

const SHOW_MS = { filled: 6_000, rejected: 12_000 };
const MAX_TOASTS = 5;

export function LiveToasts() {
  const { t, lang } = useI18n();
  const [toasts, setToasts] = useState<Toast[]>([]);
  const rejected = useRef(new Set<number>());
  const timers = useRef(new Map<string, ReturnType<typeof setTimeout>>());

  const dismiss = useCallback((id: string) => {
    setToasts((list) => list.filter((toast) => toast.id !== id));
    const timer = timers.current.get(id);
    if (timer) clearTimeout(timer);
    timers.current.delete(id);
  }, []);

  const push = (toast: Toast) => {
    setToasts((list) => [toast, ...list.filter((x) => x.id !== toast.id)].slice(0, MAX_TOASTS));
    timers.current.set(
      toast.id,
      setTimeout(() => dismiss(toast.id), SHOW_MS[toast.kind]),
    );
  };

  useEffect(() => {
    const pending = timers.current;
    return () => pending.forEach((timer) => clearTimeout(timer));
  }, []);

  useLiveEvent("order_filled", (event) => {
    const { order, fill } = event.data;
    push({
      id: `fill-${event.seq}`,
      kind: "filled",
      at: fill.at,
      text: t("orders.toast.filled", {
        code: order.code,
        side: labelOf(t, "orders.side", order.side),
        quantity: fill.quantity,
        price: formatWon(fill.price, lang),
      }),
    });
  });

  useLiveEvent("order_update", (event) => {
    const order = event.data;
    if (order.status !== "rejected" || rejected.current.has(order.id)) return;
    rejected.current.add(order.id);
    push({
      id: `reject-${order.id}`,
      kind: "rejected",
      at: event.at,
      text: t("orders.toast.rejected", {
        code: order.code,
        side: labelOf(t, "orders.side", order.side),
        reason: order.reject_message ?? order.reject_code ?? "-",
      }),
    });
  });

  return (
    <section
      aria-label={t("orders.toast.region")}
      aria-live="polite"
      className="pointer-events-none fixed right-2 bottom-2 left-2 z-40 flex flex-col items-end gap-2 sm:left-auto sm:w-96"
    >
      {toasts.map((toast) => (
        <div
          key={toast.id}
          data-testid="toast"
          data-kind={toast.kind}
          role={toast.kind === "rejected" ? "alert" : "status"}
          className={`pointer-events-auto flex w-full items-start gap-2 rounded border-l-4 bg-white p-3 text-sm shadow-lg dark:bg-slate-900 ${
            toast.kind === "rejected" ? "border-amber-500" : "border-emerald-500"
          }`}
        >
          <div className="flex-1">
            <p>{toast.text}</p>
            <p className="text-xs text-slate-500 tabular-nums">{formatTime(toast.at)}</p>
          </div>
          <button
            type="button"
            onClick={() => dismiss(toast.id)}
            aria-label={t("orders.toast.dismiss")}
            className="rounded px-1 text-slate-500 hover:text-slate-900 dark:hover:text-white"
          >
            ×
          </button>
        </div>
      ))}
    </section>
  );
}
