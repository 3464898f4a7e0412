// One study (GET /tuning/studies/{name}): its best score and trial, the best parameters against the
// values in force (with the apply button), parameter importance, the walk-forward windows and the
// trials. A 404 (no such study) says so.
import { useQuery } from "@tanstack/react-query";
import { Stat } from "../../components/Stat";
import { QueryState } from "../../components/QueryState";
import { useI18n } from "../../i18n";
import { isApiError } from "../../lib/api";
import { formatNumber } from "../../lib/format";
import type { components } from "../../lib/generated/api";
import { apiQuery } from "../../lib/query";
import { ApplyParams } from "./ApplyParams";
import { Importance } from "./Importance";
import { useParamLabel } from "./labels";
import { formatParam, formatScore, paramRows, type ParamRow } from "./params";
import { Trials } from "./Trials";
import { Windows } from "./Windows";

type Detail = components["schemas"]["StudyDetail"];

export function StudyDetail({ name }: { name: string }) {
  const { t } = useI18n();
  const detail = useQuery(apiQuery("/api/v1/tuning/studies/{name}", { path: { name } }));
  const missing = detail.isError && isApiError(detail.error) && detail.error.status === 404;
  return (
    <section aria-labelledby="study-title" data-testid="study-detail" data-study={name} className="mt-6">
      <h2 id="study-title" className="mb-2 text-lg font-semibold">
        {t("tuning.study.title", { name })}
      </h2>
      {missing ? (
        <p role="alert" data-testid="study-missing" className="text-sm text-slate-600 dark:text-slate-300">
          {t("tuning.study.missing", { message: detail.error.message })}
        </p>
      ) : (
        <QueryState query={detail}>{(data) => <Study detail={data} />}</QueryState>
      )}
    </section>
  );
}

function Study({ detail }: { detail: Detail }) {
  const { t } = useI18n();
  const { study, importance, current } = detail;
  const best = study.best;
  const windows = study.windows ?? [];
  const rows = best ? paramRows(best.params, current) : [];
  return (
    <>
      <dl className="grid grid-cols-2 gap-3 md:grid-cols-4">
        <Stat label={t("tuning.study.objective")} testId="study-objective">
          {study.objective ?? "-"}
        </Stat>
        <Stat label={t("tuning.best.value")} testId="study-best-value">
          {best ? formatScore(best.value) : "-"}
        </Stat>
        <Stat
          label={t("tuning.best.trial")}
          testId="study-best-trial"
          detail={best?.window !== null && best?.window !== undefined ? t("tuning.best.window", { n: best.window }) : undefined}
        >
          {best ? `#${best.trial}` : "-"}
        </Stat>
        <Stat label={t("tuning.study.complete")} testId="study-complete" detail={t("tuning.study.ofTrials", { n: formatNumber(study.trials.length) })}>
          {formatNumber(study.complete)}
        </Stat>
      </dl>
      {best ? (
        <BestParams rows={rows} study={study.study} best={best.params} walkForward={windows.length > 0} />
      ) : (
        <p className="mt-4 text-sm text-slate-500">{t("tuning.best.none")}</p>
      )}
      <Importance importance={importance} />
      {windows.length > 0 ? <Windows windows={windows} /> : null}
      <Trials trials={study.trials} best={best} walkForward={windows.length > 0} />
    </>
  );
}

/** The best parameters beside the values in force; a differing row is marked (colour and text). */
function BestParams({ rows, study, best, walkForward }: { rows: ParamRow[]; study: string; best: Record<string, number>; walkForward: boolean }) {
  const { t } = useI18n();
  const label = useParamLabel();
  const changed = rows.filter((row) => row.changed).length;
  const th = "px-2 py-1.5 font-medium whitespace-nowrap";
  return (
    <section aria-labelledby="tuning-params-title" className="mt-6">
      <h3 id="tuning-params-title" className="text-base font-semibold">
        {t("tuning.params")}
      </h3>
      <p className="mb-2 text-xs text-slate-500">
        {walkForward ? t("tuning.params.noteWalkForward") : t("tuning.params.note")} {t("tuning.params.changed", { n: changed })}
      </p>
      <div className="overflow-x-auto rounded border border-slate-200 dark:border-slate-800">
        <table data-testid="tuning-params" className="w-full min-w-[28rem] text-sm tabular-nums">
          <thead className="bg-slate-50 text-xs text-slate-500 dark:bg-slate-900">
            <tr>
              <th scope="col" className={`${th} text-left`}>{t("tuning.params.param")}</th>
              <th scope="col" className={`${th} text-right`}>{t("tuning.params.current")}</th>
              <th scope="col" className={`${th} text-right`}>{t("tuning.params.best")}</th>
              <th scope="col" className={`${th} text-left`}>{t("tuning.params.diff")}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr
                key={row.param}
                data-testid="tuning-param-row"
                data-param={row.param}
                data-changed={row.changed}
                className={`border-t border-slate-100 dark:border-slate-800 ${row.changed ? "bg-amber-50 dark:bg-amber-950/40" : ""}`}
              >
                <th scope="row" className="px-2 py-1.5 text-left font-normal">
                  {label(row.param) ?? row.param}
                  {label(row.param) ? <span className="ml-1 text-xs text-slate-500">{row.param}</span> : null}
                </th>
                <td className="px-2 py-1.5 text-right">{formatParam(row.current)}</td>
                <td className={`px-2 py-1.5 text-right ${row.changed ? "font-semibold" : ""}`}>{formatParam(row.best)}</td>
                <td className="px-2 py-1.5">
                  {row.changed ? (
                    <span className="rounded bg-amber-200 px-1.5 py-0.5 text-xs font-semibold text-amber-900">{t("tuning.params.differs")}</span>
                  ) : (
                    <span className="text-xs text-slate-500">{t("tuning.params.same")}</span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <ApplyParams study={study} best={best} />
    </section>
  );
}
