// Closed trades with the filters, sorting and pages GET /api/v1/trades supports. The state lives
// in the URL (?from=&to=&code=&strategy=&sort=&order=&page=) so a view can be bookmarked.
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { Link, useSearchParams } from "react-router";
import { BpsChange, WonChange } from "../../components/Change";
import { EmptyState } from "../../components/EmptyState";
import { labelOf } from "../../components/labels";
import { QueryState } from "../../components/QueryState";
import { useI18n, type MessageKey } from "../../i18n";
import { formatNumber, formatWon } from "../../lib/format";
import type { components } from "../../lib/generated/api";
import { apiQuery } from "../../lib/query";
import { useLiveInvalidate } from "../../lib/useLive";

type Sort = "date" | "pnl" | "return";
type Order = "asc" | "desc";
const PAGE_SIZES = [20, 50, 100] as const;
const CODE = /^[0-9A-Z]{6}$/;

export interface TradeQuery {
  from?: string;
  to?: string;
  code?: string;
  strategy?: string;
  sort: Sort;
  order: Order;
  page: number;
  page_size: number;
}

export function readQuery(params: URLSearchParams): TradeQuery {
  const sort = params.get("sort");
  const page = Number(params.get("page"));
  const size = Number(params.get("page_size"));
  return {
    from: params.get("from") || undefined,
    to: params.get("to") || undefined,
    code: params.get("code") || undefined,
    strategy: params.get("strategy") || undefined,
    sort: sort === "pnl" || sort === "return" ? sort : "date",
    order: params.get("order") === "asc" ? "asc" : "desc",
    page: Number.isInteger(page) && page >= 1 ? page : 1,
    page_size: (PAGE_SIZES as readonly number[]).includes(size) ? size : PAGE_SIZES[0],
  };
}

function writeQuery(query: TradeQuery): URLSearchParams {
  const out = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined && value !== "") out.set(key, String(value));
  return out;
}

export function TradeList() {
  const { t } = useI18n();
  const [params, setParams] = useSearchParams();
  const query = readQuery(params);
  const trades = useQuery({ ...apiQuery("/api/v1/trades", { query }), placeholderData: keepPreviousData });
  useLiveInvalidate(["order_filled"], ["/api/v1/trades"]);
  const update = (patch: Partial<TradeQuery>) => setParams(writeQuery({ ...query, ...patch }));

  const sortBy = (column: Sort) =>
    update({ sort: column, order: query.sort === column && query.order === "desc" ? "asc" : "desc", page: 1 });

  return (
    <section className="flex flex-col gap-3">
      <Filters key={params.toString()} query={query} onApply={(patch) => update({ ...patch, page: 1 })} />
      <QueryState query={trades}>
        {(data) => {
          const pages = Math.max(1, Math.ceil(data.page.total / data.page.page_size));
          return (
            <>
              <p className="text-sm text-slate-500" aria-live="polite">
                {t("trades.count", { count: formatNumber(data.page.total) })}
              </p>
              {data.items.length === 0 ? (
                <EmptyState>{t("trades.empty")}</EmptyState>
              ) : (
                <TradeTable items={data.items} query={query} onSort={sortBy} />
              )}
              {data.page.total > 0 && (
                <nav aria-label={t("trades.page", { page: data.page.page, pages })} className="flex flex-wrap items-center gap-2 text-sm">
                  <button type="button" className="rounded border border-slate-300 px-3 py-1 disabled:opacity-40 dark:border-slate-700" disabled={query.page <= 1} onClick={() => update({ page: query.page - 1 })}>
                    {t("trades.prev")}
                  </button>
                  <span className="tabular-nums">{t("trades.page", { page: data.page.page, pages })}</span>
                  <button type="button" className="rounded border border-slate-300 px-3 py-1 disabled:opacity-40 dark:border-slate-700" disabled={query.page >= pages} onClick={() => update({ page: query.page + 1 })}>
                    {t("trades.next")}
                  </button>
                  <label className="ml-auto inline-flex items-center gap-1">
                    {t("trades.pageSize")}
                    <select
                      value={query.page_size}
                      onChange={(event) => update({ page_size: Number(event.target.value), page: 1 })}
                      className="rounded border border-slate-300 bg-transparent px-1 py-0.5 dark:border-slate-700"
                    >
                      {PAGE_SIZES.map((size) => (
                        <option key={size} value={size}>
                          {size}
                        </option>
                      ))}
                    </select>
                  </label>
                </nav>
              )}
            </>
          );
        }}
      </QueryState>
    </section>
  );
}

function Filters({ query, onApply }: { query: TradeQuery; onApply: (patch: Partial<TradeQuery>) => void }) {
  const { t } = useI18n();
  const [draft, setDraft] = useState({ from: query.from ?? "", to: query.to ?? "", code: query.code ?? "", strategy: query.strategy ?? "" });
  const code = draft.code.trim().toUpperCase();
  const codeInvalid = code !== "" && !CODE.test(code);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (codeInvalid) return;
    onApply({ from: draft.from || undefined, to: draft.to || undefined, code: code || undefined, strategy: draft.strategy.trim() || undefined });
  };
  const input = "w-full rounded border border-slate-300 bg-white px-2 py-1 text-sm dark:border-slate-700 dark:bg-slate-900";
  const field = (name: keyof typeof draft, label: MessageKey, type: string, extra: Record<string, unknown> = {}) => (
    <label className="flex flex-col gap-1 text-xs text-slate-600 dark:text-slate-300">
      {t(label)}
      <input type={type} name={name} value={draft[name]} onChange={(e) => setDraft({ ...draft, [name]: e.target.value })} className={input} {...extra} />
    </label>
  );
  return (
    <form role="search" aria-label={t("trades.filters")} onSubmit={submit} className="grid grid-cols-2 items-end gap-2 sm:grid-cols-3 lg:grid-cols-6">
      {field("from", "trades.from", "date")}
      {field("to", "trades.to", "date")}
      {field("code", "trades.code", "text", {
        inputMode: "text",
        maxLength: 6,
        placeholder: "005930",
        "aria-invalid": codeInvalid,
        "aria-describedby": codeInvalid ? "code-error" : undefined,
      })}
      {field("strategy", "trades.strategy", "text", { placeholder: "opening_turnover", maxLength: 64 })}
      <div className="col-span-2 flex gap-2 sm:col-span-1 lg:col-span-2">
        <button type="submit" className="rounded bg-slate-900 px-3 py-1 text-sm text-white dark:bg-white dark:text-slate-900">
          {t("trades.apply")}
        </button>
        <button
          type="button"
          className="rounded border border-slate-300 px-3 py-1 text-sm dark:border-slate-700"
          onClick={() => onApply({ from: undefined, to: undefined, code: undefined, strategy: undefined })}
        >
          {t("trades.reset")}
        </button>
      </div>
      {codeInvalid && (
        <p id="code-error" role="alert" className="col-span-full text-xs text-red-700 dark:text-red-300">
          {t("trades.codeInvalid")}
        </p>
      )}
    </form>
  );
}

type Trade = components["schemas"]["TradeRow"];

function TradeTable({ items, query, onSort }: { items: Trade[]; query: TradeQuery; onSort: (column: Sort) => void }) {
  const { t, lang } = useI18n();
  const th = "px-2 py-2 font-medium whitespace-nowrap";
  const sortable = (column: Sort, label: MessageKey, align = "text-left") => {
    const active = query.sort === column;
    return (
      <th scope="col" className={`${th} ${align}`} aria-sort={active ? (query.order === "asc" ? "ascending" : "descending") : "none"}>
        <button type="button" onClick={() => onSort(column)} className="inline-flex items-center gap-1 hover:underline" title={t("trades.sortBy", { column: t(label) })}>
          {t(label)}
          <span aria-hidden="true">{active ? (query.order === "asc" ? "▲" : "▼") : "↕"}</span>
        </button>
      </th>
    );
  };
  const num = "px-2 py-2 text-right tabular-nums whitespace-nowrap";
  return (
    <div className="overflow-x-auto rounded border border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
      <table className="w-full text-sm">
        <thead className="border-b border-slate-200 bg-slate-50 text-xs text-slate-500 dark:border-slate-800 dark:bg-slate-950">
          <tr>
            {sortable("date", "trades.col.date")}
            <th scope="col" className={`${th} text-left`}>{t("trades.col.stock")}</th>
            <th scope="col" className={`${th} text-left`}>{t("trades.col.strategy")}</th>
            <th scope="col" className={`${th} text-right`}>{t("trades.col.qty")}</th>
            <th scope="col" className={`${th} text-right`}>{t("trades.col.entry")}</th>
            <th scope="col" className={`${th} text-right`}>{t("trades.col.exit")}</th>
            <th scope="col" className={`${th} text-left`}>{t("trades.col.exitReason")}</th>
            {sortable("pnl", "trades.col.pnl", "text-right")}
            {sortable("return", "trades.col.return", "text-right")}
          </tr>
        </thead>
        <tbody>
          {items.map((trade) => (
            <tr key={trade.id} data-testid="trade-row" data-id={trade.id} className="border-b border-slate-100 last:border-0 hover:bg-slate-50 dark:border-slate-800 dark:hover:bg-slate-800">
              <td className="px-2 py-2 tabular-nums whitespace-nowrap">{trade.trade_date}</td>
              <td className="px-2 py-2 whitespace-nowrap">
                {/* The name may be empty (the trade log does not always know it): the code then links. */}
                <Link to={`/trades/${trade.id}`} className="font-medium text-blue-700 hover:underline dark:text-blue-300">
                  {trade.name || trade.code}
                </Link>
                {trade.name && <span className="ml-1 text-xs text-slate-500 tabular-nums">{trade.code}</span>}
              </td>
              <td className="px-2 py-2 text-xs">{trade.strategy_tag}</td>
              <td className={num}>{formatNumber(trade.quantity)}</td>
              <td className={num}>{formatWon(trade.entry_price, lang)}</td>
              <td className={num}>{formatWon(trade.exit_price, lang)}</td>
              <td className="px-2 py-2 whitespace-nowrap">{trade.exit_reason ? labelOf(t, "trades.exit", trade.exit_reason) : t("trades.open")}</td>
              <td className={num}>
                <WonChange value={trade.realized_pnl} />
              </td>
              <td className={num}>
                <BpsChange bps={trade.return_bps} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
