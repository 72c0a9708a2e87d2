import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import type { AuditEntry } from "../../bindings/AuditEntry";
import type { CommandError } from "../../bindings/CommandError";
import type { User } from "../../bindings/User";
import { chartRecord } from "../../test/chartFixtures";
import { callsOf, mockCommands, patient, renderApp, sessionFixture } from "../../test/utils";

vi.mock("@tauri-apps/api/core", () => ({ invoke: vi.fn() }));

const admin = () => sessionFixture("admin");

function account(overrides: Partial<User> = {}): User {
  return {
    id: "u-1",
    username: "frida",
    displayName: "Frida Front",
    role: "front_desk",
    status: "active",
    mustChangePassword: false,
    createdAt: "2026-11-01T09:00:00Z",
    ...overrides,
  };
}

function event(overrides: Partial<AuditEntry> = {}): AuditEntry {
  return {
    id: "e-1",
    siteId: "site-1",
    siteCode: "RIV",
    seq: 7,
    occurredAt: "2026-11-20T10:15:00Z",
    userId: "u-1",
    username: "frida",
    role: "front_desk",
    action: "break_the_glass",
    entity: "patient",
    entityId: "p-1",
    patientId: "p-1",
    patientName: "Odette Varga",
    patientMrn: "RIV-000001",
    detail: "Collapsed in the waiting room",
    ...overrides,
  };
}

describe("staff accounts", () => {
  it("lists accounts and creates one; a Rust field error shows by its field", async () => {
    let users = [account({ id: "u-0", username: "morgan", displayName: "Morgan Manager", role: "admin" })];
    mockCommands({
      current_session: admin,
      list_security_alerts: () => [],
      list_users: () => users,
      create_user: (args) => {
        const input = (args as { input: { username: string; password: string } }).input;
        if (input.password === "frida") {
          const err: CommandError = {
            code: "validation",
            message: "Check the password",
            fieldErrors: [{ field: "password", message: "The password must not be the username" }],
          };
          throw err;
        }
        const created = account({ mustChangePassword: true });
        users = [...users, created];
        return created;
      },
    });
    const user = userEvent.setup();
    renderApp("/admin/users");
    expect(await screen.findAllByTestId("user-row")).toHaveLength(1);

    await user.click(screen.getByTestId("user-create"));
    await user.type(await screen.findByTestId("user-field-username"), "frida");
    await user.type(screen.getByTestId("user-field-displayName"), "Frida Front");
    await user.click(screen.getByTestId("user-field-role"));
    await user.click(await screen.findByRole("option", { name: "Front desk" }));
    await user.type(screen.getByTestId("user-field-password"), "frida");
    await user.click(screen.getByTestId("user-save"));
    expect(await screen.findByTestId("user-error-password")).toHaveTextContent("not be the username");

    await user.clear(screen.getByTestId("user-field-password"));
    await user.type(screen.getByTestId("user-field-password"), "temporary sunflower");
    await user.click(screen.getByTestId("user-save"));
    await waitFor(() => expect(screen.getAllByTestId("user-row")).toHaveLength(2));
    const row = screen.getAllByTestId("user-row")[1]!;
    expect(row).toHaveTextContent("Front desk");
    expect(row).toHaveTextContent("Must change password");
    expect(callsOf("create_user").at(-1)).toEqual({
      input: { username: "frida", displayName: "Frida Front", role: "front_desk", password: "temporary sunflower" },
    });
  });

  it("disables an account after confirmation", async () => {
    let users = [account()];
    mockCommands({
      current_session: admin,
      list_security_alerts: () => [],
      list_users: () => users,
      disable_user: () => {
        users = [account({ status: "disabled" })];
        return users[0];
      },
    });
    const user = userEvent.setup();
    renderApp("/admin/users");
    await user.click(await screen.findByTestId("user-disable"));
    await user.click(await screen.findByTestId("user-disable-confirm"));
    expect(await screen.findByTestId("user-enable")).toBeInTheDocument();
    expect(callsOf("disable_user")).toEqual([{ id: "u-1" }]);
  });
});

describe("audit trail", () => {
  it("shows events, filters by action, verifies the chain and names a broken link", async () => {
    mockCommands({
      current_session: admin,
      list_security_alerts: () => [],
      list_users: () => [account()],
      list_audit_events: () => ({ events: [event(), event({ id: "e-2", seq: 6, action: "login_failed", patientId: null, patientName: null, patientMrn: null, entity: null, entityId: null, detail: null })], total: 2, page: 1, pageSize: 50 }),
      verify_audit_trail: () => ({
        eventsChecked: 41,
        sitesChecked: 1,
        broken: { siteId: "site-1", seq: 17, eventId: "e-17", problem: "its hash does not match its contents" },
      }),
    });
    const user = userEvent.setup();
    renderApp("/admin/audit");
    const rows = await screen.findAllByTestId("audit-row");
    expect(rows[0]).toHaveTextContent("frida");
    expect(rows[0]).toHaveTextContent("Odette Varga (RIV-000001)");
    expect(rows[1]).toHaveTextContent("Login failed");

    await user.click(screen.getByTestId("audit-filter-action"));
    await user.click(await screen.findByRole("option", { name: "Login failed" }));
    await waitFor(() =>
      expect(callsOf("list_audit_events").at(-1)).toEqual({
        filter: { userId: null, patientId: null, action: "login_failed", from: null, to: null },
        page: 1,
        pageSize: 50,
      }),
    );

    await user.click(screen.getByTestId("audit-verify"));
    const result = await screen.findByTestId("audit-verify-result");
    expect(result).toHaveTextContent("tampered");
    expect(result).toHaveTextContent("event 17");
  });
});

describe("chart access", () => {
  it("refuses the front desk, then opens with break-the-glass after a reason", async () => {
    let granted = false;
    mockCommands({
      current_session: () => sessionFixture("front_desk"),
      open_patient_chart: () => {
        if (!granted) {
          const err: CommandError = { code: "forbidden", message: "Your role has no access to clinical records", fieldErrors: [] };
          throw err;
        }
        return { patient: patient(), access: "break_the_glass", accessUntil: "2026-11-25T12:30:00Z", record: chartRecord() };
      },
      break_the_glass: (args) => {
        const { reason } = args as { id: string; reason: string };
        if (reason.length < 10) {
          const err: CommandError = {
            code: "validation",
            message: "Give a reason",
            fieldErrors: [{ field: "reason", message: "Give a reason of at least 10 characters" }],
          };
          throw err;
        }
        granted = true;
        return { patientId: "p-1", expiresAt: "2026-11-25T12:30:00Z" };
      },
      patient_appointments: () => [],
    });
    const user = userEvent.setup();
    renderApp("/patients/p-1/chart");
    expect(await screen.findByTestId("chart-forbidden")).toHaveTextContent("no access to clinical records");
    await user.click(await screen.findByTestId("break-glass-open"));
    await user.type(await screen.findByTestId("break-glass-reason"), "short");
    await user.click(screen.getByTestId("break-glass-confirm"));
    expect(await screen.findByTestId("break-glass-error-reason")).toHaveTextContent("at least 10");
    await user.type(screen.getByTestId("break-glass-reason"), " of breath, collapsed");
    await user.click(screen.getByTestId("break-glass-confirm"));
    const chart = await screen.findByTestId("patient-chart");
    expect(within(chart).getByTestId("chart-emergency-banner")).toHaveTextContent("Emergency access until");
    expect(callsOf("break_the_glass").at(-1)).toEqual({ id: "p-1", reason: "short of breath, collapsed" });
  });

  it("opens the chart by role for a doctor, with no emergency banner", async () => {
    mockCommands({
      current_session: () => sessionFixture("doctor"),
      open_patient_chart: () => ({ patient: patient(), access: "role", accessUntil: null, record: chartRecord() }),
      patient_appointments: () => [],
    });
    renderApp("/patients/p-1/chart");
    expect(await screen.findByTestId("patient-chart")).toBeInTheDocument();
    // The chart lists the patient's appointments too.
    expect(await screen.findByTestId("patient-appointments")).toBeInTheDocument();
    expect(callsOf("patient_appointments")).toEqual([{ patientId: "0190a0b0-0000-7000-8000-000000000001" }]);
    expect(screen.queryByTestId("chart-emergency-banner")).not.toBeInTheDocument();
  });
});
