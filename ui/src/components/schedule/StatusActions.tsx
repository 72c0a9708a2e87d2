import { useState } from "react";
import { Alert, Button, Group, Stack, Text, Textarea } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { moveAppointmentStatus } from "../../api";
import type { Appointment } from "../../bindings/Appointment";
import type { StatusMove } from "../../bindings/StatusMove";
import { allowedMoves, MOVE_LABELS, MOVE_TARGET, MOVE_TEST_IDS, STATUS_LABELS } from "../../lib/appointmentStatus";
import { errorSummaryOf } from "../../lib/fieldErrors";
import { queryKeys } from "../../lib/queryKeys";

export interface StatusActionsProps {
  appointment: Appointment;
  onMoved: (updated: Appointment) => void;
}

/** One button per move the state machine allows from this status; cancel asks for a reason. */
export function StatusActions({ appointment, onMoved }: StatusActionsProps) {
  const client = useQueryClient();
  const [cancelling, setCancelling] = useState(false);
  const [reason, setReason] = useState("");
  const move = useMutation({
    mutationFn: ({ move, reason }: { move: StatusMove; reason: string | null }) => moveAppointmentStatus(appointment.id, move, reason),
    onSuccess: (updated) => {
      setCancelling(false);
      setReason("");
      void client.invalidateQueries({ queryKey: queryKeys.schedule });
      notifications.show({ color: "green", message: `${updated.patientName}: ${STATUS_LABELS[updated.status]}` });
      onMoved(updated);
    },
  });
  const moves = allowedMoves(appointment.status);
  if (moves.length === 0)
    return (
      <Text size="sm" c="dimmed" data-testid="appt-final">
        {STATUS_LABELS[appointment.status]} is final: no further changes.
      </Text>
    );

  return (
    <Stack gap="xs" data-testid="appt-actions">
      <Group gap="xs">
        {moves.map((m) => (
          <Button
            key={m}
            size="xs"
            variant={m === "cancel" || m === "no_show" || m === "undo_check_in" ? "light" : "filled"}
            color={m === "cancel" || m === "no_show" ? "red" : undefined}
            loading={move.isPending && move.variables?.move === m}
            disabled={move.isPending}
            onClick={() => (m === "cancel" ? setCancelling(true) : move.mutate({ move: m, reason: null }))}
            data-testid={MOVE_TEST_IDS[m]}
            title={`${MOVE_LABELS[m]} → ${STATUS_LABELS[MOVE_TARGET[m]]}`}
          >
            {MOVE_LABELS[m]}
          </Button>
        ))}
      </Group>
      {cancelling && (
        <Stack gap="xs">
          <Textarea
            label="Why is it cancelled?"
            required
            autoFocus
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
            data-testid="appt-cancel-reason"
          />
          <Group gap="xs">
            <Button
              size="xs"
              color="red"
              disabled={reason.trim() === ""}
              loading={move.isPending}
              onClick={() => move.mutate({ move: "cancel", reason: reason.trim() })}
              data-testid="appt-cancel-confirm"
            >
              Cancel the appointment
            </Button>
            <Button size="xs" variant="default" onClick={() => setCancelling(false)}>
              Keep it
            </Button>
          </Group>
        </Stack>
      )}
      {move.isError && (
        <Alert color="red" data-testid="appt-error">
          {errorSummaryOf(move.error)}
        </Alert>
      )}
    </Stack>
  );
}
