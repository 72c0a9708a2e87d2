import { Badge, Tooltip } from "@mantine/core";
import type { SyncState } from "../bindings/SyncState";

const LABELS: Record<SyncState, { label: string; color: string; hint: string }> = {
  not_configured: {
    label: "Sync: not set up",
    color: "gray",
    hint: "This site keeps its data locally. Sync with the clinic server has not been set up.",
  },
  offline: {
    label: "Sync: offline",
    color: "orange",
    hint: "The clinic server cannot be reached. Work continues locally and syncs later.",
  },
  online: { label: "Sync: online", color: "green", hint: "Connected to the clinic server." },
};

export interface SyncStatusBadgeProps {
  state: SyncState | undefined;
  failed?: boolean;
}

export function SyncStatusBadge({ state, failed }: SyncStatusBadgeProps) {
  const info = state
    ? LABELS[state]
    : failed
      ? { label: "Sync: unknown", color: "red", hint: "The sync status could not be read." }
      : { label: "Sync: …", color: "gray", hint: "Reading sync status…" };
  return (
    <Tooltip label={info.hint} multiline w={260} withArrow>
      <Badge variant="light" color={info.color} data-testid="sync-status" data-state={state ?? "unknown"}>
        {info.label}
      </Badge>
    </Tooltip>
  );
}
