// The parameter change log (GET /strategy/history, /risk/history): newest first, one row each.
import type { components } from "../lib/generated/api";
import { formatDateTime } from "../lib/format";

type Row = components["schemas"]["ParameterChangeRow"];

export interface HistoryText {
  title: string;
  empty: string;
  at: string;
  key: string;
  change: string;
  by: string;
}

function show(value: unknown): string {
  if (value === null || value === undefined) return "-";
  return typeof value === "object" ? JSON.stringify(value) : String(value);
}

/** `labels` turns an API key into the form's label; `rowTestId` marks each entry for the e2e. */
export function ChangeHistory({ rows, text, labels, rowTestId }: { rows: Row[]; text: HistoryText; labels: Record<string, string>; rowTestId: string }) {
  return (
    <section aria-labelledby={`${rowTestId}-title`} className="mt-8">
      <h2 id={`${rowTestId}-title`} className="mb-2 text-lg font-semibold">
        {text.title}
      </h2>
      {rows.length === 0 ? (
        <p className="text-sm text-slate-500">{text.empty}</p>
      ) : (
        <div className="overflow-x-auto">
          <table className="w-full min-w-[32rem] text-left text-sm">
            <thead className="border-b border-slate-300 text-xs text-slate-500 dark:border-slate-700">
              <tr>
                <th scope="col" className="py-1.5 pr-3 font-medium">{text.at}</th>
                <th scope="col" className="py-1.5 pr-3 font-medium">{text.key}</th>
                <th scope="col" className="py-1.5 pr-3 font-medium">{text.change}</th>
                <th scope="col" className="py-1.5 font-medium">{text.by}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row, index) => (
                <tr key={`${row.at}-${row.key}-${index}`} data-testid={rowTestId} data-key={row.key} className="border-b border-slate-100 dark:border-slate-800">
                  <td className="py-1.5 pr-3 whitespace-nowrap tabular-nums">{formatDateTime(row.at)}</td>
                  <td className="py-1.5 pr-3">
                    {labels[row.key] ?? row.key}
                    {labels[row.key] ? <span className="ml-1 text-xs text-slate-500">{row.key}</span> : null}
                  </td>
                  <td className="py-1.5 pr-3 tabular-nums">
                    {show(row.old_value)} → <strong>{show(row.new_value)}</strong>
                  </td>
                  <td className="py-1.5">{row.changed_by}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
