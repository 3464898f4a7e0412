// Pure helpers for the tuning page: a study's best parameters set against the values in force,
// and the plan that applies them (the whole strategy and risk sections, changed fields replaced).
// Parameter names are "<section>.<field>" (`strategy.top_n`, `risk.stop_loss_pct`).

export const SECTIONS = ["strategy", "risk"] as const;
export type Section = (typeof SECTIONS)[number];

export function isSection(value: string): value is Section {
  return (SECTIONS as readonly string[]).includes(value);
}

export function splitParam(param: string): { section: string; field: string } {
  const dot = param.indexOf(".");
  return dot < 0 ? { section: "", field: param } : { section: param.slice(0, dot), field: param.slice(dot + 1) };
}

/** Equal as settings: numbers within floating-point noise (a study stores 2.5 as 2.5000000001). */
export function sameValue(a: unknown, b: unknown): boolean {
  if (typeof a === "number" && typeof b === "number") {
    return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
  }
  return a === b;
}

export interface ParamRow {
  param: string;
  section: string;
  field: string;
  best: number;
  /** The value in force (the study detail's `current`); null when the API has none. */
  current: number | null;
  changed: boolean;
}

/** One row per tuned parameter, by name; `changed` when the best differs from the value in force. */
export function paramRows(best: Record<string, number>, current: Record<string, number | null>): ParamRow[] {
  return Object.keys(best)
    .sort()
    .map((param) => {
      const { section, field } = splitParam(param);
      const now = current[param] ?? null;
      const value = best[param]!;
      return { param, section, field, best: value, current: now, changed: !sameValue(now, value) };
    });
}

export interface Change {
  param: string;
  section: Section;
  field: string;
  old: unknown;
  next: number;
}

export interface Plan {
  /** The sections to PUT (only those with a change), each the whole section as read, changed fields replaced. */
  bodies: Partial<Record<Section, Record<string, unknown>>>;
  changes: Change[];
  /** Parameters that cannot be applied here: not a strategy or risk field of the settings read. */
  skipped: string[];
}

/** What applying `best` to the sections read from the API changes. */
export function applyPlan(best: Record<string, number>, configs: Record<Section, Record<string, unknown>>): Plan {
  const bodies: Plan["bodies"] = {};
  const changes: Change[] = [];
  const skipped: string[] = [];
  for (const param of Object.keys(best).sort()) {
    const { section, field } = splitParam(param);
    const next = best[param]!;
    if (!isSection(section) || !(field in configs[section])) {
      skipped.push(param);
      continue;
    }
    const old = configs[section][field];
    if (sameValue(old, next)) continue;
    bodies[section] = { ...(bodies[section] ?? configs[section]), [field]: next };
    changes.push({ param, section, field, old, next });
  }
  return { bodies, changes, skipped };
}

const decimals = new Intl.NumberFormat("en-US", { maximumFractionDigits: 4, useGrouping: false });

/** A parameter value: 12, 2.5, -3.25, 1.2346 (four decimals at most); "-" when unknown. */
export function formatParam(value: unknown): string {
  if (value === null || value === undefined) return "-";
  if (typeof value === "number") return Number.isFinite(value) ? decimals.format(value) : String(value);
  return String(value);
}

/** An objective's score (a percent return, a profit factor or a Sharpe ratio), four decimals at most. */
export function formatScore(value: number | null | undefined): string {
  return value === null || value === undefined ? "-" : formatParam(value);
}
