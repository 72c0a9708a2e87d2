// The appointment state machine of docs/scheduling.md, mirrored for the UI (Rust checks again).
import type { AppointmentStatus } from "../bindings/AppointmentStatus";
import type { StatusMove } from "../bindings/StatusMove";

/** The moves allowed from each status, in the order the buttons are shown. */
export const ALLOWED_MOVES: Record<AppointmentStatus, readonly StatusMove[]> = {
  scheduled: ["check_in", "no_show", "cancel"],
  checked_in: ["start", "undo_check_in", "cancel"],
  in_progress: ["complete"],
  completed: [],
  cancelled: [],
  no_show: [],
};

/** Which status each move leads to. */
export const MOVE_TARGET: Record<StatusMove, AppointmentStatus> = {
  check_in: "checked_in",
  start: "in_progress",
  complete: "completed",
  cancel: "cancelled",
  no_show: "no_show",
  undo_check_in: "scheduled",
};

export function allowedMoves(status: AppointmentStatus): readonly StatusMove[] {
  return ALLOWED_MOVES[status];
}

/** Only a scheduled appointment can be moved to another time or provider. */
export function canReschedule(status: AppointmentStatus): boolean {
  return status === "scheduled";
}

/** A move that needs a reason typed by the user. */
export function needsReason(move: StatusMove): boolean {
  return move === "cancel";
}

export const STATUS_LABELS: Record<AppointmentStatus, string> = {
  scheduled: "Scheduled",
  checked_in: "Checked in",
  in_progress: "With the doctor",
  completed: "Completed",
  cancelled: "Cancelled",
  no_show: "No-show",
};

export const STATUS_COLOURS: Record<AppointmentStatus, string> = {
  scheduled: "blue",
  checked_in: "yellow",
  in_progress: "violet",
  completed: "green",
  cancelled: "gray",
  no_show: "red",
};

export const MOVE_LABELS: Record<StatusMove, string> = {
  check_in: "Check in",
  start: "Start",
  complete: "Complete",
  cancel: "Cancel appointment",
  no_show: "No-show",
  undo_check_in: "Undo check-in",
};

/** The data-testid of each move's button. */
export const MOVE_TEST_IDS: Record<StatusMove, string> = {
  check_in: "appt-check-in",
  start: "appt-start",
  complete: "appt-complete",
  cancel: "appt-cancel",
  no_show: "appt-no-show",
  undo_check_in: "appt-undo-check-in",
};

/** Cancelled and no-show appointments free their slot. */
export function holdsSlot(status: AppointmentStatus): boolean {
  return status !== "cancelled" && status !== "no_show";
}
