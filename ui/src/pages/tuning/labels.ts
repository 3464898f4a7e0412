// A tuned parameter's name as the Strategy and Risk forms label it ("strategy.top_n" -> "거래대금
// 상위 종목 수"), or null for a field those forms do not show.
import { useI18n } from "../../i18n";
import { riskFields } from "../risk/fields";
import { strategyFields } from "../strategy/fields";
import { splitParam } from "./params";

export function useParamLabel(): (param: string) => string | null {
  const { t } = useI18n();
  const labels: Record<string, Record<string, string>> = {
    strategy: Object.fromEntries(strategyFields(t).map((field) => [field.name, field.label])),
    risk: Object.fromEntries(riskFields(t).map((field) => [field.name, field.label])),
  };
  return (param) => {
    const { section, field } = splitParam(param);
    return labels[section]?.[field] ?? null;
  };
}
