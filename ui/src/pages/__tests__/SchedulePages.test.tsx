import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import type { Appointment } from "../../bindings/Appointment";
import { appointment, appointmentType, calendarView, provider } from "../../test/scheduleFixtures";
import { callsOf, mockCommands, patient, renderApp, sessionFixture } from "../../test/utils";

vi.mock("@tauri-apps/api/core", () => ({ invoke: vi.fn() }));

describe("today's queue", () => {
  it("groups today's appointments and checks a patient in with one click", async () => {
    let queue: Appointment[] = [
      appointment({ id: "a-1", patientName: "Maria Lopez", start: "2026-11-23T09:00" }),
      appointment({ id: "a-2", patientName: "Odette Varga", status: "checked_in", start: "2026-11-23T08:40", providerName: "Dr Ben Ruiz" }),
      appointment({ id: "a-3", patientName: "Karl Moss", status: "completed", start: "2026-11-23T08:00" }),
    ];
    mockCommands({
      todays_queue: () => queue,
      move_appointment_status: (args) => {
        const { id } = args as { id: string };
        queue = queue.map((a) => (a.id === id ? { ...a, status: "checked_in" } : a));
        return queue.find((a) => a.id === id);
      },
    });
    const user = userEvent.setup();
    renderApp("/queue");

    const upcoming = await screen.findByTestId("queue-upcoming");
    const row = within(upcoming).getByTestId("queue-row");
    expect(row).toHaveTextContent("Maria Lopez");
    expect(row).toHaveTextContent("09:00");
    expect(row).toHaveTextContent("Dr Ada Okafor");
    expect(within(screen.getByTestId("queue-waiting")).getByTestId("queue-row")).toHaveTextContent("Odette Varga");
    expect(within(screen.getByTestId("queue-done")).getByTestId("queue-row")).toHaveTextContent("Karl Moss");
    expect(within(screen.getByTestId("queue-done")).queryByRole("button")).not.toBeInTheDocument();

    await user.click(await within(row).findByTestId("queue-check-in"));
    await waitFor(() => expect(within(screen.getByTestId("queue-waiting")).getAllByTestId("queue-row")).toHaveLength(2));
    expect(within(screen.getByTestId("queue-upcoming")).queryByTestId("queue-row")).not.toBeInTheDocument();
    expect(callsOf("move_appointment_status")).toEqual([{ id: "a-1", statusMove: "check_in", reason: null }]);
  });
});

describe("schedule page", () => {
  it("shows providers as columns with their appointments; clicking one opens the drawer", async () => {
    mockCommands({
      list_providers: () => [provider(), provider({ id: "prov-2", displayName: "Dr Ben Ruiz", colour: "#f76707" })],
      calendar: (args) => {
        const { from } = args as { from: string };
        return from === "2026-11-23"
          ? calendarView({ providers: [provider(), provider({ id: "prov-2", displayName: "Dr Ben Ruiz" })] })
          : calendarView({ from, appointments: [], working: [] });
      },
      list_appointment_types: () => [appointmentType()],
    });
    const user = userEvent.setup();
    renderApp("/schedule");
    expect(await screen.findByTestId("nav-schedule")).toBeInTheDocument();
    fireEvent.change(await screen.findByTestId("schedule-date"), { target: { value: "2026-11-23" } });

    const event = await screen.findByTestId("appointment-event");
    expect(event).toHaveAttribute("data-appointment-id", "appt-1");
    expect(event).toHaveTextContent("Maria Lopez");
    expect(event).toHaveTextContent("Cough");
    expect(screen.getByTestId("schedule-calendar")).toHaveTextContent("Dr Ben Ruiz");
    expect(callsOf("calendar").at(-1)).toEqual({ from: "2026-11-23", days: 1, providerIds: null });
    // Outside 09:00–12:00 and 13:00–17:00 the slots are greyed; 7 working hours of 15-minute slots are not.
    const calendarEl = screen.getByTestId("schedule-calendar");
    const slots = calendarEl.querySelectorAll(".rbc-day-slot .rbc-time-slot");
    const off = calendarEl.querySelectorAll(".rbc-day-slot .rbc-time-slot.cd-off-hours");
    // Two provider columns; only prov-1 works (prov-2 has no working intervals that day).
    expect(slots.length - off.length).toBe(7 * 4);

    await user.click(event);
    expect(await screen.findByTestId("appointment-drawer")).toHaveAttribute("data-appointment-id", "appt-1");
    expect(screen.getByTestId("appointment-status")).toHaveTextContent("Scheduled");
  });

  it("opens an empty booking form from the New appointment button", async () => {
    mockCommands({
      list_providers: () => [provider()],
      calendar: () => calendarView({ appointments: [] }),
      list_appointment_types: () => [appointmentType()],
    });
    const user = userEvent.setup();
    renderApp("/schedule");
    await user.click(await screen.findByTestId("book-open"));
    expect(await screen.findByTestId("booking-form")).toBeInTheDocument();
    expect(screen.getByTestId("book-date")).toHaveValue("");
    expect(screen.getByTestId("book-time")).toHaveValue("");
  });

  it("finds the next free slot and books it from there", async () => {
    let answer: unknown = { providerId: "prov-1", providerName: "Dr Ada Okafor", start: "2026-11-24T10:20", end: "2026-11-24T10:50" };
    mockCommands({
      list_providers: () => [provider()],
      calendar: () => calendarView({ appointments: [] }),
      list_appointment_types: () => [appointmentType()],
      next_available_slot: () => answer,
    });
    const user = userEvent.setup();
    renderApp("/schedule");
    await user.click(await screen.findByTestId("next-provider"));
    await user.click(await screen.findByRole("option", { name: "Dr Ada Okafor" }));
    fireEvent.change(screen.getByTestId("next-date"), { target: { value: "2026-11-24" } });
    fireEvent.change(screen.getByTestId("next-time"), { target: { value: "08:00" } });
    await user.clear(screen.getByTestId("next-minutes"));
    await user.type(screen.getByTestId("next-minutes"), "30");
    await user.click(screen.getByTestId("next-search"));
    expect(await screen.findByTestId("next-slot")).toHaveTextContent("Tue 24 Nov 2026, 10:20–10:50");
    expect(callsOf("next_available_slot")).toEqual([{ request: { providerId: "prov-1", specialty: null, from: "2026-11-24T08:00", minutes: 30 } }]);

    await user.click(screen.getByTestId("next-slot-book"));
    expect(await screen.findByTestId("book-time")).toHaveValue("10:20");
    expect(screen.getByTestId("book-date")).toHaveValue("2026-11-24");
    expect(screen.getByTestId("book-minutes")).toHaveValue("30");
    await user.click(screen.getByRole("button", { name: "Cancel" }));

    answer = null;
    await user.click(screen.getByTestId("next-search"));
    expect(await screen.findByTestId("next-slot-none")).toHaveTextContent("No free slot in the next 90 days");
  });
});

describe("reminders", () => {
  it("lists tomorrow's appointments with contact details and marks one reminded", async () => {
    let a = appointment({ id: "r-1", start: "2026-11-24T09:00" });
    mockCommands({
      reminders_due: () => [{ appointment: a, phone: "+1 555 0100", email: "maria@example.org" }],
      mark_reminded: () => {
        a = { ...a, remindedAt: "2026-11-23T15:00:00Z" };
        return a;
      },
    });
    const user = userEvent.setup();
    renderApp("/reminders");
    const row = await screen.findByTestId("reminder-row");
    expect(row).toHaveTextContent("+1 555 0100");
    expect(row).toHaveTextContent("maria@example.org");
    await user.click(await within(row).findByTestId("reminder-mark"));
    expect(await within(row).findByTestId("reminder-done")).toBeInTheDocument();
    expect(callsOf("mark_reminded")).toEqual([{ id: "r-1" }]);
  });
});

describe("patient appointments", () => {
  it("lists the patient's appointments on the detail page", async () => {
    mockCommands({
      get_patient: () => patient({ id: "p-1" }),
      patient_appointments: () => [
        appointment({ id: "x-2", start: "2026-12-01T10:00", end: "2026-12-01T10:20", status: "scheduled" }),
        appointment({ id: "x-1", start: "2026-11-02T09:00", end: "2026-11-02T09:20", status: "no_show" }),
      ],
    });
    renderApp("/patients/p-1");
    const section = await screen.findByTestId("patient-appointments");
    const rows = await within(section).findAllByTestId("patient-appointment-row");
    expect(rows).toHaveLength(2);
    expect(rows[0]).toHaveTextContent("Tue 1 Dec 2026");
    expect(rows[0]).toHaveTextContent("10:00");
    expect(rows[0]).toHaveTextContent("Dr Ada Okafor");
    expect(rows[0]).toHaveTextContent("Consultation");
    expect(rows[1]).toHaveTextContent("No-show");
    expect(callsOf("patient_appointments")).toEqual([{ patientId: "p-1" }]);
  });
});

describe("navigation", () => {
  it("shows scheduling links by permission", async () => {
    mockCommands({ current_session: () => sessionFixture("billing"), list_patients: () => ({ items: [], total: 0, page: 1, pageSize: 25 }) });
    renderApp("/");
    expect(await screen.findByTestId("nav-schedule")).toBeInTheDocument();
    expect(screen.getByTestId("nav-queue")).toBeInTheDocument();
    expect(screen.getByTestId("nav-reminders")).toBeInTheDocument();
    expect(screen.queryByTestId("nav-providers")).not.toBeInTheDocument();
  });
});
