import { invoke } from "@tauri-apps/api/core";
import { describe, expect, it, vi } from "vitest";
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
});
