import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import type { AppointmentStatus } from "../../../bindings/AppointmentStatus";
import { appointment, conflictError, provider } from "../../../test/scheduleFixtures";
import { callsOf, mockCommands, renderWithProviders, sessionFixture } from "../../../test/utils";
import { AppointmentDrawer } from "../AppointmentDrawer";

vi.mock("@tauri-apps/api/core", () => ({ invoke: vi.fn() }));

const MOVE_BUTTONS = ["appt-check-in", "appt-start", "appt-complete", "appt-no-show", "appt-undo-check-in", "appt-cancel"];

const EXPECTED: Record<AppointmentStatus, string[]> = {
  scheduled: ["appt-check-in", "appt-no-show", "appt-cancel"],
  checked_in: ["appt-start", "appt-undo-check-in", "appt-cancel"],
  in_progress: ["appt-complete"],
  completed: [],
  cancelled: [],
  no_show: [],
};

describe("appointment drawer", () => {
  it.each(Object.entries(EXPECTED))("offers only the allowed moves when %s", async (status, buttons) => {
    mockCommands({ list_providers: () => [provider()] });
    renderWithProviders(<AppointmentDrawer appointment={appointment({ status: status as AppointmentStatus })} onClose={vi.fn()} />);
    expect(await screen.findByTestId("appointment-status")).toHaveAttribute("data-status", status);
    // Wait for the session (and so the buttons) to load.
    await screen.findByTestId(buttons[0] ?? "appt-final");
    const shown = MOVE_BUTTONS.filter((id) => screen.queryByTestId(id) !== null);
    expect(shown).toEqual(buttons);
    // Only a scheduled appointment can be rescheduled.
    expect(screen.queryByTestId("resched-submit") !== null).toBe(status === "scheduled");
  });

  it("offers no moves to a role that may not book", async () => {
    mockCommands({ current_session: () => sessionFixture("billing"), list_providers: () => [provider()] });
    renderWithProviders(<AppointmentDrawer appointment={appointment()} onClose={vi.fn()} />);
    expect(await screen.findByTestId("appt-read-only")).toBeInTheDocument();
    expect(MOVE_BUTTONS.filter((id) => screen.queryByTestId(id) !== null)).toEqual([]);
  });

  it("cancels only with a reason", async () => {
    mockCommands({
      list_providers: () => [provider()],
      move_appointment_status: () => appointment({ status: "cancelled", cancelReason: "Patient is travelling" }),
    });
    const user = userEvent.setup();
    renderWithProviders(<AppointmentDrawer appointment={appointment()} onClose={vi.fn()} />);
    await user.click(await screen.findByTestId("appt-cancel"));
    expect(callsOf("move_appointment_status")).toHaveLength(0);
    const confirm = screen.getByTestId("appt-cancel-confirm");
    expect(confirm).toBeDisabled();
    await user.type(screen.getByTestId("appt-cancel-reason"), "   ");
    expect(confirm).toBeDisabled();
    await user.type(screen.getByTestId("appt-cancel-reason"), "Patient is travelling");
    await user.click(confirm);
    await waitFor(() => expect(screen.getByTestId("appointment-status")).toHaveAttribute("data-status", "cancelled"));
    expect(callsOf("move_appointment_status")).toEqual([{ id: "appt-1", statusMove: "cancel", reason: "Patient is travelling" }]);
    expect(MOVE_BUTTONS.filter((id) => screen.queryByTestId(id) !== null)).toEqual([]);
  });

  it("reschedules, and a refusal shows next to the time with the typed values kept", async () => {
    mockCommands({
      list_providers: () => [provider()],
      reschedule_appointment: () => {
        throw conflictError("Not moved", [{ field: "start", message: "Outside Dr Ada Okafor's hours" }]);
      },
    });
    const user = userEvent.setup();
    renderWithProviders(<AppointmentDrawer appointment={appointment()} onClose={vi.fn()} />);
    const time = await screen.findByTestId("resched-time");
    await user.clear(time);
    await user.type(time, "18:30");
    await user.click(screen.getByTestId("resched-submit"));
    expect(await screen.findByTestId("resched-error-start")).toHaveTextContent("Outside Dr Ada Okafor's hours");
    expect(screen.getByTestId("resched-time")).toHaveValue("18:30");
    expect(callsOf("reschedule_appointment")).toEqual([{ id: "appt-1", input: { providerId: "prov-1", start: "2026-11-23T18:30", minutes: 20 } }]);
  });
});
