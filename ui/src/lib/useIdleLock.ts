import { useEffect, useRef } from "react";
import { lockSession, recordActivity } from "../api";

const ACTIVITY_EVENTS = ["keydown", "pointerdown", "pointermove", "mousemove", "wheel", "touchstart"] as const;
/** How often activity is reported to the Rust side (which locks too if it hears nothing). */
export const REPORT_EVERY_MS = 30_000;
/** How often the idle time is checked. */
export const CHECK_EVERY_MS = 5_000;

/**
 * Locks the session after `minutes` without keyboard or pointer activity. `onLocked` shows the
 * lock screen; the app underneath stays mounted, so open forms keep what was typed.
 */
export function useIdleLock(minutes: number, active: boolean, onLocked: () => void) {
  const lastActivity = useRef(Date.now());
  const lastReport = useRef(Date.now());

  useEffect(() => {
    if (!active) return;
    lastActivity.current = Date.now();
    const onActivity = () => {
      const now = Date.now();
      lastActivity.current = now;
      if (now - lastReport.current >= REPORT_EVERY_MS) {
        lastReport.current = now;
        recordActivity().catch(() => {
          // A locked or ended session is reported through the error handler of the caches.
        });
      }
    };
    for (const e of ACTIVITY_EVENTS) window.addEventListener(e, onActivity, { passive: true });
    const timer = window.setInterval(() => {
      if (Date.now() - lastActivity.current >= minutes * 60_000) {
        window.clearInterval(timer);
        lockSession()
          .catch(() => undefined)
          .finally(onLocked);
      }
    }, CHECK_EVERY_MS);
    return () => {
      for (const e of ACTIVITY_EVENTS) window.removeEventListener(e, onActivity);
      window.clearInterval(timer);
    };
  }, [minutes, active, onLocked]);
}
