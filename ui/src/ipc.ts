// How the UI calls Rust: `call` invokes a command and turns any failure into a CommandError
// (see bindings/CommandError.ts). The typed function of each command is generated from Rust
// into bindings/commands.ts, which calls `call`; nothing else should.
import { invoke } from "@tauri-apps/api/core";
import type { CommandError } from "./bindings/CommandError";
import type { ErrorCode } from "./bindings/ErrorCode";

/**
 * Every error code, and whether asking again may succeed (a busy database may answer next time;
 * a refused permission or a bad field will not). A `Record` over the generated `ErrorCode`, so a
 * new Rust code fails the type check until it is placed here.
 */
const ERROR_CODE_TRANSIENT: Record<ErrorCode, boolean> = {
  validation: false,
  not_found: false,
  conflict: false,
  database: true,
  keychain: true,
  internal: true,
  forbidden: false,
  not_signed_in: false,
  session_locked: false,
  session_ended: false,
  password_change_required: false,
  invalid_credentials: false,
  locked_out: false,
  account_disabled: false,
  setup_required: false,
};
const ERROR_CODES = Object.keys(ERROR_CODE_TRANSIENT) as ErrorCode[];

/** Whether a failure with this code may go away if the command is simply run again. */
export function isTransient(code: ErrorCode): boolean {
  return ERROR_CODE_TRANSIENT[code];
}

export function isCommandError(e: unknown): e is CommandError {
  if (typeof e !== "object" || e === null) return false;
  const o = e as Record<string, unknown>;
  return (
    typeof o.code === "string" &&
    (ERROR_CODES as readonly string[]).includes(o.code) &&
    typeof o.message === "string" &&
    Array.isArray(o.fieldErrors) &&
    o.fieldErrors.every(
      (f: unknown) =>
        typeof f === "object" &&
        f !== null &&
        typeof (f as Record<string, unknown>).field === "string" &&
        typeof (f as Record<string, unknown>).message === "string",
    )
  );
}

/** Turns any rejection (CommandError, Error, string, anything) into a CommandError. */
export function toCommandError(e: unknown): CommandError {
  if (isCommandError(e)) return e;
  let message = "An unexpected error occurred.";
  if (typeof e === "string" && e.trim() !== "") message = e;
  else if (e instanceof Error && e.message) message = e.message;
  else if (typeof e === "object" && e !== null) {
    const m = (e as Record<string, unknown>).message;
    if (typeof m === "string" && m.trim() !== "") message = m;
  }
  return { code: "internal", message, fieldErrors: [] };
}

export async function call<T>(command: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(command, args);
  } catch (e) {
    throw toCommandError(e);
  }
}
