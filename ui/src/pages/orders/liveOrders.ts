// Merge live order events into the cached order lists: a row changes the moment its event
// arrives. The events carry the row GET /orders answers (actors/router/views.py: OrderView), so
// the merged row is the one a refetch brings; the debounced refetch only catches missed events.
import { useQueryClient } from "@tanstack/react-query";
import type { components } from "../../lib/generated/api";
import { useLiveEvent, useLiveInvalidate } from "../../lib/useLive";

export type OrderView = components["schemas"]["OrderView"];

/** `rows` with `view` applied: an existing row replaced, a new one of `tradeDate` added on top. */
export function mergeOrder(rows: OrderView[], view: OrderView, tradeDate: string): OrderView[] {
  const index = rows.findIndex((row) => row.id === view.id);
  if (index >= 0) {
    // Events can arrive out of order with a refetch: never step back in time.
    if (Date.parse(rows[index]!.updated_at) > Date.parse(view.updated_at)) return rows;
    const next = rows.slice();
    next[index] = view;
    return next;
  }
  return view.trade_date === tradeDate ? [view, ...rows] : rows;
}

export function useLiveOrders(tradeDate: string): void {
  const client = useQueryClient();
  const apply = (view: OrderView) =>
    client.setQueriesData<OrderView[]>({ queryKey: ["/api/v1/orders"] }, (rows) => (rows ? mergeOrder(rows, view, tradeDate) : rows));
  useLiveEvent("order_update", (event) => apply(event.data));
  useLiveEvent("order_filled", (event) => apply(event.data.order));
  useLiveInvalidate(["order_update", "order_filled"], ["/api/v1/orders"]);
}
