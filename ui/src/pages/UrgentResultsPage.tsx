import { Anchor, Badge, Button, Stack, Table, Text, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Link } from "react-router-dom";
import { acknowledgeClinicalAlert, listClinicalAlerts } from "../api";
import type { UrgentResult } from "../bindings/UrgentResult";
import { dateTime } from "../components/chart/chartFormat";
import { ErrorState } from "../components/ErrorState";
import { LoadingState } from "../components/LoadingState";
import { LAB_FLAG_COLORS, LAB_FLAG_LABELS } from "../lib/chartLabels";
import { errorSummaryOf } from "../lib/fieldErrors";
import { queryKeys } from "../lib/queryKeys";
import { useSession } from "../lib/session";

/** Open urgent results (abnormal and critical labs) for this doctor or any doctor. */
export function UrgentResultsPage() {
  const client = useQueryClient();
  const { session } = useSession();
  const alerts = useQuery({ queryKey: queryKeys.clinicalAlerts, queryFn: listClinicalAlerts, refetchInterval: 60_000 });
  const ack = useMutation({
    mutationFn: (alert: UrgentResult) => acknowledgeClinicalAlert(alert.id),
    onSuccess: (_null, alert) => {
      notifications.show({ color: "green", message: `Acknowledged: ${alert.patientName}, ${alert.message}` });
      client.setQueryData<UrgentResult[]>(queryKeys.clinicalAlerts, (old) => old?.filter((a) => a.id !== alert.id));
      void client.invalidateQueries({ queryKey: queryKeys.clinicalAlerts });
      void client.invalidateQueries({ queryKey: queryKeys.chart(alert.patientId) });
    },
    onError: (e) => notifications.show({ color: "red", message: errorSummaryOf(e) }),
  });

  if (alerts.isPending) return <LoadingState label="Loading urgent results…" />;
  if (alerts.isError) return <ErrorState error={alerts.error} title="Could not load urgent results" onRetry={() => void alerts.refetch()} />;

  return (
    <Stack gap="md" data-testid="urgent-results">
      <Title order={2}>Urgent results</Title>
      {alerts.data.length === 0 ? (
        <Text c="dimmed" data-testid="urgent-results-empty">
          No open urgent results.
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={720}>
          <Table striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Raised</Table.Th>
                <Table.Th>Patient</Table.Th>
                <Table.Th>Result</Table.Th>
                <Table.Th>For</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {alerts.data.map((a) => (
                <Table.Tr key={a.id} data-testid="urgent-result-row" data-alert-id={a.id}>
                  <Table.Td>{dateTime(a.raisedAt)}</Table.Td>
                  <Table.Td>
                    <Anchor component={Link} to={`/patients/${a.patientId}/chart?tab=labs`} data-testid="urgent-result-patient">
                      {a.patientName}
                    </Anchor>{" "}
                    <Text span size="xs" c="dimmed">
                      {a.mrn}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Badge color={LAB_FLAG_COLORS[a.flag]} mr={6}>
                      {LAB_FLAG_LABELS[a.flag]}
                    </Badge>
                    {a.message}
                  </Table.Td>
                  <Table.Td>{a.forUserId === null ? "Any doctor" : a.forUserId === session?.userId ? "You" : "Another doctor"}</Table.Td>
                  <Table.Td>
                    <Button size="xs" variant="light" loading={ack.isPending && ack.variables.id === a.id} onClick={() => ack.mutate(a)} data-testid="urgent-ack">
                      Acknowledge
                    </Button>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Stack>
  );
}
