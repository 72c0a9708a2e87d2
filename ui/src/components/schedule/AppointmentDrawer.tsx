import { useEffect, useState } from "react";
import { Anchor, Badge, Divider, Drawer, Group, Stack, Text, Title } from "@mantine/core";
import { Link } from "react-router-dom";
import type { Appointment } from "../../bindings/Appointment";
import { canReschedule, STATUS_COLOURS, STATUS_LABELS } from "../../lib/appointmentStatus";
import { formatInstant } from "../../lib/labels";
import { useSession } from "../../lib/session";
import { formatClock, formatDay } from "../../lib/wallClock";
import { RescheduleForm } from "./RescheduleForm";
import { StatusActions } from "./StatusActions";

export interface AppointmentDrawerProps {
  appointment: Appointment | null;
  onClose: () => void;
}

function Row({ label, value, testId }: { label: string; value: string | null | undefined; testId?: string }) {
  if (!value) return null;
  return (
    <Group gap="xs" wrap="nowrap" align="flex-start">
      <Text size="sm" c="dimmed" w={110} style={{ flexShrink: 0 }}>
        {label}
      </Text>
      <Text size="sm" data-testid={testId} style={{ whiteSpace: "pre-wrap" }}>
        {value}
      </Text>
    </Group>
  );
}

/** One appointment: details, the status moves allowed now, and rescheduling. */
export function AppointmentDrawer({ appointment, onClose }: AppointmentDrawerProps) {
  const { can, session } = useSession();
  // The drawer keeps the latest copy (a move or reschedule returns it) while the calendar refetches.
  const [current, setCurrent] = useState(appointment);
  useEffect(() => setCurrent(appointment), [appointment]);
  const a = current;
  return (
    <Drawer opened={a !== null} onClose={onClose} position="right" size="md" title="Appointment">
      {a && (
        <Stack gap="sm" data-testid="appointment-drawer" data-appointment-id={a.id}>
          <Group justify="space-between" align="flex-start">
            <div>
              <Title order={4}>
                <Anchor component={Link} to={`/patients/${a.patientId}`} inherit>
                  {a.patientName}
                </Anchor>
              </Title>
              <Text size="sm" c="dimmed">
                MRN {a.patientMrn}
              </Text>
            </div>
            <Badge color={STATUS_COLOURS[a.status]} data-testid="appointment-status" data-status={a.status}>
              {STATUS_LABELS[a.status]}
            </Badge>
          </Group>
          {a.conflict && (
            <Text size="sm" c="red" fw={600} data-testid="appointment-conflict">
              Double-booked after a sync: move or cancel one of the overlapping appointments.
            </Text>
          )}
          <Stack gap={4}>
            <Row label="When" value={`${formatDay(a.start)}, ${formatClock(a.start)}–${formatClock(a.end)}`} testId="appointment-when" />
            <Row label="Provider" value={a.providerName} testId="appointment-provider" />
            <Row label="Type" value={a.typeName} />
            <Row label="Reason" value={a.reason} />
            <Row label="Notes" value={a.notes} />
            <Row label="Cancelled because" value={a.cancelReason} />
            <Row label="Checked in" value={a.checkedInAt ? formatInstant(a.checkedInAt) : null} />
            <Row label="Reminded" value={a.remindedAt ? formatInstant(a.remindedAt) : null} />
            <Row label="Series" value={a.seriesId ? "Part of a recurring series" : null} />
          </Stack>
          {session && !can("book_appointments") && (
            <Text size="sm" c="dimmed" data-testid="appt-read-only">
              Your role can see appointments but not change them.
            </Text>
          )}
          {can("book_appointments") && (
            <>
              <StatusActions key={`${a.id}-${a.status}`} appointment={a} onMoved={setCurrent} />
              {canReschedule(a.status) && (
                <>
                  <Divider label="Reschedule" labelPosition="left" />
                  <RescheduleForm key={`${a.id}-${a.start}-${a.providerId}`} appointment={a} onMoved={setCurrent} />
                </>
              )}
            </>
          )}
        </Stack>
      )}
    </Drawer>
  );
}
