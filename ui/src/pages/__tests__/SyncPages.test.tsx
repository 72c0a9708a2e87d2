import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import type { BookingConflict } from "../../bindings/BookingConflict";
import type { ConflictResolution } from "../../bindings/ConflictResolution";
import type { EnrolInput } from "../../bindings/EnrolInput";
import { bookingConflict, enrolledStatus, syncStatusFixture } from "../../test/syncFixtures";
import { callsOf, mockCommands, renderApp, sessionFixture, validationError } from "../../test/utils";

vi.mock("@tauri-apps/api/core", () => ({ invoke: vi.fn() }));

const problem = {
  direction: "sent",
  table: "patients",
  recordId: "p-1",
  field: "date of birth",
  reason: "Another site changed it first",
  noticedAt: "2026-11-23T15:00:00Z",
};

describe("sync settings", () => {
  it("enrols this site; a Rust field error shows under the fingerprint and nothing typed is lost", async () => {
    let status = syncStatusFixture();
    mockCommands({
      current_session: () => sessionFixture("admin"),
      list_security_alerts: () => [],
      sync_status: () => status,
      sync_problems: () => [problem],
      enrol_site: (args) => {
        const { input } = args as { input: EnrolInput };
        if (input.fingerprint !== "AB:CD:EF") throw validationError("fingerprint", "The server's certificate does not match this fingerprint");
        status = enrolledStatus();
        return status;
      },
    });
    const user = userEvent.setup();
    renderApp("/admin/sync");
    expect(await screen.findByTestId("sync-settings-state")).toHaveAttribute("data-state", "not_configured");
    expect(screen.getByTestId("sync-server-url")).toHaveAttribute("placeholder", "https://clinic-server.local:8443");
    await user.type(screen.getByTestId("sync-server-url"), "https://clinic-server.local:8443");
    await user.type(screen.getByTestId("sync-fingerprint"), "AB:CD:00");
    await user.type(screen.getByTestId("sync-code"), "K7Q2-9XFA");
    await user.click(screen.getByTestId("sync-enrol"));

    expect(await screen.findByTestId("sync-error-fingerprint")).toHaveTextContent("does not match this fingerprint");
    expect(screen.getByTestId("sync-server-url")).toHaveValue("https://clinic-server.local:8443");
    expect(screen.getByTestId("sync-fingerprint")).toHaveValue("AB:CD:00");
    expect(screen.getByTestId("sync-code")).toHaveValue("K7Q2-9XFA");
    expect(callsOf("enrol_site")).toEqual([
      { input: { serverUrl: "https://clinic-server.local:8443", fingerprint: "AB:CD:00", code: "K7Q2-9XFA" } },
    ]);

    await user.clear(screen.getByTestId("sync-fingerprint"));
    await user.type(screen.getByTestId("sync-fingerprint"), "AB:CD:EF");
    await user.click(screen.getByTestId("sync-enrol"));
    await waitFor(() => expect(screen.getByTestId("sync-settings-state")).toHaveAttribute("data-state", "online"));
    expect(screen.queryByTestId("sync-enrol")).not.toBeInTheDocument();
    expect(screen.getByText("Riverside Clinic", { selector: "p" })).toBeInTheDocument();
    expect(await screen.findByTestId("sync-problems")).toHaveTextContent("Another site changed it first");
    expect(screen.getByTestId("sync-problem-row")).toHaveTextContent("Sent, refused by the server");
  });

  it("once enrolled: the facts, the last error, and Sync now", async () => {
    mockCommands({
      current_session: () => sessionFixture("admin"),
      list_security_alerts: () => [],
      sync_status: () => enrolledStatus({ state: "offline", waiting: 4, lastError: "The clinic's server cannot be reached" }),
      sync_problems: () => [],
      sync_now: () => null,
    });
    const user = userEvent.setup();
    renderApp("/admin/sync");
    expect(await screen.findByTestId("sync-settings-state")).toHaveTextContent("Offline — 4 changes waiting");
    expect(screen.getByTestId("sync-settings-error")).toHaveTextContent("cannot be reached");
    expect(screen.getByText("AB:CD:EF")).toBeInTheDocument();
    expect(await screen.findByTestId("sync-problems-empty")).toBeInTheDocument();
    await user.click(screen.getByTestId("sync-settings-now"));
    await waitFor(() => expect(callsOf("sync_now")).toHaveLength(1));
  });

  it("unlinks this site with a reason; the alert then shows for the admins", async () => {
    let status = enrolledStatus();
    let alerts: unknown[] = [];
    mockCommands({
      current_session: () => sessionFixture("admin"),
      list_security_alerts: () => alerts,
      sync_status: () => status,
      sync_problems: () => [],
      unlink_site: (args) => {
        const { input } = args as { input: { reason: string } };
        if (input.reason.trim().length < 10) throw validationError("reason", "Say why this site stops syncing (at least 10 characters)");
        status = syncStatusFixture();
        alerts = [
          {
            id: "al-1",
            kind: "site_unlinked",
            userId: "u-1",
            username: "admin",
            patientId: null,
            patientLabel: null,
            reason: "unlinked Front desk (RIV) from Riverside Clinic at https://clinic-server.local:8443: The laptop was stolen",
            raisedAt: "2026-12-07T10:00:00Z",
            acknowledgedAt: null,
            acknowledgedBy: null,
          },
        ];
        return status;
      },
    });
    const user = userEvent.setup();
    renderApp("/admin/sync");
    await user.click(await screen.findByTestId("sync-unlink"));
    await user.type(await screen.findByTestId("unlink-reason"), "stolen");
    await user.click(screen.getByTestId("unlink-confirm"));
    expect(await screen.findByTestId("unlink-error-reason")).toHaveTextContent("at least 10 characters");
    expect(screen.getByTestId("sync-settings-state")).toHaveAttribute("data-state", "online");

    await user.clear(screen.getByTestId("unlink-reason"));
    await user.type(screen.getByTestId("unlink-reason"), "The laptop was stolen");
    await user.click(screen.getByTestId("unlink-confirm"));
    await waitFor(() => expect(screen.getByTestId("sync-settings-state")).toHaveAttribute("data-state", "not_configured"));
    expect(callsOf("unlink_site").at(-1)).toEqual({ input: { reason: "The laptop was stolen" } });
    expect(screen.getByTestId("sync-enrol-form")).toBeInTheDocument();
    expect(screen.queryByTestId("sync-unlink")).not.toBeInTheDocument();
  });

  it("is in the admin menu only; double bookings are under the schedule", async () => {
    mockCommands({
      current_session: () => sessionFixture("admin"),
      list_security_alerts: () => [],
      list_patients: () => ({ items: [], total: 0, page: 1, pageSize: 25 }),
    });
    const view = renderApp("/");
    expect(await screen.findByTestId("nav-sync")).toBeInTheDocument();
    view.unmount();

    mockCommands({ list_patients: () => ({ items: [], total: 0, page: 1, pageSize: 25 }) });
    renderApp("/");
    expect(await screen.findByTestId("nav-conflicts")).toHaveTextContent("Double bookings");
    expect(screen.queryByTestId("nav-sync")).not.toBeInTheDocument();
  });
});

describe("double bookings", () => {
  function mockConflicts(initial: BookingConflict[]) {
    let conflicts = initial;
    mockCommands({
      sync_status: () => enrolledStatus({ conflicts: conflicts.length }),
      list_booking_conflicts: () => conflicts,
      resolve_booking_conflict: (args) => {
        const { conflictId, resolution } = args as { conflictId: string; resolution: ConflictResolution };
        if (resolution.kind === "cancel" && resolution.reason.trim() === "") throw validationError("reason", "Say why this appointment is cancelled");
        conflicts = conflicts.filter((c) => c.id !== conflictId);
        return conflicts;
      },
    });
  }

  it("shows both sides on the clinic's clock and cancels one with a reason", async () => {
    mockConflicts([bookingConflict()]);
    const user = userEvent.setup();
    renderApp("/schedule/conflicts");
    const card = await screen.findByTestId("booking-conflict");
    expect(card).toHaveTextContent("Dr Ada Okafor");
    const [first, second] = within(card).getAllByTestId("conflict-side") as [HTMLElement, HTMLElement];
    expect(first).toHaveTextContent("Maria Lopez");
    expect(first).toHaveTextContent("RIV-000001");
    // Rust sends the clinic's wall clock; it is shown as is, whatever this computer's zone.
    expect(first).toHaveTextContent("Tue 24 Nov 2026, 09:00–09:20");
    expect(first).toHaveTextContent("Scheduled");
    expect(first).toHaveTextContent("Booked at Front desk");
    expect(second).toHaveTextContent("Patient record not here yet");
    expect(second).toHaveTextContent("09:10–09:30");
    expect(second).toHaveTextContent("Booked at Front desk 2");
    expect(within(second).getByTestId("conflict-open-schedule")).toHaveAttribute("href", "/schedule");
    expect(await screen.findByTestId("sync-conflicts-badge")).toHaveTextContent("1 double booking");

    await user.click(within(second).getByTestId("conflict-cancel-appt-b"));
    await user.click(await screen.findByTestId("conflict-cancel-confirm"));
    expect(await screen.findByTestId("conflict-error-reason")).toHaveTextContent("Say why");
    await user.type(screen.getByTestId("conflict-cancel-reason"), "Booked twice by phone");
    await user.click(screen.getByTestId("conflict-cancel-confirm"));

    expect(await screen.findByText("No double bookings to settle")).toBeInTheDocument();
    expect(callsOf("resolve_booking_conflict").at(-1)).toEqual({
      conflictId: "appt-a+appt-b",
      resolution: { kind: "cancel", appointmentId: "appt-b", reason: "Booked twice by phone" },
    });
    // The list came back with the answer: it was read once only.
    expect(callsOf("list_booking_conflicts")).toHaveLength(1);
    await waitFor(() => expect(screen.queryByTestId("sync-conflicts-badge")).not.toBeInTheDocument());
  });

  it("keeps both with a note", async () => {
    const other = bookingConflict({ id: "appt-c+appt-d", providerName: "Dr Ben Ruiz" });
    mockConflicts([bookingConflict(), other]);
    const user = userEvent.setup();
    renderApp("/schedule/conflicts");
    const cards = await screen.findAllByTestId("booking-conflict");
    expect(cards).toHaveLength(2);
    await user.click(within(cards[0]!).getByTestId("conflict-keep-both"));
    await user.type(await screen.findByTestId("conflict-keep-note"), "Quick check of a dressing");
    await user.click(screen.getByTestId("conflict-keep-confirm"));
    await waitFor(() => expect(screen.getAllByTestId("booking-conflict")).toHaveLength(1));
    expect(screen.getByTestId("booking-conflict")).toHaveTextContent("Dr Ben Ruiz");
    expect(callsOf("resolve_booking_conflict")).toEqual([
      { conflictId: "appt-a+appt-b", resolution: { kind: "keep_both", note: "Quick check of a dressing" } },
    ]);
  });

  it("offers no actions to a role that cannot book", async () => {
    mockCommands({
      current_session: () => sessionFixture("billing"),
      list_booking_conflicts: () => [bookingConflict()],
    });
    renderApp("/schedule/conflicts");
    expect(await screen.findByTestId("booking-conflict")).toBeInTheDocument();
    expect(screen.queryByTestId("conflict-keep-both")).not.toBeInTheDocument();
    expect(screen.queryByTestId("conflict-cancel-appt-a")).not.toBeInTheDocument();
  });
});
