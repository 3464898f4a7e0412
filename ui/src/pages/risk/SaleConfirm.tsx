// A risk change that would sell the agent's positions at once: the API refuses it with a 409 whose
// `extra.sells` lists them, and makes it only when the PUT is repeated with `?confirm=SELL`. The
// page asks here first: the dialog lists what would be sold, and only "change and sell" resends.
//
//   const sale = useSaleConfirmation();
//   const saved = await withSaleConfirmation((confirm) => api.put(CONFIG, { body, query: confirm }), sale.ask, cancelled);
//   return <>{sale.dialog}</>;
import { useState, type ReactNode } from "react";
import { ConfirmDialog } from "../../components/ConfirmDialog";
import { useI18n } from "../../i18n";
import { isApiError } from "../../lib/api";
import type { components } from "../../lib/generated/api";
import { formatNumber } from "../../lib/format";

type Sale = components["schemas"]["SaleToConfirm"];
type Confirm = components["schemas"]["SalesToConfirm"]["confirm"];

/** The positions a refused change would sell (a 409's `extra.sells`), or null for any other error. */
export function salesOf(error: unknown): Sale[] | null {
  if (!isApiError(error) || error.status !== 409) return null;
  const extra = error.extra as { sells?: unknown } | null;
  return extra && Array.isArray(extra.sells) ? (extra.sells as Sale[]) : null;
}

/**
 * Send with `send()`; when the API answers that the change would sell, `ask` the operator, and on
 * yes send again with the confirmation. A "no" throws `cancelled` (the form shows it: not saved).
 */
export async function withSaleConfirmation<T>(
  send: (query?: { confirm: Confirm }) => Promise<T>,
  ask: (sales: Sale[]) => Promise<boolean>,
  cancelled: () => Error,
): Promise<T> {
  try {
    return await send();
  } catch (error) {
    const sales = salesOf(error);
    if (!sales) throw error;
    if (!(await ask(sales))) throw cancelled();
    return send({ confirm: "SELL" });
  }
}

/** The dialog and the question it answers: `ask(sales)` resolves true on "change and sell". */
export function useSaleConfirmation(): { ask: (sales: Sale[]) => Promise<boolean>; dialog: ReactNode } {
  const { t } = useI18n();
  const [asking, setAsking] = useState<{ sales: Sale[]; answer: (yes: boolean) => void } | null>(null);
  const ask = (sales: Sale[]) => new Promise<boolean>((answer) => setAsking({ sales, answer }));
  const close = (yes: boolean) => {
    asking?.answer(yes);
    setAsking(null);
  };
  const dialog = (
    <ConfirmDialog
      open={asking !== null}
      danger
      title={t("risk.sale.title")}
      confirmLabel={t("risk.sale.yes")}
      cancelLabel={t("risk.sale.no")}
      onConfirm={() => close(true)}
      onCancel={() => close(false)}
    >
      <p>{t("risk.sale.body")}</p>
      <ul data-testid="sale-list" className="mt-1 list-disc pl-5">
        {(asking?.sales ?? []).map((sale) => (
          <li key={sale.code} data-code={sale.code}>
            {t("risk.sale.item", {
              name: sale.name,
              code: sale.code,
              count: formatNumber(sale.quantity),
              reason: t(`risk.sale.reason.${sale.reason}`),
            })}
          </li>
        ))}
      </ul>
      <p className="mt-2">{t("risk.sale.note")}</p>
    </ConfirmDialog>
  );
  return { ask, dialog };
}
