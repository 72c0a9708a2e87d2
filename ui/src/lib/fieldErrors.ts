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
