/** What a list shows when it has nothing to show. */
export function EmptyState({ children }: { children: string }) {
  return (
    <p className="rounded border border-dashed border-slate-300 p-4 text-center text-sm text-slate-500 dark:border-slate-700">
      {children}
    </p>
  );
}
