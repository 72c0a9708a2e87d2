import { invoke } from "@tauri-apps/api/core";
import { describe, expect, it, vi } from "vitest";
import * as api from "../api";
import { createPatient, isCommandError, listPatients, toCommandError } from "../api";

vi.mock("@tauri-apps/api/core", () => ({ invoke: vi.fn() }));

describe("api", () => {
  it("recognises CommandError objects", () => {
    expect(isCommandError({ code: "validation", message: "x", fieldErrors: [{ field: "email", message: "y" }] })).toBe(true);
    expect(isCommandError({ code: "nope", message: "x", fieldErrors: [] })).toBe(false);
    expect(isCommandError({ code: "internal", message: "x" })).toBe(false);
    expect(isCommandError("boom")).toBe(false);
    expect(isCommandError(null)).toBe(false);
  });

  it("turns anything into a CommandError", () => {
    expect(toCommandError("boom")).toEqual({ code: "internal", message: "boom", fieldErrors: [] });
    expect(toCommandError(new Error("bad"))).toEqual({ code: "internal", message: "bad", fieldErrors: [] });
    expect(toCommandError(undefined).code).toBe("internal");
    const e = { code: "conflict", message: "changed", fieldErrors: [] };
    expect(toCommandError(e)).toBe(e);
  });

  it("wraps invoke with the documented argument names", async () => {
    const mock = vi.mocked(invoke);
    mock.mockResolvedValueOnce({ items: [], total: 0, page: 1, pageSize: 25 });
    await listPatients({ page: 1, pageSize: 25, sort: "mrn", includeArchived: false });
    expect(mock).toHaveBeenLastCalledWith("list_patients", {
      request: { page: 1, pageSize: 25, sort: "mrn", includeArchived: false },
    });

    mock.mockRejectedValueOnce("window closed");
    await expect(createPatient({} as never)).rejects.toEqual({ code: "internal", message: "window closed", fieldErrors: [] });
  });

  it("calls the scheduling commands with the contract's argument names", async () => {
    const mock = vi.mocked(invoke);
    mock.mockResolvedValue(null);
    const input = {} as never;
    const cases: Array<[() => Promise<unknown>, string, Record<string, unknown> | undefined]> = [
      [() => api.listProviders(), "list_providers", undefined],
      [() => api.saveProvider(null, input), "save_provider", { id: null, input }],
      [() => api.listScheduleExceptions("p"), "list_schedule_exceptions", { providerId: "p" }],
      [() => api.addScheduleException(input), "add_schedule_exception", { input }],
      [() => api.removeScheduleException("x"), "remove_schedule_exception", { id: "x" }],
      [() => api.listAppointmentTypes(), "list_appointment_types", undefined],
      [() => api.saveAppointmentType("t", input), "save_appointment_type", { id: "t", input }],
      [() => api.calendar("2026-11-23", 7, ["p"]), "calendar", { from: "2026-11-23", days: 7, providerIds: ["p"] }],
      [() => api.bookAppointment(input), "book_appointment", { input }],
      [() => api.previewSeries(input, input), "preview_series", { input, recurrence: input }],
      [() => api.bookSeries(input, input), "book_series", { input, recurrence: input }],
      [() => api.rescheduleAppointment("a", input), "reschedule_appointment", { id: "a", input }],
      [() => api.moveAppointmentStatus("a", "cancel", "ill"), "move_appointment_status", { id: "a", statusMove: "cancel", reason: "ill" }],
      [() => api.nextAvailableSlot(input), "next_available_slot", { request: input }],
      [() => api.todaysQueue(), "todays_queue", undefined],
      [() => api.remindersDue(), "reminders_due", undefined],
      [() => api.markReminded("a"), "mark_reminded", { id: "a" }],
      [() => api.patientAppointments("p"), "patient_appointments", { patientId: "p" }],
    ];
    for (const [run, command, args] of cases) {
      await run();
      expect(mock).toHaveBeenLastCalledWith(command, args);
    }
  });
});
