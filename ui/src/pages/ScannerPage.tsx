// Scanner: the turnover leaders (GET /scanner/top), replaced live by scanner_update events, with
// the watch list and watch / unwatch commands.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { PageHeader } from "../components/PageHeader";
import { QueryState } from "../components/QueryState";
import { useI18n, type MessageKey } from "../i18n";
import { api } from "../lib/api";
import { changeClass, formatBps, formatNumber, formatTime, formatWon } from "../lib/format";
import { apiQuery } from "../lib/query";
import { useLiveEvent } from "../lib/useLive";
import { byRank, turnoverUnits, volumeRatio, type ScannerRow, type ScannerSnapshot } from "./scanner/rows";

const TOP = apiQuery("/api/v1/scanner/top");

export default function ScannerPage() {
  const { t } = useI18n();
  const client = useQueryClient();
  const top = useQuery(TOP);
  const [notice, setNotice] = useState<{ ok: boolean; text: string } | null>(null);

  // The event carries the snapshot GET /scanner/top answers: it replaces the cached one.
  useLiveEvent("scanner_update", (event) => client.setQueryData(TOP.queryKey, event.data));

  const watch = useMutation({
    mutationFn: ({ code, on }: { code: string; on: boolean }) =>
      on ? api.post("/api/v1/scanner/watch", { body: { code } }) : api.delete("/api/v1/scanner/watch/{code}", { path: { code } }),
    onSuccess: (answer, { code, on }) => {
      setNotice({ ok: true, text: t("scanner.requested", { detail: answer?.detail ?? code }) });
      // The scanner applies it on its next pass; show the intent now.
      client.setQueryData<ScannerSnapshot>(TOP.queryKey, (old) =>
        old ? { ...old, watched: on ? [...new Set([...old.watched, code])] : old.watched.filter((c) => c !== code) } : old,
      );
    },
    onError: (failure) => setNotice({ ok: false, text: t("scanner.failed", { message: failure.message }) }),
  });
  const toggle = (code: string, on: boolean) => watch.mutate({ code, on });

  return (
    <section>
      <PageHeader title={t("scanner.title")}>
        {top.data?.at ? <span className="text-sm text-slate-500">{t("scanner.asOf", { time: formatTime(top.data.at) })}</span> : null}
      </PageHeader>
      <p role="status" className={`mb-2 min-h-5 text-sm ${notice?.ok ? "text-emerald-700 dark:text-emerald-400" : "text-red-700 dark:text-red-300"}`}>
        {notice?.text ?? ""}
      </p>
      <QueryState query={top}>
        {(data) => (
          <>
            {data.rows.length === 0 ? <p className="rounded border border-dashed border-slate-300 p-6 text-center text-sm text-slate-500 dark:border-slate-700">{t("scanner.empty")}</p> : <LeaderTable data={data} busy={watch.isPending} onToggle={toggle} />}
            <WatchList watched={data.watched} rows={data.rows} busy={watch.isPending} onToggle={toggle} />
          </>
        )}
      </QueryState>
    </section>
  );
}

/** Rows shown before "show all": the scanner also publishes every stock it ranked and dropped. */
const FIRST_ROWS = 30;

function LeaderTable({ data, busy, onToggle }: { data: ScannerSnapshot; busy: boolean; onToggle: (code: string, on: boolean) => void }) {
  const { t, lang } = useI18n();
  const [all, setAll] = useState(false);
  const watched = new Set(data.watched);
  const ranked = byRank(data.rows);
  const shown = all ? ranked : ranked.slice(0, FIRST_ROWS);
  const th = "px-2 py-2 font-medium whitespace-nowrap";
  return (
    <div className="overflow-x-auto rounded border border-slate-200 dark:border-slate-800">
      <table className="w-full min-w-[64rem] text-sm">
        <caption className="sr-only">{t("scanner.title")}</caption>
        <thead className="bg-slate-50 text-xs text-slate-500 dark:bg-slate-900">
          <tr>
            <th scope="col" className={`${th} text-right`}>{t("scanner.rank")}</th>
            <th scope="col" className={`${th} text-left`}>{t("scanner.stock")}</th>
            <th scope="col" className={`${th} text-right`}>{t("scanner.price")}</th>
            <th scope="col" className={`${th} text-right`}>{t("scanner.changeRate")}</th>
            <th scope="col" className={`${th} text-right`}>{t("scanner.turnover")}</th>
            <th scope="col" className={`${th} text-right`}>{t("scanner.surge")}</th>
            <th scope="col" className={`${th} text-right`}>{t("scanner.newsScore")}</th>
            <th scope="col" className={`${th} text-left`}>{t("scanner.state")}</th>
            <th scope="col" className={`${th} text-left`}>{t("scanner.actions")}</th>
            <th scope="col" className={`${th} text-left`}>{t("scanner.reasons")}</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((row) => (
            <Row key={row.code} row={row} watched={watched.has(row.code)} busy={busy} onToggle={onToggle} lang={lang} />
          ))}
        </tbody>
      </table>
      {ranked.length > FIRST_ROWS ? (
        <button type="button" onClick={() => setAll((open) => !open)} aria-expanded={all} className="w-full border-t border-slate-200 py-2 text-sm text-blue-700 hover:bg-slate-50 dark:border-slate-800 dark:text-blue-300 dark:hover:bg-slate-900">
          {all ? t("scanner.showFirst", { n: FIRST_ROWS }) : t("scanner.showAll", { n: ranked.length })}
        </button>
      ) : null}
    </div>
  );
}

function Row({ row, watched, busy, onToggle, lang }: { row: ScannerRow; watched: boolean; busy: boolean; onToggle: (code: string, on: boolean) => void; lang: "ko" | "en" }) {
  const { t } = useI18n();
  const td = "px-2 py-2 whitespace-nowrap";
  const surging = row.reasons.includes("VOLUME_SURGE");
  return (
    <tr data-testid="scanner-row" data-code={row.code} data-selected={row.selected} data-watched={watched} className={`border-t border-slate-100 dark:border-slate-800 ${row.selected ? "bg-amber-50 dark:bg-amber-950/40" : ""}`}>
      <td className={`${td} text-right tabular-nums`}>{row.rank ?? "-"}</td>
      <td className={td}>
        <span className="font-medium">{row.name}</span> <span className="text-xs text-slate-500">{row.code}</span>
      </td>
      <td className={`${td} text-right tabular-nums ${changeClass(row.change_bps)}`}>{formatWon(row.price, lang)}</td>
      <td className={`${td} text-right tabular-nums ${changeClass(row.change_bps)}`}>{formatBps(row.change_bps)}</td>
      <td className={`${td} text-right tabular-nums`} title={formatWon(row.turnover, lang)}>
        {t("scanner.eok", { value: turnoverUnits(row.turnover, lang) })}
      </td>
      <td className={`${td} text-right tabular-nums`}>
        {row.volume_ratio_bp !== null ? (
          <span className={surging ? "font-semibold text-up" : undefined}>{volumeRatio(row.volume_ratio_bp)}</span>
        ) : surging ? (
          <span className="rounded bg-red-100 px-1.5 py-0.5 text-xs text-up dark:bg-red-950">{t("scanner.surgeListed")}</span>
        ) : (
          "-"
        )}
      </td>
      <td className={`${td} text-right tabular-nums`}>{formatNumber(row.news_score)}</td>
      <td className={td}>
        <span className="flex gap-1">
          {row.selected ? <span className="rounded bg-amber-200 px-1.5 py-0.5 text-xs font-semibold text-amber-900">★ {t("scanner.selected")}</span> : null}
          {watched ? <span className="rounded bg-sky-100 px-1.5 py-0.5 text-xs text-sky-900">{t("scanner.watched")}</span> : null}
        </span>
      </td>
      <td className={td}>
        <button
          type="button"
          disabled={busy}
          onClick={() => onToggle(row.code, !watched)}
          aria-label={t(watched ? "scanner.unwatchOne" : "scanner.watchOne", { name: row.name })}
          className="rounded border border-slate-300 px-2 py-1 text-xs disabled:opacity-50 dark:border-slate-700"
        >
          {watched ? t("scanner.unwatch") : t("scanner.watch")}
        </button>
      </td>
      <td className="min-w-72 px-2 py-2">
        <span className="flex flex-wrap gap-1">
          {row.reasons.map((reason) => (
            <span key={reason} title={reason} className="rounded border border-slate-200 px-1 text-xs text-slate-600 dark:border-slate-700 dark:text-slate-300">
              {reasonText(t, reason)}
            </span>
          ))}
        </span>
      </td>
    </tr>
  );
}

function reasonText(t: (key: MessageKey) => string, reason: string): string {
  const key = `scanner.reason.${reason}` as MessageKey;
  const text = t(key);
  return text === key ? reason : text;
}

function WatchList({ watched, rows, busy, onToggle }: { watched: string[]; rows: ScannerRow[]; busy: boolean; onToggle: (code: string, on: boolean) => void }) {
  const { t } = useI18n();
  const [code, setCode] = useState("");
  const [invalid, setInvalid] = useState(false);
  const names = new Map(rows.map((row) => [row.code, row.name]));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const clean = code.trim().toUpperCase();
    if (!/^[0-9A-Z]{6}$/.test(clean)) {
      setInvalid(true);
      return;
    }
    setInvalid(false);
    setCode("");
    onToggle(clean, true);
  };
  return (
    <section aria-labelledby="watch-list-title" className="mt-6">
      <h2 id="watch-list-title" className="mb-2 text-lg font-semibold">
        {t("scanner.watchList")}
      </h2>
      {watched.length === 0 ? (
        <p className="text-sm text-slate-500">{t("scanner.watchList.empty")}</p>
      ) : (
        <ul className="flex flex-wrap gap-2">
          {watched.map((item) => (
            <li key={item} className="flex items-center gap-1 rounded-full border border-slate-300 py-0.5 pr-1 pl-3 text-sm dark:border-slate-700">
              {names.get(item) ?? item} <span className="text-xs text-slate-500">{item}</span>
              <button
                type="button"
                disabled={busy}
                onClick={() => onToggle(item, false)}
                aria-label={t("scanner.unwatchOne", { name: names.get(item) ?? item })}
                className="rounded-full px-1.5 text-slate-500 hover:bg-slate-100 dark:hover:bg-slate-800"
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      <form onSubmit={submit} noValidate className="mt-3 flex flex-wrap items-end gap-2">
        <div>
          <label htmlFor="scanner-code" className="mb-1 block text-sm font-medium">
            {t("scanner.addCode")}
          </label>
          <input
            id="scanner-code"
            name="code"
            value={code}
            maxLength={6}
            autoComplete="off"
            aria-invalid={invalid || undefined}
            aria-describedby="scanner-code-hint"
            onChange={(event) => setCode(event.target.value)}
            className="w-32 rounded border border-slate-300 px-2 py-1.5 text-sm dark:border-slate-700 dark:bg-slate-900"
          />
        </div>
        <button type="submit" disabled={busy} className="rounded bg-blue-700 px-3 py-1.5 text-sm font-semibold text-white disabled:opacity-50">
          {t("scanner.watch")}
        </button>
        <p id="scanner-code-hint" className={`w-full text-xs ${invalid ? "text-red-700 dark:text-red-300" : "text-slate-500"}`}>
          {invalid ? t("scanner.addCode.invalid") : t("scanner.addCode.hint")}
        </p>
      </form>
    </section>
  );
}
