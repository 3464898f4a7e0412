// Backtests: run one with the parameters in force (POST /backtests: seeded synthetic days, or
// fetched days without the news filter), the stored runs (GET /backtests), and a run's summary,
// days, patterns, equity curve and HTML report (GET /backtests/{id}, /{id}/report). The selected
// run is in the URL (?run=); without one, the newest is shown.
import { useQuery } from "@tanstack/react-query";
import { useSearchParams } from "react-router";
import { PageHeader } from "../components/PageHeader";
import { QueryState } from "../components/QueryState";
import { useI18n } from "../i18n";
import { apiQuery } from "../lib/query";
import { RunDetail } from "./backtests/RunDetail";
import { RunForm } from "./backtests/RunForm";
import { RunList } from "./backtests/RunList";

export default function BacktestsPage() {
  const { t } = useI18n();
  const [params, setParams] = useSearchParams();
  const runs = useQuery(apiQuery("/api/v1/backtests"));
  const picked = Number(params.get("run"));
  const select = (id: number) => setParams({ run: String(id) });
  return (
    <section>
      <PageHeader title={t("backtests.title")} />
      <RunForm onRan={select} />
      <QueryState query={runs}>
        {(rows) => {
          const selected = Number.isInteger(picked) && picked > 0 ? picked : (rows[0]?.id ?? null);
          return (
            <>
              <RunList rows={rows} selected={selected} />
              {selected !== null ? <RunDetail key={selected} id={selected} /> : null}
            </>
          );
        }}
      </QueryState>
    </section>
  );
}
