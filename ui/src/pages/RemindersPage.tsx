import { Badge, Button, Stack, Table, Text, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { markReminded, remindersDue } from "../api";
import type { ReminderItem } from "../bindings/ReminderItem";
import { ErrorState } from "../components/ErrorState";
import { LoadingState } from "../components/LoadingState";
import { errorSummaryOf } from "../lib/fieldErrors";
import { queryKeys } from "../lib/queryKeys";
import { useSession } from "../lib/session";
import { formatClock, formatDay } from "../lib/wallClock";
import { orDash } from "../lib/format";

/** Tomorrow's scheduled appointments, to call or email; staff mark each as reminded. */
export function RemindersPage() {
  const { can } = useSession();
  const client = useQueryClient();
  const due = useQuery({ queryKey: queryKeys.reminders, queryFn: remindersDue });
  const mark = useMutation({
    mutationFn: (id: string) => markReminded(id),
    onSuccess: (a) => {
      client.setQueryData<ReminderItem[]>(queryKeys.reminders, (old) =>
        old?.map((r) => (r.appointment.id === a.id ? { ...r, appointment: a } : r)),
      );
      void client.invalidateQueries({ queryKey: queryKeys.schedule });
    },
    onError: (e) => notifications.show({ color: "red", message: errorSummaryOf(e) }),
  });

  if (due.isPending) return <LoadingState label="Loading tomorrow's appointments…" />;
  if (due.isError) return <ErrorState error={due.error} title="Could not load the reminders" onRetry={() => void due.refetch()} />;
  const first = due.data[0];

  return (
    <Stack gap="md" data-testid="reminders-page">
      <Title order={2}>Reminders{first ? ` for ${formatDay(first.appointment.start)}` : ""}</Title>
      {due.data.length === 0 ? (
        <Text c="dimmed" data-testid="reminders-empty">
          No appointments tomorrow.
        </Text>
      ) : (
        <Table striped data-testid="reminders-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Time</Table.Th>
              <Table.Th>Patient</Table.Th>
              <Table.Th>Provider</Table.Th>
              <Table.Th>Phone</Table.Th>
              <Table.Th>Email</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {due.data.map(({ appointment: a, phone, email }) => (
              <Table.Tr key={a.id} data-testid="reminder-row" data-appointment-id={a.id}>
                <Table.Td>{formatClock(a.start)}</Table.Td>
                <Table.Td>
                  {a.patientName} <Text span size="xs" c="dimmed">{a.patientMrn}</Text>
                </Table.Td>
                <Table.Td>{a.providerName}</Table.Td>
                <Table.Td>{phone ? <a href={`tel:${phone}`}>{phone}</a> : orDash(phone)}</Table.Td>
                <Table.Td>{email ? <a href={`mailto:${email}`}>{email}</a> : orDash(email)}</Table.Td>
                <Table.Td>
                  {a.remindedAt ? (
                    <Badge color="green" data-testid="reminder-done">
                      Reminded
                    </Badge>
                  ) : (
                    can("book_appointments") && (
                      <Button
                        size="xs"
                        variant="light"
                        onClick={() => mark.mutate(a.id)}
                        loading={mark.isPending && mark.variables === a.id}
                        data-testid="reminder-mark"
                      >
                        Mark reminded
                      </Button>
                    )
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}
