import { Alert, Anchor, Badge, Button, Group, Popover, Stack, Text } from "@mantine/core";
import { Link } from "react-router-dom";
import type { SyncStatus } from "../bindings/SyncStatus";
import { errorSummaryOf } from "../lib/fieldErrors";
import { formatInstant } from "../lib/labels";
import { useSession } from "../lib/session";
import { LabelledValue } from "./LabelledValue";
import { conflictsLabel, SYNC_STATE_COLORS, SYNC_STATE_LABELS, syncLabel, waitingLabel } from "../lib/syncLabels";
import { useSyncNow, useWatchedSyncStatus } from "../lib/syncQuery";

/** The header's sync indicator: one short label, details and "Sync now" on click, double bookings. */
export function SyncIndicator() {
  const { can } = useSession();
  const sync = useWatchedSyncStatus();
  const status = sync.data;
  const label = status ? syncLabel(status) : sync.isError ? "Sync status unknown" : "Checking sync…";
  const color = status ? SYNC_STATE_COLORS[status.state] : sync.isError ? "red" : "gray";
  const conflicts = status?.conflicts ?? 0;

  return (
    <Group gap="xs" wrap="nowrap">
      <Popover width={300} position="bottom-end" withArrow shadow="md">
        <Popover.Target>
          <Button variant="light" color={color} data-testid="sync-status" data-state={status?.state ?? "unknown"}>
            {label}
          </Button>
        </Popover.Target>
        <Popover.Dropdown>
          {status ? <SyncDetails status={status} /> : <Text size="sm">{sync.isError ? errorSummaryOf(sync.error) : "Reading the sync status…"}</Text>}
        </Popover.Dropdown>
      </Popover>
      {conflicts > 0 && <ConflictsBadge count={conflicts} linked={can("view_schedule")} />}
    </Group>
  );
}

function ConflictsBadge({ count, linked }: { count: number; linked: boolean }) {
  const props = { color: "red", size: "lg", "data-testid": "sync-conflicts-badge", title: "Appointments booked at the same time on two computers" } as const;
  return linked ? (
    <Badge {...props} component={Link} to="/schedule/conflicts" style={{ cursor: "pointer" }}>
      {conflictsLabel(count)}
    </Badge>
  ) : (
    <Badge {...props}>{conflictsLabel(count)}</Badge>
  );
}

function SyncDetails({ status }: { status: SyncStatus }) {
  const { can } = useSession();
  const now = useSyncNow();
  const configured = status.state !== "not_configured";

  return (
    <Stack gap="xs" data-testid="sync-details">
      <Text fw={600}>{SYNC_STATE_LABELS[status.state]}</Text>
      {configured ? (
        <>
          <LabelledValue label="Server" value={status.serverUrl ?? "—"} />
          <LabelledValue label="Last sync" value={status.lastSyncedAt ? formatInstant(status.lastSyncedAt) : "Not yet"} />
          {status.waiting > 0 && <LabelledValue label="Waiting here" value={waitingLabel(status.waiting)} />}
        </>
      ) : (
        <Text size="sm" c="dimmed">
          This computer keeps its records here only. They are not shared with the clinic&apos;s other computers.
        </Text>
      )}
      {status.lastError && (
        <Alert color="orange" variant="light" p="xs" data-testid="sync-last-error">
          {status.lastError}
        </Alert>
      )}
      <Group justify="space-between">
        {can("manage_settings") && (
          <Anchor component={Link} to="/admin/sync" size="sm">
            {configured ? "Sync settings" : "Set up sync"}
          </Anchor>
        )}
        {configured && (
          <Button size="xs" onClick={() => now.mutate()} loading={now.isPending} data-testid="sync-now">
            Sync now
          </Button>
        )}
      </Group>
    </Stack>
  );
}
