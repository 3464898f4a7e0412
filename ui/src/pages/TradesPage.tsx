// Placeholder: the trades page's author replaces this file (and owns i18n/catalogue/trades.ts).
import { useQuery } from "@tanstack/react-query";
import { PageHeader } from "../components/PageHeader";
import { QueryState } from "../components/QueryState";
import { useI18n } from "../i18n";
import { apiQuery } from "../lib/query";

export default function TradesPage() {
  const { t } = useI18n();
  const query = useQuery(apiQuery("/api/v1/trades"));
  return (
    <section>
      <PageHeader title={t("trades.title")} />
      <QueryState query={query}>
        {(data) => <p>{t("trades.count", { count: data.items.length })}</p>}
      </QueryState>
    </section>
  );
}
