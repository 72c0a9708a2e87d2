import type { SyncState } from "../bindings/SyncState";
import type { SyncStatus } from "../bindings/SyncStatus";
import { formatTime } from "./labels";

export const SYNC_STATE_LABELS: Record<SyncState, string> = {
  not_configured: "Not syncing",
  offline: "Offline",
  syncing: "Syncing…",
  online: "Synced",
  needs_attention: "Sync needs attention",
};

export const SYNC_STATE_COLORS: Record<SyncState, string> = {
  not_configured: "gray",
  offline: "orange",
  syncing: "blue",
  online: "green",
  needs_attention: "red",
};

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** How far a running sync has got, 0–100; null when it does not say. */
export function syncPercent(status: SyncStatus): number | null {
  const p = status.progress;
  if (!p || p.total <= 0) return null;
  return Math.min(100, Math.max(0, Math.floor((p.done / p.total) * 100)));
}

/** The indicator's one short label. */
export function syncLabel(status: SyncStatus): string {
  switch (status.state) {
    case "offline":
      return status.waiting > 0 ? `Offline — ${plural(status.waiting, "change", "changes")} waiting` : "Offline";
    case "syncing": {
      const percent = syncPercent(status);
      return percent === null ? "Syncing…" : `Syncing… ${percent}%`;
    }
    case "online": {
      const synced = status.lastSyncedAt ? `Synced at ${formatTime(status.lastSyncedAt)}` : "Synced";
      return status.waiting > 0 ? `${synced} · ${status.waiting} waiting` : synced;
    }
    default:
      return SYNC_STATE_LABELS[status.state];
  }
}

/** "2 double bookings". */
export function conflictsLabel(count: number): string {
  return plural(count, "double booking", "double bookings");
}

/** "1 change waiting to be sent". */
export function waitingLabel(count: number): string {
  return count === 0 ? "None" : `${plural(count, "change", "changes")} waiting to be sent`;
}
