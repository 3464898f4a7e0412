// Risk: the limits (GET/PUT /risk/config) with their change history, the kill switch and
// emergency liquidation.
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { ChangeHistory } from "../components/ChangeHistory";
import { PageHeader } from "../components/PageHeader";
import { ParameterForm } from "../components/ParameterForm";
import { QueryState } from "../components/QueryState";
import { useI18n } from "../i18n";
import { api } from "../lib/api";
import type { components } from "../lib/generated/api";
import { apiQuery } from "../lib/query";
import { EmergencyControls } from "./risk/EmergencyControls";
import { riskFields } from "./risk/fields";
import { strategyFormText } from "./strategy/fields";

type RiskSettings = components["schemas"]["RiskSettings"];

const CONFIG = "/api/v1/risk/config";
const HISTORY = "/api/v1/risk/history";

export default function RiskPage() {
  const { t } = useI18n();
  const client = useQueryClient();
  const config = useQuery(apiQuery(CONFIG));
  const history = useQuery(apiQuery(HISTORY, { query: { limit: 50 } }));
  const fields = riskFields(t);

  const save = async (next: Record<string, unknown>) => {
    const saved = await api.put(CONFIG, { body: next as RiskSettings });
    client.setQueryData(apiQuery(CONFIG).queryKey, saved);
    await client.invalidateQueries({ queryKey: [HISTORY] });
  };

  return (
    <section>
      <PageHeader title={t("risk.title")} />
      <EmergencyControls />
      <QueryState query={config}>
        {(data) => (
          <ParameterForm
            fields={fields}
            value={data}
            onSave={save}
            text={{ ...strategyFormText(t), title: t("risk.limits") }}
            testId="risk-form"
            saveTestId="risk-save"
          />
        )}
      </QueryState>
      <QueryState query={history}>
        {(rows) => (
          <ChangeHistory
            rows={rows}
            rowTestId="risk-history-row"
            labels={Object.fromEntries(fields.map((field) => [field.name, field.label]))}
            text={{
              title: t("risk.history"),
              empty: t("strategy.history.empty"),
              at: t("strategy.history.at"),
              key: t("strategy.history.key"),
              change: t("strategy.history.change"),
              by: t("strategy.history.by"),
            }}
          />
        )}
      </QueryState>
    </section>
  );
}
