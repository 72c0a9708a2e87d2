import { Alert, Badge, Button, Card, Group, SimpleGrid, Stack, Text, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useState } from "react";
import { useQuery } from "@tanstack/react-query";
import type { SyncStatus } from "../bindings/SyncStatus";
import { ErrorState } from "../components/ErrorState";
import { LabelledValue } from "../components/LabelledValue";
import { LoadingState } from "../components/LoadingState";
import { NoAccess } from "../components/NoAccess";
import { EnrolForm } from "../components/sync/EnrolForm";
import { SyncProblemsTable } from "../components/sync/SyncProblemsTable";
import { UnlinkSiteModal } from "../components/sync/UnlinkSiteModal";
import { formatInstant } from "../lib/labels";
import { useSession } from "../lib/session";
import { SYNC_STATE_COLORS, syncLabel, waitingLabel } from "../lib/syncLabels";
import { syncStatusQuery, useSyncNow } from "../lib/syncQuery";

/** For admins: how this site syncs with the clinic's server, enrolling it, and what went wrong. */
export function SyncSettingsPage() {
  const { can } = useSession();
  const sync = useQuery(syncStatusQuery);
  const now = useSyncNow(() => notifications.show({ color: "blue", message: "Syncing now" }));
  const [unlinking, setUnlinking] = useState(false);

  if (!can("manage_settings")) return <NoAccess what="the sync settings" />;
  if (sync.isPending) return <LoadingState label="Loading the sync status…" />;
  if (sync.isError) return <ErrorState error={sync.error} title="Could not read the sync status" onRetry={() => void sync.refetch()} />;
  const status = sync.data;
  const configured = status.state !== "not_configured";

  return (
    <Stack gap="md">
      <Group justify="space-between">
        <Title order={2}>Sync</Title>
        {configured && (
          <Group gap="xs">
            <Button variant="default" color="red" onClick={() => setUnlinking(true)} data-testid="sync-unlink">
              Unlink this site
            </Button>
            <Button onClick={() => now.mutate()} loading={now.isPending} data-testid="sync-settings-now">
              Sync now
            </Button>
          </Group>
        )}
      </Group>
      <SyncFacts status={status} />
      {configured ? (
        <Stack gap="xs">
          <Title order={4}>Problems</Title>
          <Text size="sm" c="dimmed">
            Changes the server refused, or that came from another site and could not be stored here. Each needs someone to
            look at the record and enter the change again.
          </Text>
          <SyncProblemsTable />
        </Stack>
      ) : (
        <EnrolForm />
      )}
      {unlinking && <UnlinkSiteModal status={status} onClose={() => setUnlinking(false)} />}
    </Stack>
  );
}

function SyncFacts({ status }: { status: SyncStatus }) {
  const configured = status.state !== "not_configured";
  const facts: Array<[string, string]> = configured
    ? [
        ["Server", status.serverUrl ?? "—"],
        ["Organisation", status.orgName ?? "—"],
        ["Pinned certificate fingerprint", status.fingerprint ?? "None: the server's certificate is publicly trusted"],
        ["Last sync", status.lastSyncedAt ? formatInstant(status.lastSyncedAt) : "Not yet"],
        ["Changes waiting", waitingLabel(status.waiting)],
      ]
    : [];
  return (
    <Card withBorder padding="md" radius="md">
      <Stack gap="sm">
        <Group gap="xs">
          <Text size="sm" c="dimmed">
            State
          </Text>
          <Badge variant="light" color={SYNC_STATE_COLORS[status.state]} data-testid="sync-settings-state" data-state={status.state}>
            {syncLabel(status)}
          </Badge>
        </Group>
        {!configured && (
          <Text size="sm">This site keeps its records here only. Enrol it below to share them with the clinic&apos;s other sites.</Text>
        )}
        {facts.length > 0 && (
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
            {facts.map(([label, value]) => (
              <LabelledValue key={label} label={label} value={value} />
            ))}
          </SimpleGrid>
        )}
        {status.lastError && (
          <Alert color="orange" variant="light" title="Last error" data-testid="sync-settings-error">
            {status.lastError}
          </Alert>
        )}
      </Stack>
    </Card>
  );
}
