import { useState } from "react";
import { Stack, Text, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { listBookingConflicts } from "../api";
import { NoAccess } from "../components/NoAccess";
import { ErrorState } from "../components/ErrorState";
import { LoadingState } from "../components/LoadingState";
import { BookingConflictCard, type ConflictAction } from "../components/sync/BookingConflictCard";
import { ResolveConflictModal } from "../components/sync/ResolveConflictModal";
import { queryKeys } from "../lib/queryKeys";
import { useSession } from "../lib/session";

/** Appointments two computers booked for one provider at the same time while apart. */
export function BookingConflictsPage() {
  const { can } = useSession();
  const allowed = can("view_schedule");
  // Not polled: each read is recorded in the audit trail.
  const conflicts = useQuery({ queryKey: queryKeys.bookingConflicts, queryFn: listBookingConflicts, enabled: allowed });
  const [action, setAction] = useState<ConflictAction | null>(null);

  if (!allowed) return <NoAccess what="the double bookings" />;
  if (conflicts.isPending) return <LoadingState label="Loading double bookings…" />;
  if (conflicts.isError) return <ErrorState error={conflicts.error} title="Could not load the double bookings" onRetry={() => void conflicts.refetch()} />;

  return (
    <Stack gap="md" data-testid="booking-conflicts">
      <Title order={2}>Double bookings</Title>
      <Text size="sm" c="dimmed">
        Two computers booked the same provider at overlapping times while they could not reach each other. Cancel one, keep
        both, or move one in the schedule.
      </Text>
      {conflicts.data.length === 0 ? (
        <Text c="dimmed" data-testid="booking-conflicts-empty">
          No double bookings to settle
        </Text>
      ) : (
        conflicts.data.map((c) => (
          <BookingConflictCard key={c.id} conflict={c} canBook={can("book_appointments")} onAction={setAction} />
        ))
      )}
      {action && <ResolveConflictModal action={action} onClose={() => setAction(null)} />}
    </Stack>
  );
}
