// Keep the dashboard's account queries current from live events, without waiting for a refetch.
import { useQueryClient } from "@tanstack/react-query";
import type { components } from "../../lib/generated/api";
import { ageAt } from "../../lib/useAge";
import { useLiveEvent, useLiveInvalidate } from "../../lib/useLive";
import { isNewer } from "./freshness";

type Balance = components["schemas"]["Balance"];
/** The account actor's `position_update` payload; its positions are GET /account/positions'. */
type AccountSnapshot = components["schemas"]["AccountSnapshot"];

/** The balance on screen before a snapshot, and when it arrived (ms since the epoch). */
export interface Shown {
  balance: Balance;
  at: number;
}

/** The balance the API would answer for `snapshot` (web/routes/account.py), as of `now`.
 *
 * The account publishes a snapshot when it has just reconciled with the broker
 * (actors/account/actor.py), so one with a newer `reconciled_at` than the figures shown is
 * current: age 0, not stale. One from the same reconciliation keeps the shown figures' staleness
 * and counts their age on; one never reconciled is stale. Staleness after that is the status's
 * call (dashboard/freshness.ts): it is polled, and the threshold is the server's setting. */
export function balanceOf(snapshot: AccountSnapshot, shown?: Shown, now: number = Date.now()): Balance {
  const never = snapshot.reconciled_at === null;
  // The figures shown come from this snapshot's reconciliation (else it is a newer one).
  const same = shown && !isNewer(snapshot.reconciled_at, shown.balance.reconciled_at) ? shown : null;
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
    age_s: never ? null : same ? ageAt(same.balance.age_s, same.at, now) : 0,
    stale: never || (same?.balance.stale ?? false),
  };
}

const BALANCE = ["/api/v1/account/balance", {}] as const;

export function useLiveAccount(): void {
  const client = useQueryClient();
  useLiveEvent("position_update", (event) => {
    const snapshot = event.data;
    const state = client.getQueryState<Balance>(BALANCE);
    const shown = state?.data ? { balance: state.data, at: state.dataUpdatedAt } : undefined;
    // An answer fetched meanwhile may already hold a later reconciliation than this snapshot.
    if (shown && isNewer(shown.balance.reconciled_at, snapshot.reconciled_at)) return;
    client.setQueryData(BALANCE, balanceOf(snapshot, shown));
    client.setQueryData(["/api/v1/account/positions", {}], snapshot.positions);
  });
  // A fill changes cash before the account's next snapshot; the status has its own events.
  useLiveInvalidate(["order_filled"], ["/api/v1/account/balance"]);
  useLiveInvalidate(["order_filled"], ["/api/v1/orders"]);
  useLiveInvalidate(["system_status"], ["/api/v1/system/status"]);
}
