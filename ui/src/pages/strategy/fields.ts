// The strategy form's fields, with the API's bounds (web/openapi.json, StrategySettings).
import type { FieldSpec } from "../../components/ParameterForm";
import type { MessageKey } from "../../i18n";

type T = (key: MessageKey, vars?: Record<string, string | number>) => string;

export function strategyFields(t: T): FieldSpec[] {
  const range = (min: number, max: number) => t("strategy.hint.range", { min, max });
  return [
    { name: "top_n", label: t("strategy.topN"), kind: "integer", min: 1, max: 50, hint: range(1, 50) },
    { name: "news_score_threshold", label: t("strategy.newsScore"), kind: "integer", min: 0, max: 100, hint: `${range(0, 100)} · ${t("strategy.hint.news")}` },
    { name: "min_change_pct", label: t("strategy.minChange"), kind: "number", unit: "%", min: -30, max: 30, hint: range(-30, 30) },
    { name: "max_change_pct", label: t("strategy.maxChange"), kind: "number", unit: "%", min: -30, max: 30, hint: t("strategy.hint.maxChange", { min: -30, max: 30 }) },
    { name: "min_volume_ratio", label: t("strategy.minVolumeRatio"), kind: "number", unit: "×", min: 0.1, max: 100, hint: range(0.1, 100) },
    { name: "opening_range_minutes", label: t("strategy.openingRange"), kind: "integer", min: 1, max: 60, hint: range(1, 60) },
    { name: "scan_interval_s", label: t("strategy.scanInterval"), kind: "number", min: 0, minExclusive: true, max: 3600, hint: t("strategy.hint.positive", { max: 3600 }) },
    { name: "window_start", label: t("strategy.windowStart"), kind: "time", hint: t("strategy.hint.time") },
    { name: "window_end", label: t("strategy.windowEnd"), kind: "time", hint: t("strategy.hint.windowEnd") },
    { name: "require_breakout", label: t("strategy.requireBreakout"), kind: "boolean" },
    { name: "require_news", label: t("strategy.requireNews"), kind: "boolean" },
    { name: "require_vwap", label: t("strategy.requireVwap"), kind: "boolean" },
  ];
}

export function strategyFormText(t: T) {
  return {
    save: t("strategy.form.save"),
    saving: t("strategy.form.saving"),
    saved: t("strategy.form.saved"),
    reset: t("strategy.form.reset"),
    required: t("strategy.form.required"),
    notNumber: t("strategy.form.notNumber"),
    notInteger: t("strategy.form.notInteger"),
    time: t("strategy.form.time"),
    outOfRange: t("strategy.form.outOfRange"),
    rejected: (message: string) => t("strategy.form.rejected", { message }),
  };
}
