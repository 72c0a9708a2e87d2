import { useMemo } from "react";
import { Text } from "@mantine/core";
import { Calendar, dateFnsLocalizer, type CalendarProps, type EventProps, type Formats, type SlotInfo } from "react-big-calendar";
import * as dragAndDrop from "react-big-calendar/lib/addons/dragAndDrop";
import type { EventInteractionArgs } from "react-big-calendar/lib/addons/dragAndDrop";
import { format, getDay, parse, startOfWeek } from "date-fns";
import { enGB } from "date-fns/locale";
import "react-big-calendar/lib/css/react-big-calendar.css";
import "react-big-calendar/lib/addons/dragAndDrop/styles.css";
import "./schedule.css";
import type { Appointment } from "../../bindings/Appointment";
import type { CalendarView } from "../../bindings/CalendarView";
import type { Provider } from "../../bindings/Provider";
import { STATUS_COLOURS, STATUS_LABELS } from "../../lib/appointmentStatus";
import { localToDate, minutesBetween, toLocal, type Local } from "../../lib/wallClock";

const localizer = dateFnsLocalizer({
  format,
  parse,
  startOfWeek: (d: Date) => startOfWeek(d, { weekStartsOn: 1 }),
  getDay,
  locales: { "en-GB": enGB },
});

const formats: Formats = {
  timeGutterFormat: "HH:mm",
  dayFormat: "EEE d MMM",
  eventTimeRangeFormat: ({ start, end }, culture, loc) => `${loc?.format(start, "HH:mm", culture)}–${loc?.format(end, "HH:mm", culture)}`,
  selectRangeFormat: ({ start, end }, culture, loc) => `${loc?.format(start, "HH:mm", culture)}–${loc?.format(end, "HH:mm", culture)}`,
};

export interface CalEvent {
  appointment: Appointment;
  start: Date;
  end: Date;
  resourceId: string;
  title: string;
}

type WithDragAndDrop = typeof dragAndDrop.default;
// The addon ships as CommonJS only, and bundlers disagree on its default export: Vite's dev
// server and Vitest hand over the function, the production build the module object holding it.
const withDragAndDrop: WithDragAndDrop =
  typeof dragAndDrop.default === "function"
    ? dragAndDrop.default
    : (dragAndDrop.default as unknown as { default: WithDragAndDrop }).default;
const DnDCalendar = withDragAndDrop<CalEvent, Provider>(Calendar as React.ComponentType<CalendarProps<CalEvent, Provider>>);

export interface SlotChoice {
  providerId: string | null;
  start: Local;
  /** Only when a range was dragged out; a click leaves the length to the form. */
  minutes: number | null;
}

export interface ScheduleCalendarProps {
  view: "day" | "week";
  date: Date;
  data: CalendarView;
  /** Drag, resize and slot selection (book_appointments). */
  canBook: boolean;
  onSelectSlot: (slot: SlotChoice) => void;
  onSelectAppointment: (appointment: Appointment) => void;
  onReschedule: (appointment: Appointment, change: { providerId: string; start: Local; minutes: number }) => void;
}

function EventContent({ event }: EventProps<CalEvent>) {
  const a = event.appointment;
  return (
    <div data-testid="appointment-event" data-appointment-id={a.id} data-status={a.status} aria-label={`${a.patientName}, ${STATUS_LABELS[a.status]}`}>
      <Text size="xs" fw={700} lh={1.2} c="inherit">
        {a.patientName}
        {a.status !== "scheduled" && ` · ${STATUS_LABELS[a.status]}`}
      </Text>
      {(a.reason ?? a.typeName) && (
        <Text size="xs" lh={1.2} c="inherit">
          {a.reason ?? a.typeName}
        </Text>
      )}
    </div>
  );
}

const asDate = (v: Date | string) => (v instanceof Date ? v : new Date(v));

/** What a drag or resize asks for, in clinic wall-clock terms; null when nothing changed. */
export function rescheduleOfDrop(a: Appointment, start: Date, end: Date, resourceId?: string | number) {
  const change = {
    providerId: resourceId !== undefined ? String(resourceId) : a.providerId,
    start: toLocal(start),
    minutes: minutesBetween(start, end),
  };
  if (change.providerId === a.providerId && change.start === a.start && toLocal(end) === a.end) return null;
  return change;
}

/** react-big-calendar in the clinic's wall-clock time: providers as columns (day) or one provider's week. */
export function ScheduleCalendar({ view, date, data, canBook, onSelectSlot, onSelectAppointment, onReschedule }: ScheduleCalendarProps) {
  const colours = useMemo(() => new Map(data.providers.map((p) => [p.id, p.colour])), [data.providers]);
  const events = useMemo<CalEvent[]>(
    () =>
      data.appointments.map((a) => ({
        appointment: a,
        start: localToDate(a.start),
        end: localToDate(a.end),
        resourceId: a.providerId,
        title: [a.patientName, a.reason ?? a.typeName].filter(Boolean).join(" — "),
      })),
    [data.appointments],
  );
  // Working time per provider, as [start, end) in ms, for greying out the rest.
  const working = useMemo(() => {
    const byProvider = new Map<string, Array<[number, number]>>();
    for (const w of data.working) {
      const list = byProvider.get(w.providerId) ?? [];
      list.push([localToDate(w.start).getTime(), localToDate(w.end).getTime()]);
      byProvider.set(w.providerId, list);
    }
    return byProvider;
  }, [data.working]);
  const singleProvider = view === "week" ? (data.providers[0]?.id ?? null) : null;

  const slotPropGetter = (slot: Date, resourceId?: number | string) => {
    const id = resourceId !== undefined ? String(resourceId) : singleProvider;
    const t = slot.getTime();
    const intervals = id ? (working.get(id) ?? []) : [];
    return intervals.some(([s, e]) => s <= t && t < e) ? {} : { className: "cd-off-hours" };
  };

  const eventPropGetter = (e: CalEvent) => {
    const a = e.appointment;
    const colour = colours.get(a.providerId) ?? "#228be6";
    const classes = [`cd-status-${a.status}`];
    if (a.conflict) classes.push("cd-conflict");
    return {
      className: classes.join(" "),
      style: {
        backgroundColor: colour,
        borderColor: `var(--mantine-color-${STATUS_COLOURS[a.status]}-8)`,
        color: "white",
      },
    };
  };

  const movable = (e: CalEvent) => canBook && e.appointment.status === "scheduled";
  const onMove = ({ event, start, end, resourceId }: EventInteractionArgs<CalEvent>) => {
    const change = rescheduleOfDrop(event.appointment, asDate(start), asDate(end), resourceId);
    if (change) onReschedule(event.appointment, change);
  };

  const onSlot = (slot: SlotInfo) => {
    if (!canBook) return;
    const resource = slot.resourceId !== undefined ? String(slot.resourceId) : singleProvider;
    onSelectSlot({
      providerId: resource,
      start: toLocal(slot.start),
      minutes: slot.action === "select" ? minutesBetween(slot.start, slot.end) : null,
    });
  };

  const scrollTo = new Date(date.getFullYear(), date.getMonth(), date.getDate(), 7, 0);
  return (
    <div data-testid="schedule-calendar" data-view={view} style={{ height: "70vh", minHeight: 480 }}>
      <DnDCalendar
        className="cd-calendar"
        localizer={localizer}
        culture="en-GB"
        formats={formats}
        toolbar={false}
        view={view}
        views={["day", "week"]}
        onView={() => undefined}
        date={date}
        onNavigate={() => undefined}
        events={events}
        resources={view === "day" ? data.providers : undefined}
        resourceIdAccessor={(p: Provider) => p.id}
        resourceTitleAccessor={(p: Provider) => [p.displayName, p.room].filter(Boolean).join(" · ")}
        resourceAccessor="resourceId"
        step={15}
        timeslots={4}
        scrollToTime={scrollTo}
        selectable={canBook ? true : false}
        onSelectSlot={onSlot}
        onSelectEvent={(e: CalEvent) => onSelectAppointment(e.appointment)}
        onKeyPressEvent={(e: CalEvent, ev) => {
          const key = "key" in ev ? String(ev.key) : "";
          if (key === "Enter" || key === " ") onSelectAppointment(e.appointment);
        }}
        slotPropGetter={slotPropGetter}
        eventPropGetter={eventPropGetter}
        draggableAccessor={movable}
        resizableAccessor={movable}
        onEventDrop={onMove}
        onEventResize={onMove}
        components={{ event: EventContent }}
        style={{ height: "100%" }}
      />
    </div>
  );
}
