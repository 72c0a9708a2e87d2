import type { BloodGroup } from "../bindings/BloodGroup";
import type { Sex } from "../bindings/Sex";

export const SEX_LABELS: Record<Sex, string> = {
  female: "Female",
  male: "Male",
  other: "Other",
  unknown: "Unknown",
};

export const SEX_VALUES: readonly Sex[] = ["female", "male", "other", "unknown"];

export const BLOOD_GROUPS: readonly BloodGroup[] = ["A+", "A-", "B+", "B-", "AB+", "AB-", "O+", "O-"];

interface NameParts {
  givenName: string;
  familyName: string;
  middleName?: string | null;
}

/** "Maria Lopez" (given then family). */
export function fullName(p: NameParts): string {
  return [p.givenName, p.familyName].filter((s) => s && s.trim() !== "").join(" ");
}

/** "Lopez, Maria" for sorted lists. */
export function listName(p: NameParts): string {
  return [p.familyName, p.givenName].filter((s) => s && s.trim() !== "").join(", ");
}

/** Age in whole years from a "YYYY-MM-DD" date; null if the date cannot be read. */
export function ageInYears(dateOfBirth: string, today: Date = new Date()): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(dateOfBirth);
  if (!m) return null;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  let age = today.getFullYear() - y;
  const beforeBirthday =
    today.getMonth() + 1 < mo || (today.getMonth() + 1 === mo && today.getDate() < d);
  if (beforeBirthday) age -= 1;
  return age >= 0 ? age : null;
}

/** "42 y" or, under two years, "18 mo". */
export function formatAge(dateOfBirth: string, today: Date = new Date()): string {
  const years = ageInYears(dateOfBirth, today);
  if (years === null) return "";
  if (years >= 2) return `${years} y`;
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(dateOfBirth);
  if (!m) return `${years} y`;
  let months = (today.getFullYear() - Number(m[1])) * 12 + (today.getMonth() + 1 - Number(m[2]));
  if (today.getDate() < Number(m[3])) months -= 1;
  return `${Math.max(months, 0)} mo`;
}

/** Shows "—" for empty values. */
export function orDash(v: string | null | undefined): string {
  return v && v.trim() !== "" ? v : "—";
}

/** A stored timestamp (RFC 3339) in the user's locale; the raw text if it cannot be read. */
export function formatTimestamp(ts: string): string {
  const d = new Date(ts);
  return Number.isNaN(d.getTime()) ? ts : d.toLocaleString();
}
