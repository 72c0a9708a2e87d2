// Every failed command passes through here (the query and mutation caches report to it), so
// the session gate can react in one place: a locked session shows the lock screen, an ended one
// goes back to the login, a reset password asks for a new one.
import { toCommandError } from "../api";

export type SessionEvent =
  | { kind: "locked" }
  | { kind: "ended"; message: string }
  | { kind: "password-change-required" };

type Listener = (event: SessionEvent) => void;
const listeners = new Set<Listener>();

export function onSessionEvent(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Turns a command failure into a session event when it is about the session. */
export function reportCommandError(error: unknown) {
  const err = toCommandError(error);
  let event: SessionEvent | null = null;
  if (err.code === "session_locked") event = { kind: "locked" };
  else if (err.code === "session_ended" || err.code === "not_signed_in") event = { kind: "ended", message: err.message };
  else if (err.code === "password_change_required") event = { kind: "password-change-required" };
  if (event) for (const l of [...listeners]) l(event);
}

/** Session errors are handled by the gate, not by the page that hit them. */
export function isSessionError(error: unknown): boolean {
  const { code } = toCommandError(error);
  return ["session_locked", "session_ended", "not_signed_in", "password_change_required"].includes(code);
}
