// One settings section (strategy or risk): its parameter form over GET/PUT .../config and its
// change history from .../history. The page owns the queries and the save; this lays them out.
import type { UseQueryResult } from "@tanstack/react-query";
import type { components } from "../lib/generated/api";
import { useI18n } from "../i18n";
import { strategyFormText } from "../pages/strategy/fields";
import { ChangeHistory } from "./ChangeHistory";
import { ParameterForm, type FieldSpec } from "./ParameterForm";
import { QueryState } from "./QueryState";

type Values = Parameters<typeof ParameterForm>[0]["value"];
type HistoryRow = components["schemas"]["ParameterChangeRow"];

interface Props<T extends Values> {
  config: UseQueryResult<T>;
  history: UseQueryResult<HistoryRow[]>;
  fields: FieldSpec[];
  onSave: (next: Values) => Promise<unknown>;
  title: string;
  historyTitle: string;
  /** `strategy` or `risk`: the e2e test ids `<name>-form`, `-save` and `-history-row`. */
  name: string;
}

export function SettingsEditor<T extends Values>({ config, history, fields, onSave, title, historyTitle, name }: Props<T>) {
  const { t } = useI18n();
  return (
    <>
      <QueryState query={config}>
        {(data) => (
          <ParameterForm
            fields={fields}
            value={data}
            onSave={onSave}
            text={{ ...strategyFormText(t), title }}
            testId={`${name}-form`}
            saveTestId={`${name}-save`}
          />
        )}
      </QueryState>
      <QueryState query={history}>
        {(rows) => (
          <ChangeHistory
            rows={rows}
            rowTestId={`${name}-history-row`}
            labels={Object.fromEntries(fields.map((field) => [field.name, field.label]))}
            text={{
              title: historyTitle,
              empty: t("strategy.history.empty"),
              at: t("strategy.history.at"),
              key: t("strategy.history.key"),
              change: t("strategy.history.change"),
              by: t("strategy.history.by"),
            }}
          />
        )}
      </QueryState>
    </>
  );
}
