import type { UseQueryResult } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { useI18n } from "../i18n";

export function Loading() {
  const { t } = useI18n();
  return (
    <p role="status" className="p-4 text-sm text-slate-500">
      {t("common.loading")}
    </p>
  );
}

/** Loading and error states of a query; renders `children(data)` once it has data. */
export function QueryState<T>({ query, children }: { query: UseQueryResult<T>; children: (data: T) => ReactNode }) {
  const { t } = useI18n();
  if (query.isPending) return <Loading />;
  if (query.isError) {
    return (
      <div role="alert" className="rounded border border-red-300 bg-red-50 p-3 text-sm text-red-800 dark:bg-red-950 dark:text-red-200">
        {t("common.error", { message: query.error.message })}{" "}
        <button type="button" className="underline" onClick={() => void query.refetch()}>
          {t("common.retry")}
        </button>
      </div>
    );
  }
  return <>{children(query.data)}</>;
}
