// Results by pattern over a span of days (GET /reports/patterns): closed trades grouped by their
// entry reasons, entry minute, news band, turnover-rank band and exit, as the close stores them
// each day. Without from/to the API answers the 30 days up to its today (the agent's clock, so a
// demo replaying another day gets its own) and the form shows the span it answered. A pattern is
// called best or worst only with at least `min_trades` trades.
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { EmptyState } from "../../components/EmptyState";
import { QueryState } from "../../components/QueryState";
import { useI18n } from "../../i18n";
import type { components } from "../../lib/generated/api";
import { apiQuery } from "../../lib/query";
import { isDate } from "./calendar";
import { BestWorst, PatternTable, button, input, type PatternRow } from "./parts";

type PatternReport = components["schemas"]["PatternReport"];

export interface PatternQuery {
  from?: string;
  to?: string;
  min_trades?: number;
}

/** A whole number of trades the API accepts (1 to 1000). */
export function isMinTrades(value: number): boolean {
  return Number.isInteger(value) && value >= 1 && value <= 1000;
}

export function PatternsView({ query, onQuery }: { query: PatternQuery; onQuery: (query: PatternQuery) => void }) {
  const { t } = useI18n();
  const report = useQuery({ ...apiQuery("/api/v1/reports/patterns", { query }), placeholderData: keepPreviousData });
  const answered = report.isPlaceholderData ? undefined : report.data;
  const initial = {
    from: query.from ?? answered?.first ?? "",
    to: query.to ?? answered?.last ?? "",
    min: String(query.min_trades ?? answered?.min_trades ?? ""),
  };
  return (
    <section aria-label={t("reports.patterns")} data-testid="report-patterns-view" className="flex flex-col gap-3">
      <Filters key={JSON.stringify(initial)} initial={initial} onApply={onQuery} />
      <QueryState query={report}>{(data) => <Patterns report={data} />}</QueryState>
    </section>
  );
}

function Filters({ initial, onApply }: { initial: { from: string; to: string; min: string }; onApply: (query: PatternQuery) => void }) {
  const { t } = useI18n();
  const [draft, setDraft] = useState(initial);
  const rangeInvalid = isDate(draft.from) && isDate(draft.to) && draft.from > draft.to;
  const min = Number(draft.min);
  const minInvalid = draft.min.trim() !== "" && !isMinTrades(min);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (rangeInvalid || minInvalid) return;
    onApply({
      from: isDate(draft.from) ? draft.from : undefined,
      to: isDate(draft.to) ? draft.to : undefined,
      min_trades: draft.min.trim() === "" ? undefined : min,
    });
  };
  const label = "flex flex-col gap-1 text-xs text-slate-600 dark:text-slate-300";
  return (
    <form role="search" aria-label={t("reports.patterns.filters")} onSubmit={submit} className="flex flex-wrap items-end gap-2">
      <label className={label}>
        {t("reports.patterns.from")}
        <input
          type="date"
          name="from"
          value={draft.from}
          onChange={(e) => setDraft({ ...draft, from: e.target.value })}
          aria-invalid={rangeInvalid}
          aria-describedby={rangeInvalid ? "patterns-range-error" : undefined}
          className={input}
        />
      </label>
      <label className={label}>
        {t("reports.patterns.to")}
        <input type="date" name="to" value={draft.to} onChange={(e) => setDraft({ ...draft, to: e.target.value })} aria-invalid={rangeInvalid} className={input} />
      </label>
      <label className={label}>
        {t("reports.patterns.minTrades")}
        <input
          type="number"
          name="min_trades"
          min={1}
          max={1000}
          step={1}
          inputMode="numeric"
          value={draft.min}
          onChange={(e) => setDraft({ ...draft, min: e.target.value })}
          aria-invalid={minInvalid}
          aria-describedby={minInvalid ? "patterns-min-error" : undefined}
          className={`${input} w-24`}
        />
      </label>
      <button type="submit" className="rounded bg-slate-900 px-3 py-1 text-sm text-white dark:bg-white dark:text-slate-900">
        {t("reports.patterns.apply")}
      </button>
      <button type="button" className={button} onClick={() => onApply({})}>
        {t("reports.patterns.reset")}
      </button>
      {rangeInvalid ? (
        <p id="patterns-range-error" role="alert" className="w-full text-xs text-red-700 dark:text-red-300">
          {t("reports.patterns.rangeInvalid")}
        </p>
      ) : null}
      {minInvalid ? (
        <p id="patterns-min-error" role="alert" className="w-full text-xs text-red-700 dark:text-red-300">
          {t("reports.patterns.minInvalid")}
        </p>
      ) : null}
    </form>
  );
}

function Patterns({ report }: { report: PatternReport }) {
  const { t } = useI18n();
  const rows = [...report.patterns, report.best, report.worst].filter((row): row is PatternRow => row !== null);
  const best = report.best?.name ?? null;
  const worst = report.worst?.name ?? null;
  return (
    <div data-testid="report-patterns" data-first={report.first} data-last={report.last} className="flex flex-col gap-3">
      <p className="text-xs text-slate-500 tabular-nums">
        {t("reports.patterns.range", { first: report.first, last: report.last })} · {t("reports.patterns.rule", { n: report.min_trades })}
      </p>
      <BestWorst best={best} worst={worst} rows={rows} />
      {report.patterns.length === 0 ? (
        <div data-testid="report-patterns-empty">
          <EmptyState>{t("reports.patterns.empty")}</EmptyState>
        </div>
      ) : (
        <PatternTable rows={report.patterns} best={best} worst={worst} label={t("reports.patterns")} />
      )}
    </div>
  );
}
