import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import type { SeriesPreview } from "../../../bindings/SeriesPreview";
import { appointment, appointmentType, conflictError, provider } from "../../../test/scheduleFixtures";
import { callsOf, mockCommands, renderWithProviders, summary } from "../../../test/utils";
import { BookingModal } from "../BookingModal";

vi.mock("@tauri-apps/api/core", () => ({ invoke: vi.fn() }));

const base = {
  list_providers: () => [provider(), provider({ id: "prov-2", displayName: "Dr Ben Ruiz", specialty: "Paediatrics" })],
  list_appointment_types: () => [appointmentType()],
  search_patients: () => [summary()],
};

async function pickPatient(user: ReturnType<typeof userEvent.setup>) {
  await user.type(screen.getByTestId("book-patient"), "Mari");
  await user.click(await screen.findByRole("option", { name: /Maria Lopez/ }));
}

describe("booking form", () => {
  it("shows a Rust conflict next to the time field and keeps every typed value", async () => {
    mockCommands({
      ...base,
      book_appointment: () => {
        throw conflictError("The appointment cannot be booked", [
          { field: "start", message: "Dr Ada Okafor already has an appointment 09:00–09:20" },
        ]);
      },
    });
    const onClose = vi.fn();
    const user = userEvent.setup();
    renderWithProviders(<BookingModal prefill={{ providerId: "prov-1", date: "2026-11-23", time: "09:00" }} onClose={onClose} />);

    await pickPatient(user);
    await user.click(screen.getByTestId("book-type"));
    await user.click(await screen.findByRole("option", { name: /Consultation/ }));
    expect(screen.getByTestId("book-minutes")).toHaveValue("20");
    await user.type(screen.getByTestId("book-reason"), "Follow-up");
    await user.click(screen.getByTestId("book-submit"));

    expect(await screen.findByTestId("book-error-start")).toHaveTextContent("already has an appointment 09:00–09:20");
    expect(screen.queryByTestId("form-error")).not.toBeInTheDocument();
    expect(screen.getByTestId("book-date")).toHaveValue("2026-11-23");
    expect(screen.getByTestId("book-time")).toHaveValue("09:00");
    expect(screen.getByTestId("book-minutes")).toHaveValue("20");
    expect(screen.getByTestId("book-reason")).toHaveValue("Follow-up");
    expect(screen.getByTestId("book-patient")).toHaveValue("Maria Lopez · RIV-000001 · 1980-04-12");
    expect(onClose).not.toHaveBeenCalled();
    expect(callsOf("book_appointment")).toEqual([
      {
        input: {
          patientId: summary().id,
          providerId: "prov-1",
          typeId: "type-1",
          start: "2026-11-23T09:00",
          minutes: 20,
          reason: "Follow-up",
          notes: null,
          walkIn: false,
        },
      },
    ]);
  });

  it("shows errors without a field above the button, and asks for the required fields first", async () => {
    mockCommands({
      ...base,
      book_appointment: () => {
        throw { code: "conflict", message: "Dr Ada Okafor is on leave on 23 Nov", fieldErrors: [] };
      },
    });
    const user = userEvent.setup();
    renderWithProviders(<BookingModal prefill={{}} onClose={vi.fn()} />);
    await user.click(screen.getByTestId("book-submit"));
    expect(await screen.findByTestId("book-error-patientId")).toBeInTheDocument();
    expect(screen.getByTestId("book-error-providerId")).toBeInTheDocument();
    expect(screen.getByTestId("book-error-start")).toBeInTheDocument();
    expect(callsOf("book_appointment")).toHaveLength(0);

    await pickPatient(user);
    await user.click(screen.getByTestId("book-provider"));
    await user.click(await screen.findByRole("option", { name: /Dr Ada Okafor/ }));
    await user.type(screen.getByTestId("book-date"), "2026-11-23");
    await user.type(screen.getByTestId("book-time"), "10:00");
    await user.click(screen.getByTestId("book-submit"));
    expect(await screen.findByTestId("form-error")).toHaveTextContent("on leave");
  });

  it("lists the series' problem dates and books nothing until every date is free", async () => {
    const blocked: SeriesPreview = {
      bookable: false,
      occurrences: [
        { start: "2026-11-23T09:00", end: "2026-11-23T09:15", problems: [] },
        { start: "2026-11-30T09:00", end: "2026-11-30T09:15", problems: ["Dr Ada Okafor is on leave"] },
        { start: "2026-12-07T09:00", end: "2026-12-07T09:15", problems: [] },
      ],
    };
    const free: SeriesPreview = {
      bookable: true,
      occurrences: blocked.occurrences.map((o) => ({ ...o, start: o.start.replace("09:00", "10:00"), end: o.end.replace("09:15", "10:15"), problems: [] })),
    };
    mockCommands({
      ...base,
      preview_series: (args) => ((args as { input: { start: string } }).input.start.endsWith("09:00") ? blocked : free),
      book_series: () => [appointment({ id: "a" }), appointment({ id: "b" }), appointment({ id: "c" })],
    });
    const onClose = vi.fn();
    const user = userEvent.setup();
    renderWithProviders(<BookingModal prefill={{ providerId: "prov-1", date: "2026-11-23", time: "09:00" }} onClose={onClose} />);
    await pickPatient(user);
    await user.click(screen.getByTestId("book-repeat"));
    await user.clear(screen.getByTestId("series-count"));
    await user.type(screen.getByTestId("series-count"), "3");
    expect(screen.getByTestId("book-submit")).toBeDisabled();

    await user.click(screen.getByTestId("series-preview"));
    expect(await screen.findAllByTestId("series-occurrence")).toHaveLength(3);
    expect(screen.getAllByTestId("series-problem")).toHaveLength(1);
    expect(screen.getByTestId("series-problem")).toHaveTextContent("on leave");
    expect(screen.getByTestId("series-summary")).toHaveTextContent("1 of 3 dates cannot be booked");
    expect(screen.getByTestId("book-submit")).toBeDisabled();
    await user.click(screen.getByTestId("book-submit"));
    expect(callsOf("book_series")).toHaveLength(0);
    expect(callsOf("preview_series")[0]).toEqual({
      input: expect.objectContaining({ start: "2026-11-23T09:00", providerId: "prov-1", minutes: 15 }),
      recurrence: { everyWeeks: 1, until: null, count: 3 },
    });

    // Another time: checked again, free, booked.
    await user.clear(screen.getByTestId("book-time"));
    await user.type(screen.getByTestId("book-time"), "10:00");
    expect(screen.queryByTestId("series-result")).not.toBeInTheDocument();
    await user.click(screen.getByTestId("series-preview"));
    await waitFor(() => expect(screen.getByTestId("book-submit")).toBeEnabled());
    await user.click(screen.getByTestId("book-submit"));
    await waitFor(() => expect(onClose).toHaveBeenCalled());
    expect(callsOf("book_series")).toEqual([
      { input: expect.objectContaining({ start: "2026-11-23T10:00" }), recurrence: { everyWeeks: 1, until: null, count: 3 } },
    ]);
  });
});
