// The Rust side emits "sync-changed" (no payload) when a background sync starts, moves on or
// finishes. Hearing it is only a speed-up: the sync status is polled anyway, so a webview that
// cannot listen (Vitest's jsdom, a browser dev server, a window without the event permission)
// carries on without it.
import { listen, type UnlistenFn } from "@tauri-apps/api/event";

export const SYNC_CHANGED = "sync-changed";

/** Calls `handler` on each "sync-changed" event; returns the function that stops listening. */
export function onSyncChanged(handler: () => void): () => void {
  let stopped = false;
  let unlisten: UnlistenFn | null = null;
  // Typed as returning nothing, but Tauri's unlisten is async and may reject once the window closes.
  const stop = (fn: UnlistenFn) => void Promise.resolve()
    .then(() => fn() as unknown)
    .catch(() => undefined);
  try {
    listen(SYNC_CHANGED, () => handler())
      .then((fn) => {
        if (stopped) stop(fn);
        else unlisten = fn;
      })
      .catch(() => undefined);
  } catch {
    // No Tauri here at all.
  }
  return () => {
    stopped = true;
    if (unlisten) stop(unlisten);
  };
}
