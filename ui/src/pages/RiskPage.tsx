// Risk: the limits (GET/PUT /risk/config) with their change history, the kill switch, the freeze and
// emergency liquidation. A change of the limits that would sell the agent's positions at once is
// made only after a dialog that lists them (./risk/SaleConfirm).
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { PageHeader } from "../components/PageHeader";
import { SettingsEditor } from "../components/SettingsEditor";
import { useI18n } from "../i18n";
import { api } from "../lib/api";
import type { components } from "../lib/generated/api";
import { apiQuery } from "../lib/query";
import { EmergencyControls } from "./risk/EmergencyControls";
import { riskFields } from "./risk/fields";
import { useSaleConfirmation, withSaleConfirmation } from "./risk/SaleConfirm";

type RiskSettings = components["schemas"]["RiskSettings"];

const CONFIG = "/api/v1/risk/config";
const HISTORY = "/api/v1/risk/history";

export default function RiskPage() {
  const { t } = useI18n();
  const client = useQueryClient();
  const config = useQuery(apiQuery(CONFIG));
  const history = useQuery(apiQuery(HISTORY, { query: { limit: 50 } }));
  const fields = riskFields(t);
  const sale = useSaleConfirmation();

  const save = async (next: Record<string, unknown>) => {
    const body = next as RiskSettings;
    const saved = await withSaleConfirmation(
      (query) => api.put(CONFIG, { body, query }),
      sale.ask,
      () => new Error(t("risk.sale.cancelled")),
    );
    client.setQueryData(apiQuery(CONFIG).queryKey, saved);
    await client.invalidateQueries({ queryKey: [HISTORY] });
  };

  return (
    <section>
      <PageHeader title={t("risk.title")} />
      <EmergencyControls />
      <SettingsEditor
        config={config}
        history={history}
        fields={fields}
        onSave={save}
        title={t("risk.limits")}
        historyTitle={t("risk.history")}
        name="risk"
      />
      {sale.dialog}
    </section>
  );
}
