// Keep the dashboard's account queries current from live events, without waiting for a refetch.
import { useQueryClient } from "@tanstack/react-query";
import type { components } from "../../lib/generated/api";
import { useLiveEvent, useLiveInvalidate } from "../../lib/useLive";

type Balance = components["schemas"]["Balance"];
type Position = components["schemas"]["Position"];

/** The account actor's `position_update` payload (actors/account: AccountSnapshot). */
interface AccountSnapshot {
  cash: number;
  orderable: number;
  orderable_cash_only: number;
  capital: number;
  equity: number;
  realized_pnl: number;
  open_pnl: number;
  positions: Position[];
  reconciled_at: string | null;
}

/** The balance the API would answer for `snapshot` (web/routes/account.py). */
export function balanceOf(snapshot: AccountSnapshot): Balance {
  return {
    cash: snapshot.cash,
    orderable: snapshot.orderable,
    orderable_cash_only: snapshot.orderable_cash_only,
    capital: snapshot.capital,
    equity: snapshot.equity,
    realized_pnl: snapshot.realized_pnl,
    open_pnl: snapshot.open_pnl,
    daily_pnl: snapshot.realized_pnl + snapshot.open_pnl,
    reconciled_at: snapshot.reconciled_at,
  };
}

export function useLiveAccount(): void {
  const client = useQueryClient();
  useLiveEvent("position_update", (event) => {
    const snapshot = event.data as unknown as AccountSnapshot;
    if (typeof snapshot.cash !== "number" || !Array.isArray(snapshot.positions)) return;
    client.setQueryData(["/api/v1/account/balance", {}], balanceOf(snapshot));
    client.setQueryData(["/api/v1/account/positions", {}], snapshot.positions);
  });
  // A fill changes cash before the account's next snapshot; the status has its own events.
  useLiveInvalidate(["order_filled"], ["/api/v1/account/balance"]);
  useLiveInvalidate(["order_filled"], ["/api/v1/orders"]);
  useLiveInvalidate(["system_status"], ["/api/v1/system/status"]);
}
