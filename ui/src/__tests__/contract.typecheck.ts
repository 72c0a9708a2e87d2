// Checked by `tsc --noEmit` (part of `npm run build`), never run: each line below passes a wrong
// argument to a generated command function, and `@ts-expect-error` makes the type check fail
// if the generated client ever stopped refusing it.
import { calendar, changeOwnPassword, getPatient, listPatients, moveAppointmentStatus } from "../api";

export function wrongArguments(): void {
  // @ts-expect-error a patient id is a string
  void getPatient(42);
  // @ts-expect-error a missing argument
  void changeOwnPassword("only the current one");
  // @ts-expect-error a page request needs its fields
  void listPatients({ page: 1 });
  // @ts-expect-error not a status move
  void moveAppointmentStatus("a", "teleport", null);
  // @ts-expect-error days is a number
  void calendar("2026-12-01", "seven", null);
}
