import { toCommandError } from "../api";

/** The Rust side's field errors of a failed command, by field key. */
export function fieldErrorsOf(error: unknown): Record<string, string> {
  if (!error) return {};
  const out: Record<string, string> = {};
  for (const f of toCommandError(error).fieldErrors) out[f.field] = f.message;
  return out;
}

/** The message of a failure that is not about one field (null when every error has a field). */
export function generalErrorOf(error: unknown): string | null {
  if (!error) return null;
  const err = toCommandError(error);
  return err.fieldErrors.length > 0 ? null : err.message;
}

/**
 * Splits a failure for a form that shows some fields' errors next to their inputs: `fields` by
 * key for the known ones, `general` for the message plus any field error the form cannot place.
 */
export function formErrorsOf(error: unknown, known: readonly string[]): { fields: Record<string, string>; general: string | null } {
  if (!error) return { fields: {}, general: null };
  const err = toCommandError(error);
  const fields: Record<string, string> = {};
  const unplaced: string[] = [];
  for (const f of err.fieldErrors) {
    if (known.includes(f.field)) fields[f.field] = fields[f.field] ? `${fields[f.field]} ${f.message}` : f.message;
    else unplaced.push(f.message);
  }
  const general = err.fieldErrors.length === 0 ? err.message : unplaced.length > 0 ? unplaced.join(" ") : null;
  return { fields, general };
}

/** A failure as one line for a notification: the message and every field error. */
export function errorSummaryOf(error: unknown): string {
  const err = toCommandError(error);
  const details = err.fieldErrors.map((f) => f.message).filter((m) => m !== err.message);
  return [err.message, ...details].join(" ");
}
