// The run's HTML report (GET /backtests/{id}/report). It needs the bearer token like every API
// call, and the token never goes in a URL: the page fetches the HTML with the token and links to
// it as a Blob URL (a new tab, or saved as a file). The report itself loads nothing and runs no
// script (its Content-Security-Policy says so).
import { useQuery } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { useI18n } from "../../i18n";
import { api } from "../../lib/api";

const link = "rounded border border-slate-300 px-3 py-1.5 text-sm hover:bg-slate-100 dark:border-slate-700 dark:hover:bg-slate-800";

export function ReportLink({ id }: { id: number }) {
  const { t } = useI18n();
  const report = useQuery({
    queryKey: ["/api/v1/backtests/{run_id}/report", id],
    queryFn: ({ signal }) => api.getText("/api/v1/backtests/{run_id}/report", { path: { run_id: id }, signal }),
    staleTime: Infinity,
  });
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    if (report.data === undefined || typeof URL.createObjectURL !== "function") return;
    const made = URL.createObjectURL(new Blob([report.data], { type: "text/html;charset=utf-8" }));
    setUrl(made);
    return () => {
      URL.revokeObjectURL(made);
      setUrl(null);
    };
  }, [report.data]);

  if (report.isError) {
    return (
      <p role="alert" data-testid="backtest-report-error" className="text-sm text-red-700 dark:text-red-300">
        {t("backtests.report.failed", { message: report.error.message })}
      </p>
    );
  }
  if (url === null) {
    return (
      <span data-testid="backtest-report-pending" className="text-sm text-slate-500">
        {t("backtests.report.preparing")}
      </span>
    );
  }
  return (
    <span className="flex flex-wrap gap-2">
      <a data-testid="backtest-report" href={url} target="_blank" rel="noopener" className={link}>
        {t("backtests.report.open")}
      </a>
      <a href={url} download={`backtest-${id}.html`} className={link}>
        {t("backtests.report.save")}
      </a>
    </span>
  );
}
