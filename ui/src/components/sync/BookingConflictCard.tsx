import { Anchor, Badge, Button, Card, Group, Paper, SimpleGrid, Stack, Text } from "@mantine/core";
import { Link } from "react-router-dom";
import type { BookingConflict } from "../../bindings/BookingConflict";
import type { ConflictSide } from "../../bindings/ConflictSide";
import { allowedMoves, STATUS_LABELS } from "../../lib/appointmentStatus";
import { formatInstant } from "../../lib/labels";
import { formatClock, formatDay } from "../../lib/wallClock";

/** What the user chose to do with a double booking; the modal asks for the words. */
export type ConflictAction =
  | { kind: "cancel"; conflict: BookingConflict; side: ConflictSide }
  | { kind: "keep_both"; conflict: BookingConflict };

export interface BookingConflictCardProps {
  conflict: BookingConflict;
  canBook: boolean;
  onAction: (action: ConflictAction) => void;
}

/** "Tue 24 Nov 2026, 09:00–09:20" on the clinic's wall clock, as Rust sends it (no zone conversion). */
export function sideTime({ start, end }: ConflictSide): string {
  const sameDay = start.slice(0, 10) === end.slice(0, 10);
  return sameDay
    ? `${formatDay(start)}, ${formatClock(start)}–${formatClock(end)}`
    : `${formatDay(start)}, ${formatClock(start)} – ${formatDay(end)}, ${formatClock(end)}`;
}

/** One double booking: the provider, both appointments side by side, and how to settle it. */
export function BookingConflictCard({ conflict, canBook, onAction }: BookingConflictCardProps) {
  return (
    <Card withBorder padding="md" radius="md" data-testid="booking-conflict" data-conflict-id={conflict.id}>
      <Stack gap="sm">
        <Group justify="space-between" align="baseline">
          <Text fw={600}>{conflict.providerName ?? "Provider record not here yet"}</Text>
          <Text size="xs" c="dimmed">
            Found {formatInstant(conflict.detectedAt)}
          </Text>
        </Group>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          {[conflict.first, conflict.second].map((side) => (
            <SideView
              key={side.appointmentId}
              side={side}
              onCancel={canBook ? () => onAction({ kind: "cancel", conflict, side }) : undefined}
            />
          ))}
        </SimpleGrid>
        {canBook && (
          <Group>
            <Button variant="default" onClick={() => onAction({ kind: "keep_both", conflict })} data-testid="conflict-keep-both">
              Keep both
            </Button>
          </Group>
        )}
      </Stack>
    </Card>
  );
}

function SideView({ side, onCancel }: { side: ConflictSide; onCancel?: () => void }) {
  const cancellable = allowedMoves(side.status).includes("cancel");
  return (
    <Paper withBorder p="sm" radius="sm" data-testid="conflict-side" data-appointment-id={side.appointmentId}>
      <Stack gap={4}>
        {side.patientName ? (
          <Anchor component={Link} to={`/patients/${side.patientId}`} fw={600}>
            {side.patientName}
          </Anchor>
        ) : (
          <Text fw={600} c="dimmed">
            Patient record not here yet
          </Text>
        )}
        {side.mrn && (
          <Text size="xs" c="dimmed">
            {side.mrn}
          </Text>
        )}
        <Text size="sm">{sideTime(side)}</Text>
        <Group gap="xs">
          <Badge variant="light">{STATUS_LABELS[side.status]}</Badge>
          <Text size="xs" c="dimmed">
            Booked at {side.bookedAtSite}
          </Text>
        </Group>
        <Group gap="sm" mt={4}>
          {onCancel && cancellable && (
            <Button size="xs" color="red" variant="light" onClick={onCancel} data-testid={`conflict-cancel-${side.appointmentId}`}>
              Cancel this one
            </Button>
          )}
          {/* The schedule page opens on today and has no date in its address. */}
          <Anchor component={Link} to="/schedule" size="sm" data-testid="conflict-open-schedule">
            Open in the schedule
          </Anchor>
        </Group>
      </Stack>
    </Paper>
  );
}
