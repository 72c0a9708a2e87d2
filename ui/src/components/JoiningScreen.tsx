import { useEffect } from "react";
import { Alert, Group, Progress, Stack, Text } from "@mantine/core";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import type { AppStatus } from "../bindings/AppStatus";
import { errorSummaryOf } from "../lib/fieldErrors";
import { queryKeys } from "../lib/queryKeys";
import { syncPercent } from "../lib/syncLabels";
import { SYNC_STATUS_FALLBACK_MS, syncStatusQuery, useSyncChangedRefresh } from "../lib/syncQuery";
import { GateCard } from "./GateCard";

/**
 * A computer that joined an existing clinic waits here until the clinic's records (staff
 * accounts among them) have arrived; then app_status is re-read and the login appears.
 * Rust's "sync-changed" event (after each progress step and each sync run) moves it on.
 */
export function JoiningScreen({ status }: { status: AppStatus }) {
  const client = useQueryClient();
  useSyncChangedRefresh();
  // Read once on arrival too: the steps Rust announced before this screen listened are not heard.
  const sync = useQuery({ ...syncStatusQuery, refetchInterval: SYNC_STATUS_FALLBACK_MS, refetchOnMount: "always" });
  const initialised = sync.data?.initialised === true;
  useEffect(() => {
    if (initialised) void client.invalidateQueries({ queryKey: queryKeys.appStatus });
  }, [client, initialised]);

  const percent = sync.data?.progress?.phase === "receiving" ? syncPercent(sync.data) : null;
  const name = sync.data?.orgName ?? status.clinicName;

  return (
    <GateCard title={`Joining ${name}`} subtitle="Fetching the clinic's records…" width={520}>
      <Stack gap="sm" data-testid="join-progress">
        <Progress
          value={percent ?? 0}
          size="lg"
          animated={sync.data?.state === "syncing"}
          aria-label="Records fetched"
          data-testid="join-progress-bar"
        />
        <Group justify="space-between">
          <Text size="sm" c="dimmed">
            {percent === null ? "Connecting to the clinic's server…" : "Receiving the clinic's records"}
          </Text>
          {percent !== null && (
            <Text size="sm" fw={600}>
              {percent}%
            </Text>
          )}
        </Group>
        {sync.data?.lastError && (
          <Alert color="orange" variant="light" title="Not there yet" data-testid="join-last-error">
            {sync.data.lastError} Clinic Desk keeps trying; leave this window open.
          </Alert>
        )}
        {sync.isError && (
          <Alert color="red" variant="light" data-testid="join-last-error">
            {errorSummaryOf(sync.error)}
          </Alert>
        )}
        <Text size="sm" c="dimmed">
          Once everything is here, log in with your usual username and password.
        </Text>
      </Stack>
    </GateCard>
  );
}
