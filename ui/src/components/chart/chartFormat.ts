// Small formatting and conversion helpers shared by the chart's sections.
import type { ChartRecord } from "../../bindings/ChartRecord";
import type { LabValue } from "../../bindings/LabValue";

/** The display name of a user the chart mentions; the raw id when the chart has no name for it. */
export function staffName(record: Pick<ChartRecord, "staff">, userId: string): string {
  return record.staff[userId] ?? userId;
}

/** Text with only spaces becomes null (the Rust inputs use null for "not given"). */
export function blankToNull(s: string): string | null {
  const t = s.trim();
  return t === "" ? null : t;
}

/** A NumberInput's value in integer units: "37.2" °C × 10 → 372; blank → null. */
export function toUnits(value: number | string, factor: number): number | null {
  if (typeof value === "string" && value.trim() === "") return null;
  const n = typeof value === "number" ? value : Number(value);
  if (!Number.isFinite(n)) return null;
  return Math.round(n * factor);
}

/** An integer in units back to the number people type: 372 tenths → 37.2. */
export function fromUnits(value: number | null, factor: number): number | null {
  return value === null ? null : value / factor;
}

/** A NumberInput's value as a whole number or null. */
export function toWhole(value: number | string): number | null {
  return toUnits(value, 1);
}

export function labValueText(v: LabValue): string {
  return v.kind === "numeric" ? v.number : v.text;
}

/** "37.2 °C" from tenths; "—" when missing. */
export function tenths(value: number | null, unit: string): string {
  return value === null ? "—" : `${(value / 10).toFixed(1)}${unit}`;
}

/** "72.5 kg" from grams (up to 3 decimals, trailing zeros dropped). */
export function kilograms(grams: number | null): string {
  return grams === null ? "—" : `${Number((grams / 1000).toFixed(3))} kg`;
}

/** "172.5 cm" from millimetres. */
export function centimetres(mm: number | null): string {
  return mm === null ? "—" : `${Number((mm / 10).toFixed(1))} cm`;
}

export function plain(value: number | null, unit = ""): string {
  return value === null ? "—" : `${value}${unit}`;
}

/** "120/80" with either side possibly missing. */
export function bloodPressure(systolic: number | null, diastolic: number | null): string {
  if (systolic === null && diastolic === null) return "—";
  return `${systolic ?? "?"}/${diastolic ?? "?"}`;
}

/** "12 Mar 2026" from an RFC 3339 instant or a plain date, in the computer's time zone. */
export function shortDate(iso: string): string {
  const plainDate = /^\d{4}-\d{2}-\d{2}$/.test(iso);
  const d = plainDate ? new Date(`${iso}T12:00:00`) : new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toLocaleDateString("en-GB", { day: "numeric", month: "short", year: "numeric" });
}

/** "12 Mar 2026, 14:03" in the computer's time zone. */
export function dateTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toLocaleString("en-GB", { day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit" });
}
