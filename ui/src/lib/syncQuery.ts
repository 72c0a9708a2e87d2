import { useEffect, useRef } from "react";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { syncStatus } from "../api";
import type { SyncStatus } from "../bindings/SyncStatus";
import { queryKeys } from "./queryKeys";
import { onSyncChanged } from "./syncEvents";

export const syncStatusQuery = { queryKey: queryKeys.syncStatus, queryFn: syncStatus } as const;

/**
 * Whether the step from `before` to `now` is the end of a sync that brought records in. Only
 * then are lists re-read: re-reading after every sync would re-run (and re-audit) every open
 * patient's read each half minute.
 */
function finishedSync(before: SyncStatus, now: SyncStatus): boolean {
  if (now.received === 0) return false;
  if (before.state === "syncing" && now.state !== "syncing") return true;
  // A short sync can start and end between two polls: a new last-sync time says so too.
  return now.lastSyncedAt !== null && now.lastSyncedAt !== before.lastSyncedAt;
}

/**
 * The sync status for the app header: polled every 5 s and re-read on each "sync-changed"
 * event. When a sync finishes, every other query is re-read so lists show what it brought in.
 * Mount it once (the indicator); other screens read the same cache with `syncStatusQuery`.
 */
export function useWatchedSyncStatus() {
  const client = useQueryClient();
  const query = useQuery({ ...syncStatusQuery, refetchInterval: 5_000 });
  useEffect(() => onSyncChanged(() => void client.invalidateQueries({ queryKey: queryKeys.syncStatus })), [client]);

  const previous = useRef<SyncStatus | undefined>(undefined);
  useEffect(() => {
    const before = previous.current;
    previous.current = query.data;
    if (!before || !query.data || !finishedSync(before, query.data)) return;
    void client.invalidateQueries({ predicate: (q) => q.queryKey[0] !== queryKeys.syncStatus[0] });
  }, [client, query.data]);
  return query;
}
