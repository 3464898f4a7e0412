import { describe, expect, it } from "vitest";
import { applyPlan, formatParam, paramRows, sameValue } from "./params";

const strategy = { top_n: 10, min_volume_ratio: 1.5, require_news: true };
const risk = { stop_loss_pct: -3, max_positions: 3 };

describe("a study's best parameters against the values in force", () => {
  it("marks a differing value, and treats floating-point noise as the same", () => {
    expect(sameValue(2.5, 2.5000000000001)).toBe(true);
    expect(sameValue(-3, -3.25)).toBe(false);
    expect(sameValue(null, 3)).toBe(false);
    const rows = paramRows({ "strategy.top_n": 12, "risk.max_positions": 3, "risk.stop_loss_pct": -3.25 }, { "strategy.top_n": 10, "risk.max_positions": 3, "risk.stop_loss_pct": null });
    expect(rows.map((r) => [r.param, r.changed])).toEqual([
      ["risk.max_positions", false],
      ["risk.stop_loss_pct", true],
      ["strategy.top_n", true],
    ]);
  });

  it("plans a PUT of each changed section only, whole, with the changed fields replaced", () => {
    const plan = applyPlan({ "strategy.top_n": 12, "risk.max_positions": 3 }, { strategy, risk });
    expect(plan.bodies).toEqual({ strategy: { ...strategy, top_n: 12 } });
    expect(plan.changes).toEqual([{ param: "strategy.top_n", section: "strategy", field: "top_n", old: 10, next: 12 }]);
    expect(plan.skipped).toEqual([]);
  });

  it("keeps a float setting's value as tuned, even where the value in force is a whole number", () => {
    const plan = applyPlan({ "risk.stop_loss_pct": -3.25, "strategy.min_volume_ratio": 2 }, { strategy, risk });
    expect(plan.bodies.risk).toEqual({ ...risk, stop_loss_pct: -3.25 });
    expect(plan.bodies.strategy).toEqual({ ...strategy, min_volume_ratio: 2 });
  });

  it("skips what is not a strategy or risk field", () => {
    const plan = applyPlan({ "execution.slice_qty": 5, "strategy.unknown": 1, top_n: 3 }, { strategy, risk });
    expect(plan.changes).toEqual([]);
    expect(plan.bodies).toEqual({});
    expect(plan.skipped).toEqual(["execution.slice_qty", "strategy.unknown", "top_n"]);
  });

  it("writes values plainly", () => {
    expect(formatParam(12)).toBe("12");
    expect(formatParam(-3.25)).toBe("-3.25");
    expect(formatParam(1.234567)).toBe("1.2346");
    expect(formatParam(12000)).toBe("12000");
    expect(formatParam(null)).toBe("-");
  });
});
