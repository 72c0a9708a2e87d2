// Fixtures for the scheduling screens (shapes as in docs/scheduling.md).
import type { Appointment } from "../bindings/Appointment";
import type { AppointmentType } from "../bindings/AppointmentType";
import type { CalendarView } from "../bindings/CalendarView";
import type { CommandError } from "../bindings/CommandError";
import type { Provider } from "../bindings/Provider";

export function provider(overrides: Partial<Provider> = {}): Provider {
  return {
    id: "prov-1",
    userId: null,
    displayName: "Dr Ada Okafor",
    specialty: "General practice",
    colour: "#1c7ed6",
    room: "Room 1",
    active: true,
    weeklyHours: [
      { weekday: 1, start: "09:00", end: "12:00" },
      { weekday: 1, start: "13:00", end: "17:00" },
    ],
    ...overrides,
  };
}

export function appointmentType(overrides: Partial<AppointmentType> = {}): AppointmentType {
  return { id: "type-1", name: "Consultation", defaultMinutes: 20, colour: "#37b24d", active: true, ...overrides };
}

export function appointment(overrides: Partial<Appointment> = {}): Appointment {
  return {
    id: "appt-1",
    patientId: "0190a0b0-0000-7000-8000-000000000001",
    patientName: "Maria Lopez",
    patientMrn: "RIV-000001",
    providerId: "prov-1",
    providerName: "Dr Ada Okafor",
    typeId: "type-1",
    typeName: "Consultation",
    start: "2026-11-23T09:00",
    end: "2026-11-23T09:20",
    startUtc: "2026-11-23T08:00:00Z",
    endUtc: "2026-11-23T08:20:00Z",
    reason: "Cough",
    notes: null,
    status: "scheduled",
    cancelReason: null,
    seriesId: null,
    checkedInAt: null,
    remindedAt: null,
    createdBy: "user-front_desk",
    siteId: "site-1",
    conflict: false,
    ...overrides,
  };
}

export function calendarView(overrides: Partial<CalendarView> = {}): CalendarView {
  return {
    from: "2026-11-23",
    days: 1,
    timeZone: "Europe/Berlin",
    providers: [provider()],
    working: [
      { providerId: "prov-1", start: "2026-11-23T09:00", end: "2026-11-23T12:00" },
      { providerId: "prov-1", start: "2026-11-23T13:00", end: "2026-11-23T17:00" },
    ],
    appointments: [appointment()],
    ...overrides,
  };
}

export function conflictError(message: string, fieldErrors: CommandError["fieldErrors"]): CommandError {
  return { code: "conflict", message, fieldErrors };
}
