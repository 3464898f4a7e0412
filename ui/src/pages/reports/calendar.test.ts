import { describe, expect, it } from "vitest";
import { addDays, addWeekdays, addWeeks, isDate, isWeek, isoWeek, weekMonday } from "./calendar";

describe("report dates", () => {
  it("steps over weekends by trading day", () => {
    expect(addWeekdays("2026-11-23", -1)).toBe("2026-11-20"); // Monday -> Friday
    expect(addWeekdays("2026-11-20", 1)).toBe("2026-11-23"); // Friday -> Monday
    expect(addWeekdays("2026-11-24", -1)).toBe("2026-11-23");
    expect(addWeekdays("2026-11-22", 1)).toBe("2026-11-23"); // from a Sunday
    expect(addWeekdays("2026-11-22", -1)).toBe("2026-11-20");
    expect(addWeekdays("2026-12-31", 1)).toBe("2027-01-01");
  });

  it("moves calendar days across months and years", () => {
    expect(addDays("2026-11-24", -29)).toBe("2026-10-26");
    expect(addDays("2026-12-31", 1)).toBe("2027-01-01");
  });

  it("accepts only real dates", () => {
    expect(isDate("2026-11-24")).toBe(true);
    expect(isDate("2026-02-30")).toBe(false);
    expect(isDate("2026-11-2")).toBe(false);
    expect(isDate(null)).toBe(false);
  });
});

describe("ISO weeks", () => {
  it("names the week of a date as the API does", () => {
    expect(isoWeek("2026-11-23")).toBe("2026-W48");
    expect(isoWeek("2026-11-29")).toBe("2026-W48"); // Sunday ends the week
    expect(isoWeek("2026-11-18")).toBe("2026-W47");
    expect(isoWeek("2027-01-01")).toBe("2026-W53"); // a Friday: the week of 2026's last Thursday
    expect(isoWeek("2025-12-29")).toBe("2026-W01"); // a Monday in 2026's first week
  });

  it("finds a week's Monday and refuses weeks that do not exist", () => {
    expect(weekMonday("2026-W48")).toBe("2026-11-23");
    expect(weekMonday("2026-W01")).toBe("2025-12-29");
    expect(weekMonday("2026-W53")).toBe("2026-12-28");
    expect(weekMonday("2025-W53")).toBeNull();
    expect(weekMonday("2026-W00")).toBeNull();
    expect(weekMonday("2026-48")).toBeNull();
    expect(isWeek("2026-W47")).toBe(true);
    expect(isWeek("")).toBe(false);
  });

  it("steps by weeks across years", () => {
    expect(addWeeks("2026-W48", -1)).toBe("2026-W47");
    expect(addWeeks("2026-W53", 1)).toBe("2027-W01");
    expect(addWeeks("2026-W01", -1)).toBe("2025-W52");
  });
});
