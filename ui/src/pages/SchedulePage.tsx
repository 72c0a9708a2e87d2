import { useState } from "react";
import { Stack, Text } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { addDays, addWeeks, format, startOfWeek } from "date-fns";
import { calendar, listProviders, rescheduleAppointment } from "../api";
import type { Appointment } from "../bindings/Appointment";
import type { RescheduleInput } from "../bindings/RescheduleInput";
import { ErrorState } from "../components/ErrorState";
import { LoadingState } from "../components/LoadingState";
import { AppointmentDrawer } from "../components/schedule/AppointmentDrawer";
import { BookingModal, type BookingPrefill } from "../components/schedule/BookingModal";
import { NextAvailableFinder } from "../components/schedule/NextAvailableFinder";
import { ScheduleCalendar, type SlotChoice } from "../components/schedule/ScheduleCalendar";
import { ScheduleToolbar, type ScheduleViewName } from "../components/schedule/ScheduleToolbar";
import { errorSummaryOf } from "../lib/fieldErrors";
import { queryKeys } from "../lib/queryKeys";
import { useSession } from "../lib/session";
import { formatClock, formatDay, parseDateOnly, splitLocal, toDateOnly } from "../lib/wallClock";

const startOfClinicWeek = (d: Date) => startOfWeek(d, { weekStartsOn: 1 });

/** The calendar: providers side by side for a day, or one provider's week. */
export function SchedulePage() {
  const { can } = useSession();
  const client = useQueryClient();
  const canBook = can("book_appointments");
  const [view, setView] = useState<ScheduleViewName>("day");
  // "Today" is this computer's date; the clinic's computers are in the clinic's time zone.
  const [date, setDate] = useState(() => new Date());
  const [dayProviders, setDayProviders] = useState<string[]>([]);
  const [weekProvider, setWeekProvider] = useState<string | null>(null);
  const [booking, setBooking] = useState<BookingPrefill | null>(null);
  const [selected, setSelected] = useState<Appointment | null>(null);

  const providers = useQuery({ queryKey: queryKeys.providers, queryFn: listProviders });
  const active = (providers.data ?? []).filter((p) => p.active);
  const weekId = weekProvider ?? dayProviders[0] ?? active[0]?.id ?? null;
  const from = toDateOnly(view === "day" ? date : startOfClinicWeek(date));
  const days = view === "day" ? 1 : 7;
  const ids = view === "day" ? (dayProviders.length > 0 ? dayProviders : null) : weekId ? [weekId] : null;
  const cal = useQuery({
    queryKey: queryKeys.calendar(from, days, ids),
    queryFn: () => calendar(from, days, ids),
    enabled: view === "day" || weekId !== null,
    placeholderData: keepPreviousData,
  });

  const reschedule = useMutation({
    mutationFn: ({ appointment, input }: { appointment: Appointment; input: RescheduleInput }) => rescheduleAppointment(appointment.id, input),
    onSuccess: (a) => {
      notifications.show({ color: "green", message: `${a.patientName} moved to ${formatDay(a.start)} ${formatClock(a.start)} with ${a.providerName}` });
    },
    // The event stays where it was: the calendar only shows what Rust returns.
    onError: (e) => notifications.show({ color: "red", title: "Not moved", message: errorSummaryOf(e) }),
    onSettled: () => client.invalidateQueries({ queryKey: queryKeys.schedule }),
  });

  const label =
    view === "day"
      ? format(date, "EEEE d MMMM yyyy")
      : `Week of ${format(startOfClinicWeek(date), "d MMM yyyy")}`;
  const onSlot = (slot: SlotChoice) => {
    const { date: d, time } = splitLocal(slot.start);
    setBooking({ providerId: slot.providerId, date: d, time, minutes: slot.minutes });
  };

  return (
    <Stack gap="md" data-testid="schedule-page">
      <ScheduleToolbar
        label={label}
        view={view}
        onView={setView}
        date={toDateOnly(date)}
        onDate={(d) => setDate(parseDateOnly(d) ?? date)}
        onStep={(dir) => setDate((d) => (view === "day" ? addDays(d, dir) : addWeeks(d, dir)))}
        onToday={() => setDate(new Date())}
        providers={providers.data ?? []}
        dayProviders={dayProviders}
        onDayProviders={setDayProviders}
        weekProvider={weekId}
        onWeekProvider={setWeekProvider}
        canBook={canBook}
        onNew={() => setBooking({})}
      />
      {providers.isError && <ErrorState error={providers.error} title="Could not load the providers" onRetry={() => void providers.refetch()} />}
      {cal.isError && <ErrorState error={cal.error} title="Could not load the calendar" onRetry={() => void cal.refetch()} />}
      {cal.isPending && cal.fetchStatus !== "idle" && <LoadingState label="Loading the calendar…" />}
      {providers.isSuccess && active.length === 0 && (
        <Text c="dimmed" data-testid="schedule-no-providers">
          No providers yet. An admin or the front desk adds them under Providers.
        </Text>
      )}
      {cal.data && (
        <ScheduleCalendar
          view={view}
          date={date}
          data={cal.data}
          canBook={canBook}
          onSelectSlot={onSlot}
          onSelectAppointment={setSelected}
          onReschedule={(appointment, input) => reschedule.mutate({ appointment, input })}
        />
      )}
      <NextAvailableFinder providers={providers.data ?? []} canBook={canBook} onBook={setBooking} />
      {booking && <BookingModal prefill={booking} onClose={() => setBooking(null)} />}
      <AppointmentDrawer appointment={selected} onClose={() => setSelected(null)} />
    </Stack>
  );
}
