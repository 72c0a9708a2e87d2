import { Badge, Paper, Table, Text, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { patientAppointments } from "../../api";
import { STATUS_COLOURS, STATUS_LABELS } from "../../lib/appointmentStatus";
import { errorSummaryOf } from "../../lib/fieldErrors";
import { queryKeys } from "../../lib/queryKeys";
import { formatClock, formatDay } from "../../lib/wallClock";

/** A patient's appointments, newest first. */
export function PatientAppointments({ patientId }: { patientId: string }) {
  const list = useQuery({ queryKey: queryKeys.patientAppointments(patientId), queryFn: () => patientAppointments(patientId) });
  return (
    <Paper withBorder p="md" radius="md" data-testid="patient-appointments">
      <Title order={4} mb="sm">
        Appointments
      </Title>
      {list.isPending && (
        <Text size="sm" c="dimmed">
          Loading…
        </Text>
      )}
      {list.isError && (
        <Text size="sm" c="red">
          {errorSummaryOf(list.error)}
        </Text>
      )}
      {list.data?.length === 0 && (
        <Text size="sm" c="dimmed">
          No appointments.
        </Text>
      )}
      {list.data && list.data.length > 0 && (
        <Table.ScrollContainer minWidth={500}>
          <Table striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Date</Table.Th>
                <Table.Th>Time</Table.Th>
                <Table.Th>Provider</Table.Th>
                <Table.Th>Type</Table.Th>
                <Table.Th>Status</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.data.map((a) => (
                <Table.Tr key={a.id} data-testid="patient-appointment-row" data-appointment-id={a.id}>
                  <Table.Td>{formatDay(a.start)}</Table.Td>
                  <Table.Td>
                    {formatClock(a.start)}–{formatClock(a.end)}
                  </Table.Td>
                  <Table.Td>{a.providerName}</Table.Td>
                  <Table.Td>{a.typeName ?? a.reason ?? "—"}</Table.Td>
                  <Table.Td>
                    <Badge color={STATUS_COLOURS[a.status]} variant="light">
                      {STATUS_LABELS[a.status]}
                    </Badge>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Paper>
  );
}
