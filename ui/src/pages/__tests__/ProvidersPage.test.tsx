import type { CommandError } from "../../bindings/CommandError";
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import type { Provider } from "../../bindings/Provider";
import type { ProviderInput } from "../../bindings/ProviderInput";
import type { ScheduleException } from "../../bindings/ScheduleException";
import { appointmentType, provider } from "../../test/scheduleFixtures";
import { callsOf, mockCommands, renderApp, sessionFixture } from "../../test/utils";

vi.mock("@tauri-apps/api/core", () => ({ invoke: vi.fn() }));

describe("providers admin", () => {
  it("creates a provider with weekly hours; the front desk cannot list staff accounts", async () => {
    let providers: Provider[] = [provider()];
    mockCommands({
      list_providers: () => providers,
      list_appointment_types: () => [appointmentType()],
      save_provider: (args) => {
        const { input } = args as { input: ProviderInput };
        const created = { id: "prov-new", ...input };
        providers = [...providers, created];
        return created;
      },
    });
    const user = userEvent.setup();
    renderApp("/admin/providers");
    expect(await screen.findAllByTestId("provider-row")).toHaveLength(1);
    expect(await screen.findByTestId("nav-providers")).toBeInTheDocument();
    expect(await screen.findAllByTestId("type-row")).toHaveLength(1);

    await user.click(screen.getByTestId("provider-create"));
    await user.type(await screen.findByTestId("provider-field-displayName"), "Nurse Joy Park");
    await user.type(screen.getByTestId("provider-field-specialty"), "Nursing");
    expect(screen.getByTestId("provider-user-unavailable")).toBeInTheDocument();
    await user.click(screen.getByTestId("hours-add-2"));
    await user.click(screen.getByTestId("hours-add-2"));
    await user.click(screen.getByTestId("hours-add-5"));
    const tuesday = screen.getByTestId("hours-day-2");
    const ends = within(tuesday).getAllByTestId("hours-end");
    await user.clear(ends[0]!);
    await user.type(ends[0]!, "12:00");
    await user.click(within(screen.getByTestId("hours-day-5")).getByTestId("hours-remove"));
    await user.click(screen.getByTestId("provider-save"));

    await waitFor(() => expect(screen.getAllByTestId("provider-row")).toHaveLength(2));
    expect(callsOf("list_users")).toHaveLength(0);
    expect(callsOf("save_provider")).toEqual([
      {
        id: null,
        input: {
          userId: null,
          displayName: "Nurse Joy Park",
          specialty: "Nursing",
          colour: "#1c7ed6",
          room: null,
          active: true,
          weeklyHours: [
            { weekday: 2, start: "09:00", end: "12:00" },
            { weekday: 2, start: "17:00", end: "18:00" },
          ],
        },
      },
    ]);
  });

  it("adds and removes leave", async () => {
    let exceptions: ScheduleException[] = [];
    mockCommands({
      current_session: () => sessionFixture("admin"),
      list_security_alerts: () => [],
      list_providers: () => [provider()],
      list_appointment_types: () => [],
      list_schedule_exceptions: () => exceptions,
      add_schedule_exception: (args) => {
        const { input } = args as { input: Omit<ScheduleException, "id"> };
        const added = { id: "ex-1", ...input };
        exceptions = [added];
        return added;
      },
      remove_schedule_exception: () => {
        exceptions = [];
        return null;
      },
    });
    const user = userEvent.setup();
    renderApp("/admin/providers");
    await user.click(await screen.findByTestId("provider-exceptions"));
    await user.type(await screen.findByTestId("exception-start-date"), "2026-12-24");
    await user.type(screen.getByTestId("exception-end-date"), "2026-12-31");
    await user.type(screen.getByTestId("exception-reason"), "Holiday");
    await user.click(screen.getByTestId("exception-add"));
    expect(await screen.findByTestId("exception-row")).toHaveTextContent("Thu 24 Dec 2026 – Thu 31 Dec 2026");
    expect(callsOf("add_schedule_exception")).toEqual([
      {
        input: { providerId: "prov-1", kind: "leave", startDate: "2026-12-24", endDate: "2026-12-31", startTime: null, endTime: null, reason: "Holiday" },
      },
    ]);
    await user.click(screen.getByTestId("exception-remove"));
    await waitFor(() => expect(screen.queryByTestId("exception-row")).not.toBeInTheDocument());
    expect(callsOf("remove_schedule_exception")).toEqual([{ id: "ex-1" }]);
  });
});

describe("settings", () => {
  it("saves the clinic's time zone and opening hours with the lock time", async () => {
    mockCommands({
      current_session: () => sessionFixture("admin"),
      list_security_alerts: () => [],
      get_settings: () => ({ idleLockMinutes: 10, timeZone: "Europe/Berlin", openingHours: [] }),
      save_settings: (args) => (args as { settings: unknown }).settings,
    });
    const user = userEvent.setup();
    renderApp("/admin/settings");
    const select = await screen.findByTestId("settings-time-zone");
    await waitFor(() => expect(select).toHaveValue("Europe/Berlin"));
    await user.clear(select);
    await user.type(select, "Tokyo");
    await user.click(await screen.findByRole("option", { name: "Asia/Tokyo" }));
    await user.click(screen.getByTestId("hours-add-1"));
    await user.click(screen.getByTestId("settings-save"));
    await waitFor(() =>
      expect(callsOf("save_settings")).toEqual([
        { settings: { idleLockMinutes: 10, timeZone: "Asia/Tokyo", openingHours: [{ weekday: 1, start: "09:00", end: "17:00" }] } },
      ]),
    );
  });

  it("shows the Rust side's problem with the opening hours next to them", async () => {
    mockCommands({
      current_session: () => sessionFixture("admin"),
      list_security_alerts: () => [],
      get_settings: () => ({ idleLockMinutes: 10, timeZone: "UTC", openingHours: [] }),
      save_settings: () => {
        const err: CommandError = {
          code: "validation",
          message: "Some fields need attention; nothing was saved",
          fieldErrors: [{ field: "openingHours", message: "Monday 09:00–17:00 overlaps 12:00–18:00" }],
        };
        throw err;
      },
    });
    const user = userEvent.setup();
    renderApp("/admin/settings");
    await user.click(await screen.findByTestId("settings-save"));
    expect(await screen.findByTestId("settings-error-openingHours")).toHaveTextContent("overlaps");
  });
});
