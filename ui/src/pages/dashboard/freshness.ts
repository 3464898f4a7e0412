// Whether the balance and positions on screen are the broker's now or the last known figures
// (issue #17). The status (polled by the shell, refetched on system events) judges the account's
// last reconciliation; a live snapshot brings a newer one; the figures' own age counts on from the
// answer they came in.
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import type { components } from "../../lib/generated/api";
import { apiQuery } from "../../lib/query";

type Balance = components["schemas"]["Balance"];
type SystemStatus = components["schemas"]["SystemStatus"];

const BALANCE = "/api/v1/account/balance";
const POSITIONS = "/api/v1/account/positions";
const STATUS = "/api/v1/system/status";

/** `a` is a later instant than `b` (a reconciliation beats none). */
export function isNewer(a: string | null | undefined, b: string | null | undefined): boolean {
  return !!a && (!b || Date.parse(a) > Date.parse(b));
}

/** The figures are stale when their answer said so, or when the status says so about the same
 * (or a later) reconciliation; a status about an older one than on screen was overtaken by a live
 * snapshot and says nothing about these figures. */
export function isAccountStale(balance: Balance, status: SystemStatus | undefined): boolean {
  if (balance.stale) return true;
  if (!status?.account_stale) return false;
  return !isNewer(balance.reconciled_at, status.account_reconciled_at);
}

export interface AccountFreshness {
  stale: boolean;
  /** Seconds since the reconciliation the figures come from, as of `asOf` (null: never). */
  ageS: number | null;
  /** When the figures arrived (ms since the epoch). */
  asOf: number;
}

/** How fresh the account figures on screen are (null until there are figures). When the status
 * knows of a newer reconciliation than the figures shown (the live connection missed it), the
 * figures are fetched again. */
export function useAccountFreshness(): AccountFreshness | null {
  const client = useQueryClient();
  const balance = useQuery(apiQuery(BALANCE));
  const status = useQuery(apiQuery(STATUS));
  const shown = balance.data?.reconciled_at;
  const known = status.data?.account_reconciled_at;
  useEffect(() => {
    if (shown === undefined || !isNewer(known, shown)) return;
    void client.invalidateQueries({ queryKey: [BALANCE] });
    void client.invalidateQueries({ queryKey: [POSITIONS] });
  }, [client, known, shown]);
  if (!balance.data) return null;
  return { stale: isAccountStale(balance.data, status.data), ageS: balance.data.age_s, asOf: balance.dataUpdatedAt };
}
