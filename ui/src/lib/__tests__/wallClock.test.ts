import { describe, expect, it } from "vitest";
import {
  addMinutesLocal,
  formatClock,
  formatDay,
  joinLocal,
  localToDate,
  minutesBetween,
  parseDateOnly,
  parseLocal,
  splitLocal,
  toDateOnly,
  toLocal,
  toTimeOnly,
} from "../wallClock";

describe("wall-clock times", () => {
  it("reads a clinic time as a Date with the same wall-clock fields (no zone conversion)", () => {
    const d = parseLocal("2026-11-23T09:05");
    expect(d).not.toBeNull();
    expect([d!.getFullYear(), d!.getMonth(), d!.getDate(), d!.getHours(), d!.getMinutes()]).toEqual([2026, 10, 23, 9, 5]);
    // Midnight and the last minute of the day stay on the same date.
    expect(parseLocal("2026-01-01T00:00")!.getDate()).toBe(1);
    expect(parseLocal("2026-12-31T23:59")!.getHours()).toBe(23);
  });

  it("writes a Date back as the same string, whatever the computer's zone", () => {
    expect(toLocal(new Date(2026, 0, 5, 7, 5))).toBe("2026-01-05T07:05");
    expect(toLocal(new Date(2026, 0, 5, 7, 5, 59))).toBe("2026-01-05T07:05");
    for (const s of ["2026-03-29T09:00", "2026-10-25T09:00", "2026-07-01T23:55", "2027-02-28T00:00"]) {
      expect(toLocal(localToDate(s))).toBe(s);
    }
  });

  it("runs the suite away from UTC, so a zone conversion would show", () => {
    // vitest.config.ts sets TZ; toISOString() here would give 14:05, not 09:05.
    expect(new Date(2026, 10, 23, 9, 5).getTimezoneOffset()).not.toBe(0);
    expect(toLocal(new Date(2026, 10, 23, 9, 5))).toBe("2026-11-23T09:05");
    // The computer's own autumn-back night repeats 01:30; it still reads and writes as 01:30.
    expect(toLocal(localToDate("2026-11-01T01:30"))).toBe("2026-11-01T01:30");
  });

  it("refuses malformed or impossible values", () => {
    for (const s of ["2026-13-01T09:00", "2026-02-30T10:00", "2026-11-23 09:00", "2026-11-23T9:00", "2026-11-23T24:00", "2026-11-23T09:60", ""]) {
      expect(parseLocal(s)).toBeNull();
    }
    expect(() => localToDate("nonsense")).toThrow();
    expect(parseDateOnly("2026-02-29")).toBeNull();
    expect(parseDateOnly("2028-02-29")!.getDate()).toBe(29);
  });

  it("joins and splits date and time inputs", () => {
    expect(joinLocal("2026-11-23", "14:30")).toBe("2026-11-23T14:30");
    expect(joinLocal("2026-11-23", "")).toBeNull();
    expect(joinLocal("", "14:30")).toBeNull();
    expect(joinLocal("2026-11-31", "14:30")).toBeNull();
    expect(joinLocal("2026-11-23", "25:00")).toBeNull();
    expect(splitLocal("2026-11-23T14:30")).toEqual({ date: "2026-11-23", time: "14:30" });
    expect(toDateOnly(new Date(2026, 10, 3, 23, 59))).toBe("2026-11-03");
    expect(toTimeOnly(new Date(2026, 10, 3, 8, 4))).toBe("08:04");
  });

  it("counts minutes and adds them on the wall clock", () => {
    expect(minutesBetween(localToDate("2026-11-23T09:00"), localToDate("2026-11-23T09:45"))).toBe(45);
    expect(addMinutesLocal("2026-11-23T09:50", 20)).toBe("2026-11-23T10:10");
  });

  it("formats for people", () => {
    expect(formatDay("2026-11-24T09:00")).toBe("Tue 24 Nov 2026");
    expect(formatDay("2026-11-24")).toBe("Tue 24 Nov 2026");
    expect(formatClock("2026-11-24T09:00")).toBe("09:00");
  });
});
