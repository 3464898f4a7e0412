// Placeholder: the orders page's author replaces this file (and owns i18n/catalogue/orders.ts).
import { useQuery } from "@tanstack/react-query";
import { PageHeader } from "../components/PageHeader";
import { QueryState } from "../components/QueryState";
import { useI18n } from "../i18n";
import { apiQuery } from "../lib/query";

export default function OrdersPage() {
  const { t } = useI18n();
  const query = useQuery(apiQuery("/api/v1/orders"));
  return (
    <section>
      <PageHeader title={t("orders.title")} />
      <QueryState query={query}>
        {(data) => <p>{t("orders.count", { count: data.length })}</p>}
      </QueryState>
    </section>
  );
}
