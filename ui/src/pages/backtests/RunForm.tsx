// A new backtest: seeded synthetic days (seeds "A-B", an optional date), or fetched days (from,
// to, without the news filter: fetched days carry no news scores). The run happens while the
// request waits (a second or two a day, at most 20 days), so the form is disabled and says so
// meanwhile; a 400 shows the API's own message.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useId, useState, type FormEvent } from "react";
import { useI18n } from "../../i18n";
import { api } from "../../lib/api";
import { formatNumber } from "../../lib/format";
import type { components } from "../../lib/generated/api";
import type { RunRequest } from "./result";

type BacktestRequest = components["schemas"]["BacktestRequest"];
type Mode = "seeds" | "days";

const input = "rounded border border-slate-300 px-2 py-1.5 text-sm tabular-nums disabled:opacity-60 dark:border-slate-700 dark:bg-slate-900";

export function RunForm({ onRan }: { onRan: (id: number) => void }) {
  const { t } = useI18n();
  const id = useId();
  const client = useQueryClient();
  const [mode, setMode] = useState<Mode>("seeds");
  const [seeds, setSeeds] = useState("1-5");
  const [date, setDate] = useState("");
  const [from, setFrom] = useState("");
  const [to, setTo] = useState("");
  const [withoutNews, setWithoutNews] = useState(true);
  const [notice, setNotice] = useState<{ ok: boolean; text: string } | null>(null);

  const run = useMutation({
    // The API's request type marks without_news required (it has a default); the body sends it
    // only for fetched days, as the API documents.
    mutationFn: (body: RunRequest) => api.post("/api/v1/backtests", { body: body as BacktestRequest }),
    onSuccess: (row) => {
      setNotice({ ok: true, text: t("backtests.form.done", { id: row.id, days: formatNumber(row.days), trades: formatNumber(row.trades) }) });
      void client.invalidateQueries({ queryKey: ["/api/v1/backtests"] });
      onRan(row.id);
    },
    onError: (failure) => setNotice({ ok: false, text: t("backtests.form.failed", { message: failure.message }) }),
  });
  const busy = run.isPending;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    setNotice(null);
    if (mode === "seeds") {
      const range = seeds.trim();
      if (!range) return setNotice({ ok: false, text: t("backtests.form.needSeeds") });
      run.mutate(date ? { seeds: range, date } : { seeds: range });
    } else {
      if (!from || !to) return setNotice({ ok: false, text: t("backtests.form.needDates") });
      run.mutate({ from, to, without_news: withoutNews });
    }
  };

  return (
    <form data-testid="backtest-form" aria-busy={busy} noValidate onSubmit={submit} className="mb-6 rounded-lg border border-slate-200 p-4 dark:border-slate-800">
      <fieldset disabled={busy} className="flex flex-col gap-3">
        <legend className="mb-1 text-base font-semibold">{t("backtests.form.title")}</legend>
        <div role="radiogroup" aria-label={t("backtests.form.source")} className="flex flex-wrap gap-4 text-sm">
          <label className="flex items-center gap-2">
            <input type="radio" name="source" value="seeds" data-testid="backtest-mode-seeds" checked={mode === "seeds"} onChange={() => setMode("seeds")} />
            {t("backtests.form.seedsMode")}
          </label>
          <label className="flex items-center gap-2">
            <input type="radio" name="source" value="days" data-testid="backtest-mode-days" checked={mode === "days"} onChange={() => setMode("days")} />
            {t("backtests.form.daysMode")}
          </label>
        </div>
        {mode === "seeds" ? (
          <div className="flex flex-wrap items-start gap-4">
            <div className="flex flex-col gap-1">
              <label htmlFor={`${id}-seeds`} className="text-sm font-medium">
                {t("backtests.form.seeds")}
              </label>
              <input id={`${id}-seeds`} name="seeds" value={seeds} onChange={(event) => setSeeds(event.target.value)} placeholder="1-5" aria-describedby={`${id}-seeds-hint`} className={`${input} w-32`} />
              <p id={`${id}-seeds-hint`} className="text-xs text-slate-500">
                {t("backtests.form.seedsHint")}
              </p>
            </div>
            <div className="flex flex-col gap-1">
              <label htmlFor={`${id}-date`} className="text-sm font-medium">
                {t("backtests.form.date")}
              </label>
              <input id={`${id}-date`} type="date" name="date" value={date} onChange={(event) => setDate(event.target.value)} aria-describedby={`${id}-date-hint`} className={input} />
              <p id={`${id}-date-hint`} className="text-xs text-slate-500">
                {t("backtests.form.dateHint")}
              </p>
            </div>
          </div>
        ) : (
          <div className="flex flex-wrap items-start gap-4">
            <div className="flex flex-col gap-1">
              <label htmlFor={`${id}-from`} className="text-sm font-medium">
                {t("backtests.form.from")}
              </label>
              <input id={`${id}-from`} type="date" name="from" value={from} onChange={(event) => setFrom(event.target.value)} className={input} />
            </div>
            <div className="flex flex-col gap-1">
              <label htmlFor={`${id}-to`} className="text-sm font-medium">
                {t("backtests.form.to")}
              </label>
              <input id={`${id}-to`} type="date" name="to" value={to} onChange={(event) => setTo(event.target.value)} className={input} />
            </div>
            <div className="flex flex-col gap-1 pt-6">
              <label className="flex items-center gap-2 text-sm">
                <input type="checkbox" name="without_news" checked={withoutNews} onChange={(event) => setWithoutNews(event.target.checked)} aria-describedby={`${id}-news-hint`} />
                {t("backtests.form.withoutNews")}
              </label>
              <p id={`${id}-news-hint`} className="max-w-sm text-xs text-slate-500">
                {t("backtests.form.withoutNewsHint")}
              </p>
            </div>
          </div>
        )}
        <p className="text-xs text-slate-500">{t("backtests.form.note")}</p>
        <div className="flex flex-wrap items-center gap-3">
          <button type="submit" data-testid="backtest-run" className="rounded bg-blue-700 px-4 py-2 text-sm font-semibold text-white hover:bg-blue-800 disabled:opacity-50">
            {busy ? t("backtests.form.running") : t("backtests.form.run")}
          </button>
        </div>
      </fieldset>
      <p
        role="status"
        data-testid="backtest-form-status"
        data-state={busy ? "running" : notice?.ok ? "done" : "idle"}
        className={`mt-2 min-h-5 text-sm ${busy ? "text-slate-600 dark:text-slate-300" : "text-emerald-700 dark:text-emerald-400"}`}
      >
        {busy ? t("backtests.form.busy") : notice?.ok ? notice.text : ""}
      </p>
      {!busy && notice && !notice.ok ? (
        <p role="alert" data-testid="backtest-error" className="text-sm font-semibold text-red-700 dark:text-red-300">
          {notice.text}
        </p>
      ) : null}
    </form>
  );
}
