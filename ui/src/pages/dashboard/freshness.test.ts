import { describe, expect, it } from "vitest";
import { balance } from "../../mocks/handlers/account";
import { systemStatus } from "../../mocks/handlers/system";
import { ageAt } from "../../lib/useAge";
import { isAccountStale, isNewer } from "./freshness";
import { balanceOf } from "./liveAccount";

const snapshot = {
  at: "2026-11-24T00:12:00Z",
  cash: 1_000,
  orderable: 1_000,
  orderable_cash_only: 1_000,
  capital: 500,
  equity: 2_000,
  realized_pnl: 10,
  open_pnl: 20,
  positions: [],
  reconciled_at: "2026-11-24T00:12:00Z",
};

describe("how fresh the account figures are", () => {
  it("orders reconciliation instants, a reconciliation beating none", () => {
    expect(isNewer("2026-11-24T00:12:01Z", "2026-11-24T00:12:00Z")).toBe(true);
    // The same instant written in another zone is not newer.
    expect(isNewer("2026-11-24T09:12:00+09:00", "2026-11-24T00:12:00Z")).toBe(false);
    expect(isNewer("2026-11-24T00:12:00Z", null)).toBe(true);
    expect(isNewer(null, "2026-11-24T00:12:00Z")).toBe(false);
    expect(isNewer(null, null)).toBe(false);
  });

  it("counts an age the API reported on from when it answered", () => {
    expect(ageAt(5, 1_000, 31_000)).toBe(35);
    expect(ageAt(5, 1_000, 500)).toBe(5);
    expect(ageAt(null, 1_000, 31_000)).toBeNull();
  });

  it("calls the figures stale when their answer or the status about the same reconciliation says so", () => {
    expect(isAccountStale(balance, systemStatus)).toBe(false);
    expect(isAccountStale({ ...balance, stale: true }, systemStatus)).toBe(true);
    expect(isAccountStale(balance, { ...systemStatus, account_stale: true })).toBe(true);
    expect(isAccountStale(balance, undefined)).toBe(false);
  });

  it("ignores a stale status about an older reconciliation than the figures shown", () => {
    const status = { ...systemStatus, account_stale: true, account_reconciled_at: "2026-11-24T00:10:00Z" };
    expect(isAccountStale(balance, status)).toBe(false);
  });

  it("takes a snapshot from a newer reconciliation as current", () => {
    const shown = { balance: { ...balance, reconciled_at: "2026-11-24T00:11:00Z", age_s: 300, stale: true }, at: 0 };
    expect(balanceOf(snapshot, shown, 60_000)).toMatchObject({ age_s: 0, stale: false, daily_pnl: 30 });
    expect(balanceOf(snapshot, undefined, 60_000)).toMatchObject({ age_s: 0, stale: false });
  });

  it("keeps a snapshot of the same reconciliation as stale as the figures shown, and counts their age on", () => {
    const shown = { balance: { ...balance, age_s: 150, stale: true }, at: 10_000 };
    expect(balanceOf(snapshot, shown, 40_000)).toMatchObject({ age_s: 180, stale: true, cash: 1_000 });
    const fresh = { balance: { ...balance, age_s: 5, stale: false }, at: 10_000 };
    expect(balanceOf(snapshot, fresh, 12_000)).toMatchObject({ age_s: 7, stale: false });
  });

  it("calls a snapshot never reconciled with the broker stale, with no age", () => {
    expect(balanceOf({ ...snapshot, reconciled_at: null }, undefined, 0)).toMatchObject({ age_s: null, stale: true });
  });
});
