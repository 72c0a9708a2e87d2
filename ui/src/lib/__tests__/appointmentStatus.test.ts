import { describe, expect, it } from "vitest";
import { ALLOWED_MOVES, canReschedule, MOVE_TARGET } from "../appointmentStatus";

describe("appointment status moves (docs/scheduling.md)", () => {
  it("mirrors the table of moves", () => {
    const moves = Object.entries(ALLOWED_MOVES).flatMap(([from, ms]) => ms.map((m) => `${from} -${m}-> ${MOVE_TARGET[m]}`));
    expect(moves.sort()).toEqual(
      [
        "scheduled -check_in-> checked_in",
        "scheduled -cancel-> cancelled",
        "scheduled -no_show-> no_show",
        "checked_in -start-> in_progress",
        "checked_in -undo_check_in-> scheduled",
        "checked_in -cancel-> cancelled",
        "in_progress -complete-> completed",
      ].sort(),
    );
  });

  it("only reschedules scheduled appointments", () => {
    expect(canReschedule("scheduled")).toBe(true);
    for (const s of ["checked_in", "in_progress", "completed", "cancelled", "no_show"] as const) expect(canReschedule(s)).toBe(false);
  });
});
