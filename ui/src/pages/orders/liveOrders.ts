// Merge live order events into the cached order lists: a row changes the moment its event
// arrives; a debounced refetch then fills in what events do not carry (reject message, reasons).
import { useQueryClient } from "@tanstack/react-query";
import type { components } from "../../lib/generated/api";
import { useLiveEvent, useLiveInvalidate } from "../../lib/useLive";

export type OrderRow = components["schemas"]["OrderView"];

/** The router's order view (actors/router/messages.py: OrderView), what order events carry. */
export interface OrderView {
  id: number;
  client_order_id: string;
  broker_order_no: string | null;
  code: string;
  side: string;
  purpose: string;
  order_type: string;
  quantity: number;
  price: number | null;
  filled_quantity: number;
  avg_fill_price: number | null;
  status: string;
  reject_code: string | null;
  updated_at: string;
  stop_price?: number | null;
}

/** `rows` with `view` applied: an existing row updated in place, a new one added on top. */
export function mergeOrder(rows: OrderRow[], view: OrderView, tradeDate: string): OrderRow[] {
  const index = rows.findIndex((row) => row.id === view.id);
  if (index >= 0) {
    const current = rows[index]!;
    // Events can arrive out of order with a refetch: never step back in time.
    if (Date.parse(current.updated_at) > Date.parse(view.updated_at)) return rows;
    const next = rows.slice();
    next[index] = { ...current, ...view, reject_message: view.reject_code === current.reject_code ? current.reject_message : null };
    return next;
  }
  const added: OrderRow = {
    ...view,
    reason_codes: [],
    reject_message: null,
    trade_date: tradeDate,
    created_at: view.updated_at,
  };
  return [added, ...rows];
}

export function useLiveOrders(tradeDate: string): void {
  const client = useQueryClient();
  const apply = (view: OrderView | undefined) => {
    if (!view || typeof view.id !== "number") return;
    client.setQueriesData<OrderRow[]>({ queryKey: ["/api/v1/orders"] }, (rows) => (rows ? mergeOrder(rows, view, tradeDate) : rows));
  };
  useLiveEvent("order_update", (event) => apply(event.data as unknown as OrderView));
  useLiveEvent("order_filled", (event) => apply((event.data as { order?: OrderView }).order));
  useLiveInvalidate(["order_update", "order_filled"], ["/api/v1/orders"]);
}
