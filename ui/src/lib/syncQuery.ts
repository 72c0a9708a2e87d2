import { useEffect, useRef } from "react";
import { notifications } from "@mantine/notifications";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { syncNow, syncStatus } from "../api";
import type { SyncStatus } from "../bindings/SyncStatus";
import { errorSummaryOf } from "./fieldErrors";
import { queryKeys } from "./queryKeys";
import { onSyncChanged } from "./syncEvents";

export const syncStatusQuery = { queryKey: queryKeys.syncStatus, queryFn: syncStatus } as const;

/**
 * How often the sync status is re-read when no "sync-changed" event says it changed: the
 * background sync's own cadence. The event is what keeps screens current; this only covers a
 * webview that cannot hear it.
 */
export const SYNC_STATUS_FALLBACK_MS = 30_000;

/**
 * Re-reads the sync status on each "sync-changed" event (Rust emits it when a sync starts,
 * moves on a step or finishes). Every screen that shows the live sync status mounts it.
 */
export function useSyncChangedRefresh() {
  const client = useQueryClient();
  useEffect(() => onSyncChanged(() => void client.invalidateQueries({ queryKey: queryKeys.syncStatus })), [client]);
}

/**
 * Whether the step from `before` to `now` is the end of a sync that brought records in. Only
 * then are lists re-read: re-reading after every sync would re-run (and re-audit) every open
 * patient's read each half minute.
 */
function finishedSync(before: SyncStatus, now: SyncStatus): boolean {
  if (now.received === 0) return false;
  if (before.state === "syncing" && now.state !== "syncing") return true;
  // A short sync can start and end between two reads: a new last-sync time says so too.
  return now.lastSyncedAt !== null && now.lastSyncedAt !== before.lastSyncedAt;
}

/**
 * The sync status for the app header: re-read on each "sync-changed" event (and every 30 s
 * failing that). When a sync finishes, every other query is re-read so lists show what it
 * brought in. Mount it once (the indicator); other screens read the same cache with
 * `syncStatusQuery`.
 */
export function useWatchedSyncStatus() {
  const client = useQueryClient();
  useSyncChangedRefresh();
  const query = useQuery({ ...syncStatusQuery, refetchInterval: SYNC_STATUS_FALLBACK_MS });

  const previous = useRef<SyncStatus | undefined>(undefined);
  useEffect(() => {
    const before = previous.current;
    previous.current = query.data;
    if (!before || !query.data || !finishedSync(before, query.data)) return;
    void client.invalidateQueries({ predicate: (q) => q.queryKey[0] !== queryKeys.syncStatus[0] });
  }, [client, query.data]);
  return query;
}

/**
 * "Sync now": asks Rust to sync at once, then re-reads the status and the problems list. A
 * failure to start shows as a notification; `onStarted` runs once Rust has taken the request.
 */
export function useSyncNow(onStarted?: () => void) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: syncNow,
    onSuccess: () => {
      onStarted?.();
      void client.invalidateQueries({ queryKey: queryKeys.syncStatus });
      void client.invalidateQueries({ queryKey: queryKeys.syncProblems });
    },
    onError: (e) => notifications.show({ color: "red", title: "Could not start a sync", message: errorSummaryOf(e) }),
  });
}
