// The risk form's fields, with the API's bounds (web/openapi.json, RiskSettings).
import type { FieldSpec } from "../../components/ParameterForm";
import type { MessageKey } from "../../i18n";

type T = (key: MessageKey, vars?: Record<string, string | number>) => string;

export function riskFields(t: T): FieldSpec[] {
  return [
    { name: "stop_loss_pct", label: t("risk.stopLoss"), kind: "number", unit: "%", min: -5, max: -3, hint: t("risk.hint.stopLoss") },
    { name: "max_weight_pct", label: t("risk.maxWeight"), kind: "number", unit: "%", min: 0, minExclusive: true, max: 100, hint: t("risk.hint.maxWeight") },
    { name: "daily_loss_limit_pct", label: t("risk.dailyLossLimit"), kind: "number", unit: "%", min: -20, max: 0, maxExclusive: true, hint: t("risk.hint.dailyLoss") },
    { name: "max_positions", label: t("risk.maxPositions"), kind: "integer", min: 1, max: 20, hint: t("risk.hint.range", { min: 1, max: 20 }) },
    { name: "entry_offset_ticks", label: t("risk.entryOffset"), kind: "integer", min: 0, max: 20, hint: t("risk.hint.range", { min: 0, max: 20 }) },
    {
      name: "eod_exit",
      label: t("risk.eodExit"),
      kind: "select",
      options: [
        { value: "flatten", label: t("risk.eodExit.flatten") },
        { value: "hold", label: t("risk.eodExit.hold") },
      ],
    },
    { name: "eod_exit_time", label: t("risk.eodExitTime"), kind: "time", hint: t("risk.hint.eodTime") },
    { name: "backstop", label: t("risk.backstop"), kind: "boolean", hint: t("risk.hint.backstop") },
    { name: "backstop_gap_pct", label: t("risk.backstopGap"), kind: "number", unit: "%", min: 0, max: 5, hint: t("risk.hint.backstopGap") },
    { name: "backstop_slippage_pct", label: t("risk.backstopSlippage"), kind: "number", unit: "%", min: 0, minExclusive: true, max: 10, hint: t("risk.hint.backstopSlippage") },
  ];
}
