import { Badge, Button, Group, Paper, SimpleGrid, Stack, Text, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Link } from "react-router-dom";
import { moveAppointmentStatus, todaysQueue } from "../api";
import type { Appointment } from "../bindings/Appointment";
import type { AppointmentStatus } from "../bindings/AppointmentStatus";
import type { StatusMove } from "../bindings/StatusMove";
import { ErrorState } from "../components/ErrorState";
import { LoadingState } from "../components/LoadingState";
import { STATUS_LABELS } from "../lib/appointmentStatus";
import { errorSummaryOf } from "../lib/fieldErrors";
import { queryKeys } from "../lib/queryKeys";
import { useSession } from "../lib/session";
import { formatClock } from "../lib/wallClock";

const GROUPS: Array<{ status: AppointmentStatus; title: string; testId: string }> = [
  { status: "scheduled", title: "Upcoming", testId: "queue-upcoming" },
  { status: "checked_in", title: "Waiting", testId: "queue-waiting" },
  { status: "in_progress", title: "With the doctor", testId: "queue-in-progress" },
  { status: "completed", title: "Done", testId: "queue-done" },
];

/** The one-click move each queue column offers. */
const NEXT_MOVE: Partial<Record<AppointmentStatus, { move: StatusMove; label: string; testId: string }>> = {
  scheduled: { move: "check_in", label: "Check in", testId: "queue-check-in" },
  checked_in: { move: "start", label: "Start", testId: "queue-start" },
  in_progress: { move: "complete", label: "Complete", testId: "queue-complete" },
};

/** Today's appointments, every provider, as a queue from arrival to done. Refreshes every 30 s. */
export function QueuePage() {
  const { can } = useSession();
  const client = useQueryClient();
  const queue = useQuery({ queryKey: queryKeys.queue, queryFn: todaysQueue, refetchInterval: 30_000 });
  const move = useMutation({
    mutationFn: ({ a, move }: { a: Appointment; move: StatusMove }) => moveAppointmentStatus(a.id, move, null),
    onSuccess: (a) => {
      client.setQueryData<Appointment[]>(queryKeys.queue, (old) => old?.map((x) => (x.id === a.id ? a : x)));
      notifications.show({ color: "green", message: `${a.patientName}: ${STATUS_LABELS[a.status]}` });
    },
    onError: (e) => notifications.show({ color: "red", message: errorSummaryOf(e) }),
    onSettled: () => client.invalidateQueries({ queryKey: queryKeys.schedule }),
  });

  if (queue.isPending) return <LoadingState label="Loading today's queue…" />;
  if (queue.isError) return <ErrorState error={queue.error} title="Could not load today's queue" onRetry={() => void queue.refetch()} />;

  return (
    <Stack gap="md" data-testid="queue-page">
      <Title order={2}>Today</Title>
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }}>
        {GROUPS.map((g) => {
          const rows = queue.data.filter((a) => a.status === g.status);
          const next = NEXT_MOVE[g.status];
          return (
            <Paper key={g.status} withBorder p="sm" radius="md" data-testid={g.testId}>
              <Group justify="space-between" mb="xs">
                <Text fw={600}>{g.title}</Text>
                <Badge variant="light">{rows.length}</Badge>
              </Group>
              <Stack gap="xs">
                {rows.length === 0 && (
                  <Text size="sm" c="dimmed">
                    Nobody
                  </Text>
                )}
                {rows.map((a) => (
                  <Paper key={a.id} withBorder p="xs" radius="sm" data-testid="queue-row" data-appointment-id={a.id} data-status={a.status}>
                    <Group justify="space-between" wrap="nowrap" align="flex-start">
                      <div>
                        <Text size="sm" fw={600} component={Link} to={`/patients/${a.patientId}`}>
                          {a.patientName}
                        </Text>
                        <Text size="xs" c="dimmed">
                          {formatClock(a.start)} · {a.providerName}
                          {a.reason ? ` · ${a.reason}` : ""}
                        </Text>
                      </div>
                      {next && can("book_appointments") && (
                        <Button
                          size="xs"
                          style={{ flexShrink: 0 }}
                          onClick={() => move.mutate({ a, move: next.move })}
                          loading={move.isPending && move.variables?.a.id === a.id}
                          data-testid={next.testId}
                        >
                          {next.label}
                        </Button>
                      )}
                    </Group>
                  </Paper>
                ))}
              </Stack>
            </Paper>
          );
        })}
      </SimpleGrid>
    </Stack>
  );
}
