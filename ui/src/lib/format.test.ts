import { describe, expect, it } from "vitest";
import { changeClass, formatAge, formatBps, formatDateTime, formatPercent, formatTime, formatWon } from "./format";

describe("formatting", () => {
  it("writes won with thousands separators in both languages", () => {
    expect(formatWon(1234567)).toBe("1,234,567원");
    expect(formatWon(-306672, "ko")).toBe("-306,672원");
    expect(formatWon(568200, "ko", true)).toBe("+568,200원");
    expect(formatWon(1234567, "en")).toBe("₩1,234,567");
    expect(formatWon(null)).toBe("-");
  });

  it("writes percentages and basis points with a sign", () => {
    expect(formatPercent(1.234)).toBe("+1.23%");
    expect(formatPercent(-3)).toBe("-3.00%");
    expect(formatPercent(0)).toBe("0.00%");
    expect(formatBps(183)).toBe("+1.83%");
    expect(formatBps(-132)).toBe("-1.32%");
  });

  it("shows times in Asia/Seoul whatever the browser's zone", () => {
    expect(formatTime("2026-11-24T00:12:05Z")).toBe("09:12:05");
    expect(formatDateTime("2026-11-24T15:30:00Z")).toBe("2026-11-25 00:30:00");
  });

  it("says how long ago in whole seconds, minutes or hours", () => {
    expect(formatAge(0)).toBe("0초");
    expect(formatAge(45.9)).toBe("45초");
    expect(formatAge(59.99, "en")).toBe("59 s");
    expect(formatAge(60)).toBe("1분");
    expect(formatAge(200, "en")).toBe("3 min");
    expect(formatAge(3600)).toBe("1시간");
    expect(formatAge(7500)).toBe("2시간 5분");
    expect(formatAge(7500, "en")).toBe("2 h 5 min");
    expect(formatAge(-3)).toBe("0초");
  });

  it("colours up red and down blue", () => {
    expect(changeClass(5)).toBe("text-up");
    expect(changeClass(-5)).toBe("text-down");
    expect(changeClass(0)).toBe("text-flat");
  });
});
