// A stand-in for @tauri-apps/api/event: `vi.mock("@tauri-apps/api/event", () => import("../../test/tauriEvents"))`,
// then `emitTauriEvent("sync-changed")` plays the Rust side.
import { vi } from "vitest";

type Handler = (event: { event: string; id: number; payload: unknown }) => void;
const handlers = new Map<string, Set<Handler>>();

export const listen = vi.fn(async (event: string, handler: Handler) => {
  const set = handlers.get(event) ?? new Set<Handler>();
  set.add(handler);
  handlers.set(event, set);
  return () => {
    set.delete(handler);
  };
});

export function emitTauriEvent(event: string, payload: unknown = null) {
  for (const h of [...(handlers.get(event) ?? [])]) h({ event, id: 0, payload });
}

/** How many handlers listen to `event` now. */
export function listenerCount(event: string): number {
  return handlers.get(event)?.size ?? 0;
}
