import type { ReactElement } from "react";
import { render } from "@testing-library/react";
import { invoke } from "@tauri-apps/api/core";
import { MemoryRouter, Route, Routes, useLocation } from "react-router-dom";
import { vi } from "vitest";
import { AppRoutes } from "../AppRoutes";
import type { CommandError } from "../bindings/CommandError";
import type { Action } from "../bindings/Action";
import type { AppStatus } from "../bindings/AppStatus";
import type { Patient } from "../bindings/Patient";
import type { PatientSummary } from "../bindings/PatientSummary";
import type { Role } from "../bindings/Role";
import type { SessionInfo } from "../bindings/SessionInfo";
import { createQueryClient } from "../lib/queryClient";
import { SessionProvider } from "../lib/session";
import { Providers } from "../Providers";
import { syncStatusFixture } from "./syncFixtures";

export type Handler = (args: Record<string, unknown> | undefined) => unknown;

/**
 * Routes the mocked `invoke` by command name. A handler may return a value, a promise, or
 * throw; unknown commands reject with a CommandError. `app_status`, `app_version`,
 * `current_session` and `sync_status` answer with the fixtures (a set-up clinic, a front-desk session, no sync) unless
 * a test gives its own.
 * Call after `vi.mock("@tauri-apps/api/core", () => ({ invoke: vi.fn() }))`.
 */
export function mockCommands(handlers: Record<string, Handler>) {
  const all: Record<string, Handler> = {
    app_status: () => appStatusFixture,
    app_version: () => "0.1.0",
    current_session: () => sessionFixture(),
    sync_status: () => syncStatusFixture(),
    ...handlers,
  };
  const mock = vi.mocked(invoke);
  mock.mockReset();
  mock.mockImplementation(async (cmd: string, args?: unknown) => {
    const h = all[cmd];
    if (!h) {
      const err: CommandError = { code: "internal", message: `no mock for ${cmd}`, fieldErrors: [] };
      throw err;
    }
    return h(args as Record<string, unknown> | undefined);
  });
  return mock;
}

/** What Rust throws for a refused field: `throw validationError("siteCode", "Already in use")`. */
export function validationError(field: string, message: string): CommandError {
  return { code: "validation", message, fieldErrors: [{ field, message }] };
}

/** The calls made to a given command, as argument objects. */
export function callsOf(cmd: string): unknown[] {
  return vi
    .mocked(invoke)
    .mock.calls.filter((c) => c[0] === cmd)
    .map((c) => c[1]);
}

function LocationProbe() {
  const loc = useLocation();
  return <div data-testid="location" data-path={loc.pathname} hidden />;
}

/** Renders the real routes (with the app shell) at a given path. */
export function renderApp(path = "/") {
  const client = createQueryClient();
  client.setDefaultOptions({ queries: { retry: false, staleTime: 0 }, mutations: { retry: false } });
  return render(
    <Providers client={client} env="test">
      <SessionProvider>
        <MemoryRouter initialEntries={[path]}>
          <AppRoutes />
          <LocationProbe />
        </MemoryRouter>
      </SessionProvider>
    </Providers>,
  );
}

/** Renders one element with providers and a router, without the app shell. */
export function renderWithProviders(ui: ReactElement, path = "/") {
  const client = createQueryClient();
  client.setDefaultOptions({ queries: { retry: false, staleTime: 0 }, mutations: { retry: false } });
  return render(
    <Providers client={client} env="test">
      <SessionProvider>
        <MemoryRouter initialEntries={[path]}>
          <Routes>
            <Route path="*" element={ui} />
          </Routes>
          <LocationProbe />
        </MemoryRouter>
      </SessionProvider>
    </Providers>,
  );
}

export const appStatusFixture: AppStatus = {
  clinicName: "Riverside Clinic",
  siteCode: "RIV-01",
  siteName: "Front desk",
  needsSetup: false,
  demo: false,
  joining: false,
  timeZone: "Europe/Berlin",
};

/** What each role may do, as `clinic-core`'s permission table says (the UI only mirrors it). */
const ROLE_PERMISSIONS: Record<Role, Action[]> = {
  admin: ["view_patients", "break_the_glass", "manage_users", "view_audit_trail", "manage_settings", "view_schedule", "manage_schedules", "view_billing", "manage_billing", "view_billing_reports"],
  doctor: ["view_patients", "edit_patients", "view_chart", "view_schedule", "book_appointments", "record_observations", "write_clinical_notes", "prescribe"],
  nurse: ["view_patients", "edit_patients", "view_chart", "view_schedule", "book_appointments", "record_observations"],
  front_desk: ["view_patients", "edit_patients", "break_the_glass", "view_schedule", "book_appointments", "manage_schedules", "view_billing", "take_payments"],
  billing: ["view_patients", "break_the_glass", "view_schedule", "view_billing", "take_payments", "manage_billing", "view_billing_reports"],
};

export function sessionFixture(role: Role = "front_desk", overrides: Partial<SessionInfo> = {}): SessionInfo {
  return {
    userId: `user-${role}`,
    username: role === "admin" ? "morgan" : "frida",
    displayName: role === "admin" ? "Morgan Manager" : "Frida Front",
    role,
    permissions: ROLE_PERMISSIONS[role],
    mustChangePassword: false,
    locked: false,
    idleLockMinutes: 10,
    ...overrides,
  };
}

export function summary(overrides: Partial<PatientSummary> = {}): PatientSummary {
  return {
    id: "0190a0b0-0000-7000-8000-000000000001",
    mrn: "RIV-000001",
    givenName: "Maria",
    familyName: "Lopez",
    preferredName: null,
    dateOfBirth: "1980-04-12",
    sex: "female",
    phone: "+1 555 0100",
    email: null,
    archived: false,
    ...overrides,
  };
}

export function patient(overrides: Partial<Patient> = {}): Patient {
  return {
    id: "0190a0b0-0000-7000-8000-000000000001",
    mrn: "RIV-000001",
    givenName: "Maria",
    middleName: null,
    familyName: "Lopez",
    preferredName: null,
    dateOfBirth: "1980-04-12",
    sex: "female",
    phone: "+1 555 0100",
    email: "maria@example.org",
    addressLine1: "1 Main St",
    addressLine2: null,
    city: "Springfield",
    region: null,
    postalCode: "12345",
    country: "US",
    bloodGroup: "O+",
    emergencyContactName: "Juan Lopez",
    emergencyContactRelationship: "Husband",
    emergencyContactPhone: "+1 555 0101",
    insuranceProvider: null,
    insurancePolicyNumber: null,
    insuranceGroupNumber: null,
    notes: null,
    siteId: "site-1",
    createdAt: "2025-01-02T10:00:00Z",
    updatedAt: "2025-01-02T10:00:00Z",
    archivedAt: null,
    ...overrides,
  };
}
