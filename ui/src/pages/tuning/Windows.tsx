// Walking forward: each window's best score on its training days (in sample) against the same
// parameters' score on the days that followed, unseen (out of sample): a small SVG bar chart and
// the numbers as a table.
import { useI18n } from "../../i18n";
import type { components } from "../../lib/generated/api";
import { formatScore } from "./params";

type WindowRow = components["schemas"]["WindowRow"];

const IN = "#64748b";
const OUT = "#d97706";

function days(keys: string[]): string {
  if (keys.length === 0) return "-";
  return keys.length === 1 ? keys[0]! : `${keys[0]} – ${keys.at(-1)} (${keys.length})`;
}

function mean(values: (number | null)[]): number | null {
  const known = values.filter((v): v is number => v !== null && Number.isFinite(v));
  return known.length > 0 ? known.reduce((sum, v) => sum + v, 0) / known.length : null;
}

export function Windows({ windows }: { windows: WindowRow[] }) {
  const { t } = useI18n();
  const th = "px-2 py-1.5 font-medium whitespace-nowrap";
  const inAvg = mean(windows.map((w) => w.in_sample));
  const outAvg = mean(windows.map((w) => w.out_of_sample));
  return (
    <section aria-labelledby="tuning-windows-title" className="mt-6">
      <h3 id="tuning-windows-title" className="text-base font-semibold">
        {t("tuning.windows")}
      </h3>
      <p className="mb-2 text-xs text-slate-500">
        {t("tuning.windows.note")} {t("tuning.windows.mean", { inSample: formatScore(inAvg), outOfSample: formatScore(outAvg) })}
      </p>
      <WindowChart windows={windows} />
      <div className="mt-2 overflow-x-auto rounded border border-slate-200 dark:border-slate-800">
        <table data-testid="tuning-windows" className="w-full min-w-[40rem] text-sm tabular-nums">
          <thead className="bg-slate-50 text-xs text-slate-500 dark:bg-slate-900">
            <tr>
              <th scope="col" className={`${th} text-left`}>{t("tuning.windows.window")}</th>
              <th scope="col" className={`${th} text-left`}>{t("tuning.windows.train")}</th>
              <th scope="col" className={`${th} text-left`}>{t("tuning.windows.test")}</th>
              <th scope="col" className={`${th} text-right`}>{t("tuning.windows.complete")}</th>
              <th scope="col" className={`${th} text-right`}>{t("tuning.windows.inSample")}</th>
              <th scope="col" className={`${th} text-right`}>{t("tuning.windows.outOfSample")}</th>
            </tr>
          </thead>
          <tbody>
            {windows.map((w) => (
              <tr key={w.window} data-testid="tuning-window-row" data-window={w.window} className="border-t border-slate-100 dark:border-slate-800">
                <td className="px-2 py-1.5">#{w.window}</td>
                <td className="px-2 py-1.5">{days(w.train)}</td>
                <td className="px-2 py-1.5">{days(w.test)}</td>
                <td className="px-2 py-1.5 text-right">{w.complete}</td>
                <td className="px-2 py-1.5 text-right">{formatScore(w.in_sample)}</td>
                <td className="px-2 py-1.5 text-right">{formatScore(w.out_of_sample)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

/** Two bars a window (in and out of sample) around a zero line; the table above carries the numbers. */
function WindowChart({ windows }: { windows: WindowRow[] }) {
  const { t } = useI18n();
  const values = windows.flatMap((w) => [w.in_sample, w.out_of_sample]).filter((v): v is number => v !== null && Number.isFinite(v));
  if (values.length === 0) return null;
  const top = Math.max(0, ...values);
  const bottom = Math.min(0, ...values);
  const span = top - bottom || 1;
  const height = 120;
  const pad = 14;
  const slot = 48;
  const bar = 16;
  const width = Math.max(windows.length * slot, 160);
  const y = (v: number) => pad + ((top - v) / span) * (height - 2 * pad);
  const zero = y(0);
  const rect = (x: number, v: number | null, fill: string, key: string) => {
    if (v === null || !Number.isFinite(v)) return null;
    const a = y(v);
    return <rect key={key} x={x} y={Math.min(a, zero)} width={bar} height={Math.max(1, Math.abs(zero - a))} fill={fill} />;
  };
  return (
    <figure className="max-w-xl">
      <svg
        role="img"
        aria-label={t("tuning.windows.chart")}
        data-testid="tuning-windows-chart"
        viewBox={`0 0 ${width} ${height + 14}`}
        className="h-36 w-full"
        preserveAspectRatio="xMinYMin meet"
      >
        <line x1={0} x2={width} y1={zero} y2={zero} stroke="#94a3b8" strokeWidth={1} />
        {windows.map((w, i) => {
          const x = i * slot + (slot - 2 * bar - 2) / 2;
          return (
            <g key={w.window}>
              {rect(x, w.in_sample, IN, "in")}
              {rect(x + bar + 2, w.out_of_sample, OUT, "out")}
              <text x={i * slot + slot / 2} y={height + 10} textAnchor="middle" fontSize={10} fill="#64748b">
                #{w.window}
              </text>
            </g>
          );
        })}
      </svg>
      <figcaption className="flex gap-4 text-xs text-slate-500">
        <span>
          <span aria-hidden="true" className="mr-1 inline-block h-2 w-3" style={{ background: IN }} />
          {t("tuning.windows.inSample")}
        </span>
        <span>
          <span aria-hidden="true" className="mr-1 inline-block h-2 w-3" style={{ background: OUT }} />
          {t("tuning.windows.outOfSample")}
        </span>
      </figcaption>
    </figure>
  );
}
