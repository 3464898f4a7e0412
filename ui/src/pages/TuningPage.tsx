// Tuning: the studies `stockagent tune` keeps (GET /tuning/studies), one study's best parameters
// against the values in force, parameter importance, in and out of sample per walk-forward window
// and its trials (GET /tuning/studies/{name}); the best parameters applied after a confirmation
// (PUT /strategy/config and /risk/config as `tuner`). The selected study is in the URL (?study=).
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useSearchParams } from "react-router";
import { PageHeader } from "../components/PageHeader";
import { QueryState } from "../components/QueryState";
import { useI18n } from "../i18n";
import { apiQuery } from "../lib/query";
import { StudyDetail } from "./tuning/StudyDetail";
import { StudyList } from "./tuning/StudyList";

const STUDIES = "/api/v1/tuning/studies";
const STUDY = "/api/v1/tuning/studies/{name}";

export default function TuningPage() {
  const { t } = useI18n();
  const client = useQueryClient();
  const [params, setParams] = useSearchParams();
  const studies = useQuery(apiQuery(STUDIES));
  const picked = params.get("study");

  const refresh = () => {
    void client.invalidateQueries({ queryKey: [STUDIES] });
    void client.invalidateQueries({ queryKey: [STUDY] });
  };

  return (
    <section>
      <PageHeader title={t("tuning.title")}>
        <button type="button" onClick={refresh} className="rounded border border-slate-300 px-3 py-1.5 text-sm dark:border-slate-700">
          {t("tuning.refresh")}
        </button>
      </PageHeader>
      <QueryState query={studies}>
        {(data) => {
          // The newest study until one is picked.
          const selected = picked ?? data.studies[0]?.name ?? null;
          return (
            <>
              <p className="mb-3 text-xs text-slate-500">
                {t("tuning.storage")} <code className="break-all">{data.storage}</code>
              </p>
              {data.studies.length === 0 ? (
                <TuningEmpty />
              ) : (
                <StudyList rows={data.studies} selected={selected} onSelect={(name) => setParams({ study: name })} />
              )}
              {selected !== null ? <StudyDetail key={selected} name={selected} /> : null}
            </>
          );
        }}
      </QueryState>
    </section>
  );
}

function TuningEmpty() {
  const { t } = useI18n();
  return (
    <div data-testid="tuning-empty" className="rounded border border-dashed border-slate-300 p-4 text-sm text-slate-600 dark:border-slate-700 dark:text-slate-300">
      <p className="font-semibold">{t("tuning.empty")}</p>
      <p className="mt-2">{t("tuning.empty.how")}</p>
      <pre className="mt-2 overflow-x-auto rounded bg-slate-100 p-2 text-xs dark:bg-slate-800">
        <code>stockagent tune --study NAME --trials N --seeds 1-5</code>
      </pre>
      <p className="mt-2 text-xs text-slate-500">{t("tuning.empty.more")}</p>
    </div>
  );
}
