import { toDateOnly } from "../../lib/wallClock";

/** Today on this computer's calendar, "YYYY-MM-DD" (the clinic's day: the desk is at the clinic). */
export function todayDate(): string {
  return toDateOnly(new Date());
}
