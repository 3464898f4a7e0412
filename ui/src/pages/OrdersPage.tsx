// Live order monitor: today's orders, updated as order events arrive; rejections with their
// reason. Fill and rejection toasts come from the shell (components/LiveToasts.tsx).
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { EmptyState } from "../components/EmptyState";
import { labelOf } from "../components/labels";
import { PageHeader } from "../components/PageHeader";
import { QueryState } from "../components/QueryState";
import { useI18n, type MessageKey } from "../i18n";
import { formatNumber, formatTime, formatWon } from "../lib/format";
import { apiQuery } from "../lib/query";
import { useLiveOrders, type OrderView } from "./orders/liveOrders";
import { seoulToday } from "./orders/time";

const FILTERS = {
  all: () => true,
  working: (o: OrderView) => ["pending", "sent", "unknown", "accepted", "partially_filled", "cancel_requested"].includes(o.status),
  filled: (o: OrderView) => o.status === "filled" || o.filled_quantity > 0,
  rejected: (o: OrderView) => ["rejected", "cancelled", "expired"].includes(o.status),
} as const;
type Filter = keyof typeof FILTERS;

const STATUS_STYLE: Record<string, string> = {
  filled: "bg-emerald-100 text-emerald-900 dark:bg-emerald-900 dark:text-emerald-100",
  partially_filled: "bg-emerald-50 text-emerald-800 dark:bg-emerald-950 dark:text-emerald-200",
  rejected: "bg-amber-100 text-amber-900 dark:bg-amber-900 dark:text-amber-100",
  unknown: "bg-amber-100 text-amber-900 dark:bg-amber-900 dark:text-amber-100",
  cancelled: "bg-slate-200 text-slate-700 dark:bg-slate-700 dark:text-slate-200",
  expired: "bg-slate-200 text-slate-700 dark:bg-slate-700 dark:text-slate-200",
};

export default function OrdersPage() {
  const { t } = useI18n();
  const status = useQuery(apiQuery("/api/v1/system/status"));
  // The agent's trading date (a demo may replay another day), else today in Seoul.
  const day = status.data?.trading_date ?? seoulToday();
  const orders = useQuery({ ...apiQuery("/api/v1/orders", { query: { date: day } }), enabled: !status.isPending });
  const [filter, setFilter] = useState<Filter>("all");
  useLiveOrders(day);

  return (
    <section className="flex flex-col gap-3">
      <PageHeader title={t("orders.title")}>
        <span className="text-sm text-slate-500">{t("orders.today", { date: day })}</span>
      </PageHeader>
      <QueryState query={orders}>
        {(rows) => (
          <>
            <div role="group" aria-label={t("orders.filter")} className="flex flex-wrap gap-2">
              {(Object.keys(FILTERS) as Filter[]).map((key) => (
                <button
                  key={key}
                  type="button"
                  aria-pressed={filter === key}
                  onClick={() => setFilter(key)}
                  className={`rounded-full border px-3 py-1 text-sm ${
                    filter === key ? "border-slate-900 bg-slate-900 text-white dark:border-white dark:bg-white dark:text-slate-900" : "border-slate-300 dark:border-slate-700"
                  }`}
                >
                  {t(`orders.filter.${key}` as MessageKey)} {rows.filter(FILTERS[key]).length}
                </button>
              ))}
            </div>
            <OrderTable rows={rows.filter(FILTERS[filter])} />
          </>
        )}
      </QueryState>
    </section>
  );
}

/** The broker's or governor's message, the readable code, and the code itself for searching logs. */
function rejectReason(t: (key: MessageKey) => string, o: OrderView): string {
  const label = o.reject_code ? labelOf(t, "orders.reject", o.reject_code) : null;
  const parts = [o.reject_message, label !== o.reject_message ? label : null, o.reject_code && label !== o.reject_code ? o.reject_code : null];
  return parts.filter(Boolean).join(" · ") || "-";
}

/** Entry reasons in one line (full list on hover), so a row stays one line high on a phone. */
function Reasons({ codes }: { codes: string[] }) {
  const { t } = useI18n();
  const text = codes.map((code) => labelOf(t, "trades.reason", code)).join(", ");
  return (
    <span title={text} className="block max-w-64 truncate text-slate-500">
      {text}
    </span>
  );
}

function OrderTable({ rows }: { rows: OrderView[] }) {
  const { t, lang } = useI18n();
  if (rows.length === 0) return <EmptyState>{t("orders.empty")}</EmptyState>;
  const th = "px-2 py-2 text-left font-medium whitespace-nowrap";
  const num = "px-2 py-2 text-right tabular-nums whitespace-nowrap";
  return (
    <div className="overflow-x-auto rounded border border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
      <table className="w-full text-sm">
        <thead className="border-b border-slate-200 bg-slate-50 text-xs text-slate-500 dark:border-slate-800 dark:bg-slate-950">
          <tr>
            <th scope="col" className={th}>{t("orders.col.time")}</th>
            <th scope="col" className={th}>{t("orders.col.code")}</th>
            <th scope="col" className={th}>{t("orders.col.side")}</th>
            <th scope="col" className={th}>{t("orders.col.purpose")}</th>
            <th scope="col" className={th}>{t("orders.col.status")}</th>
            <th scope="col" className={`${th} text-right`}>{t("orders.col.qty")}</th>
            <th scope="col" className={`${th} text-right`}>{t("orders.col.filled")}</th>
            <th scope="col" className={`${th} text-right`}>{t("orders.col.price")}</th>
            <th scope="col" className={`${th} text-right`}>{t("orders.col.fillPrice")}</th>
            <th scope="col" className={th}>{t("orders.col.note")}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((o) => (
            <tr
              key={o.id}
              data-testid="order-row"
              data-status={o.status}
              data-code={o.code}
              className={`border-b border-slate-100 last:border-0 dark:border-slate-800 ${o.status === "rejected" ? "bg-amber-50 dark:bg-amber-950/40" : ""}`}
            >
              <td className="px-2 py-2 tabular-nums whitespace-nowrap">{formatTime(o.updated_at)}</td>
              <td className="px-2 py-2 tabular-nums">{o.code}</td>
              <td className={`px-2 py-2 font-medium whitespace-nowrap ${o.side === "buy" ? "text-up" : "text-down"}`}>{labelOf(t, "orders.side", o.side)}</td>
              <td className="px-2 py-2 whitespace-nowrap">{labelOf(t, "orders.purpose", o.purpose)}</td>
              <td className="px-2 py-2">
                <span className={`rounded px-2 py-0.5 text-xs whitespace-nowrap ${STATUS_STYLE[o.status] ?? "bg-blue-50 text-blue-900 dark:bg-blue-950 dark:text-blue-100"}`}>
                  {labelOf(t, "orders.status", o.status)}
                </span>
              </td>
              <td className={num}>{formatNumber(o.quantity)}</td>
              <td className={num}>{formatNumber(o.filled_quantity)}</td>
              <td className={num}>
                {o.price === null ? t("orders.market") : formatWon(o.price, lang)}
                {o.stop_price != null && (
                  <span data-testid="stop-trigger" className="block text-xs text-slate-500 dark:text-slate-400">
                    {t("orders.trigger", { price: formatWon(o.stop_price, lang) })}
                  </span>
                )}
              </td>
              <td className={num}>{formatWon(o.avg_fill_price, lang)}</td>
              <td className="px-2 py-2 text-xs">
                {o.status === "rejected" || o.reject_code ? (
                  <span data-testid="reject-reason" className="block min-w-48 text-amber-800 dark:text-amber-200">
                    {rejectReason(t, o)}
                  </span>
                ) : (
                  <Reasons codes={o.reason_codes} />
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
