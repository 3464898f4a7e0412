import { describe, expect, it } from "vitest";
import { catalogue, merge, translate } from ".";

describe("the message catalogue", () => {
  it("speaks Korean trader terms by default and English on request", () => {
    expect(translate("ko", "dashboard.cash")).toBe("예수금");
    expect(translate("ko", "dashboard.equity")).toBe("총평가금액");
    expect(translate("en", "dashboard.cash")).toBe("Deposit");
    expect(translate("en", "common.updatedAt", { time: "09:00:00" })).toBe("as of 09:00:00");
  });

  it("refuses a key defined in two page modules", () => {
    const a = { "x.title": { ko: "가", en: "a" } };
    expect(() => merge({ a, b: a })).toThrow(/defined twice/);
  });

  it("has both languages for every message", () => {
    for (const [key, value] of Object.entries(catalogue)) {
      expect(value.ko, key).not.toBe("");
      expect(value.en, key).not.toBe("");
    }
  });
});
