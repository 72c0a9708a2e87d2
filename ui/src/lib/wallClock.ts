// The clinic's wall clock. Rust sends and receives clinic times as naive strings
// ("YYYY-MM-DDTHH:MM", "YYYY-MM-DD", "HH:MM") and does every time-zone conversion itself.
// Here they become JS Dates holding the same wall-clock fields in the computer's local time,
// only so that the calendar can lay them out; the fields are read back unchanged. Never call
// toISOString()/getUTC*() on these Dates: that would convert time zones.
import { addMinutes, differenceInMinutes, format, isValid } from "date-fns";

/** "YYYY-MM-DDTHH:MM", the clinic's wall-clock minute. */
export type Local = string;

const LOCAL_RE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/;
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME_RE = /^(\d{2}):(\d{2})$/;

function build(y: number, mo: number, d: number, h: number, mi: number): Date | null {
  if (mo < 1 || mo > 12 || h > 23 || mi > 59) return null;
  const date = new Date(y, mo - 1, d, h, mi);
  // Reject dates that roll over (Feb 30) rather than silently moving them.
  if (date.getFullYear() !== y || date.getMonth() !== mo - 1 || date.getDate() !== d) return null;
  return date;
}

/** A clinic wall-clock string as a Date with the same fields; null when malformed. */
export function parseLocal(value: string): Date | null {
  const m = LOCAL_RE.exec(value);
  if (!m) return null;
  // (Only if the computer's own zone skips that hour, as in a spring-forward night, does the
  // Date show an hour later; the clinic's zone is Rust's business and it checks again.)
  return build(Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5]));
}

/** Like parseLocal but for data from Rust, which is always well formed. */
export function localToDate(value: Local): Date {
  const d = parseLocal(value);
  if (!d) throw new Error(`Not a clinic time: ${value}`);
  return d;
}

/** A Date's wall-clock fields as "YYYY-MM-DDTHH:MM" (seconds dropped). */
export function toLocal(date: Date): Local {
  return format(date, "yyyy-MM-dd'T'HH:mm");
}

/** "YYYY-MM-DD" as a Date at midnight; null when malformed. */
export function parseDateOnly(value: string): Date | null {
  const m = DATE_RE.exec(value);
  return m ? build(Number(m[1]), Number(m[2]), Number(m[3]), 0, 0) : null;
}

/** A Date's calendar day as "YYYY-MM-DD". */
export function toDateOnly(date: Date): string {
  return format(date, "yyyy-MM-dd");
}

/** A Date's wall-clock time as "HH:MM". */
export function toTimeOnly(date: Date): string {
  return format(date, "HH:mm");
}

/** "YYYY-MM-DD" + "HH:MM" as a Local; null when either part is malformed. */
export function joinLocal(date: string, time: string): Local | null {
  const t = TIME_RE.exec(time);
  if (!parseDateOnly(date) || !t || Number(t[1]) > 23 || Number(t[2]) > 59) return null;
  return `${date}T${time}`;
}

/** A Local's date and time parts ("YYYY-MM-DD", "HH:MM"). */
export function splitLocal(value: Local): { date: string; time: string } {
  const [date = "", time = ""] = value.split("T");
  return { date, time };
}

/** Whole minutes from start to end. */
export function minutesBetween(start: Date, end: Date): number {
  return differenceInMinutes(end, start);
}

/** The Local `minutes` after `start`. */
export function addMinutesLocal(start: Local, minutes: number): Local {
  return toLocal(addMinutes(localToDate(start), minutes));
}

/** "Tue 24 Nov 2026" for a Local or a date-only string. */
export function formatDay(value: string): string {
  const d = parseLocal(value) ?? parseDateOnly(value);
  return d && isValid(d) ? format(d, "EEE d MMM yyyy") : value;
}

/** "09:30" for a Local. */
export function formatClock(value: Local): string {
  return splitLocal(value).time || value;
}
