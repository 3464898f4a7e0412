// Placeholder: the system page's author replaces this file (and owns i18n/catalogue/system.ts).
import { useQuery } from "@tanstack/react-query";
import { PageHeader } from "../components/PageHeader";
import { QueryState } from "../components/QueryState";
import { useI18n } from "../i18n";
import { apiQuery } from "../lib/query";

export default function SystemPage() {
  const { t } = useI18n();
  const query = useQuery(apiQuery("/api/v1/system/actors"));
  return (
    <section>
      <PageHeader title={t("system.title")} />
      <QueryState query={query}>
        {(data) => <p>{t("system.actors", { count: data.length })}</p>}
      </QueryState>
    </section>
  );
}
