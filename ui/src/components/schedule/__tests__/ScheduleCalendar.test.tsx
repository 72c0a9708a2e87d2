import { describe, expect, it } from "vitest";
import { appointment } from "../../../test/scheduleFixtures";
import { rescheduleOfDrop } from "../ScheduleCalendar";

describe("dragging an appointment", () => {
  const a = appointment({ start: "2026-11-23T09:00", end: "2026-11-23T09:20", providerId: "prov-1" });

  it("turns a drop into the wall-clock reschedule Rust expects", () => {
    expect(rescheduleOfDrop(a, new Date(2026, 10, 23, 10, 15), new Date(2026, 10, 23, 10, 35), "prov-2")).toEqual({
      providerId: "prov-2",
      start: "2026-11-23T10:15",
      minutes: 20,
    });
    // The week view has no columns per provider: the provider stays.
    expect(rescheduleOfDrop(a, new Date(2026, 10, 24, 9, 0), new Date(2026, 10, 24, 9, 20))).toEqual({
      providerId: "prov-1",
      start: "2026-11-24T09:00",
      minutes: 20,
    });
  });

  it("turns a resize into new minutes, and ignores a drop in the same place", () => {
    expect(rescheduleOfDrop(a, new Date(2026, 10, 23, 9, 0), new Date(2026, 10, 23, 9, 45), "prov-1")?.minutes).toBe(45);
    expect(rescheduleOfDrop(a, new Date(2026, 10, 23, 9, 0), new Date(2026, 10, 23, 9, 20), "prov-1")).toBeNull();
  });
});
