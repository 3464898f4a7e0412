// Placeholder: the scanner page's author replaces this file (and owns i18n/catalogue/scanner.ts).
import { useQuery } from "@tanstack/react-query";
import { PageHeader } from "../components/PageHeader";
import { QueryState } from "../components/QueryState";
import { useI18n } from "../i18n";
import { apiQuery } from "../lib/query";

export default function ScannerPage() {
  const { t } = useI18n();
  const query = useQuery(apiQuery("/api/v1/scanner/top"));
  return (
    <section>
      <PageHeader title={t("scanner.title")} />
      <QueryState query={query}>
        {(data) => <pre className="overflow-auto rounded bg-slate-100 p-3 text-xs dark:bg-slate-900">{JSON.stringify(data, null, 2)}</pre>}
      </QueryState>
    </section>
  );
}
