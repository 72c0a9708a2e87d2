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

/** The session event a command failure stands for, or null when it is not about the session. */
function sessionEventOf(error: unknown): SessionEvent | null {
  const err = toCommandError(error);
  if (err.code === "session_locked") return { kind: "locked" };
  if (err.code === "session_ended" || err.code === "not_signed_in") return { kind: "ended", message: err.message };
  if (err.code === "password_change_required") return { kind: "password-change-required" };
  return null;
}

/** Turns a command failure into a session event when it is about the session. */
export function reportCommandError(error: unknown) {
  const event = sessionEventOf(error);
  if (event) for (const l of [...listeners]) l(event);
}
