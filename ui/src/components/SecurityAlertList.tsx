import { Alert, Button, Group, Stack, Text } from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { acknowledgeSecurityAlert, listSecurityAlerts } from "../api";
import { formatInstant } from "../lib/labels";
import { queryKeys } from "../lib/queryKeys";

/** Break-the-glass accesses and unlinked sites waiting for an admin's review. */
export function SecurityAlertList() {
  const client = useQueryClient();
  const alerts = useQuery({ queryKey: queryKeys.alerts, queryFn: listSecurityAlerts });
  const ack = useMutation({
    mutationFn: acknowledgeSecurityAlert,
    onSuccess: () => void client.invalidateQueries({ queryKey: queryKeys.alerts }),
  });
  if (!alerts.data?.length) return null;
  return (
    <Stack gap="xs">
      {alerts.data.map((a) => (
        <Alert
          key={a.id}
          color="red"
          title={a.kind === "site_unlinked" ? "A site stopped syncing" : "Emergency access to a chart"}
          data-testid="alert-row"
        >
          <Group justify="space-between" align="flex-start" wrap="nowrap">
            <Text size="sm">
              {a.kind === "site_unlinked"
                ? `${a.username} ${a.reason} (${formatInstant(a.raisedAt)}).`
                : `${a.username} opened the chart of ${a.patientLabel ?? "a patient"} on ${formatInstant(a.raisedAt)}. Reason: “${a.reason}”`}
            </Text>
            <Button size="xs" variant="white" color="red" onClick={() => ack.mutate(a.id)} data-testid="alert-ack">
              Reviewed
            </Button>
          </Group>
        </Alert>
      ))}
    </Stack>
  );
}
