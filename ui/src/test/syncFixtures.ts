// Fixtures for the sync screens (shapes as the Rust side's SyncStatus and BookingConflict).
import type { BookingConflict } from "../bindings/BookingConflict";
import type { ConflictSide } from "../bindings/ConflictSide";
import type { SyncStatus } from "../bindings/SyncStatus";

export function syncStatusFixture(overrides: Partial<SyncStatus> = {}): SyncStatus {
  return {
    state: "not_configured",
    serverUrl: null,
    orgName: null,
    fingerprint: null,
    lastSyncedAt: null,
    waiting: 0,
    conflicts: 0,
    problems: 0,
    progress: null,
    received: 0,
    lastError: null,
    initialised: true,
    ...overrides,
  };
}

/** A site enrolled with the clinic's server that last synced at 14:05 New York time (Vitest's zone). */
export function enrolledStatus(overrides: Partial<SyncStatus> = {}): SyncStatus {
  return syncStatusFixture({
    state: "online",
    serverUrl: "https://clinic-server.local:8443",
    orgName: "Riverside Clinic",
    fingerprint: "AB:CD:EF",
    lastSyncedAt: "2026-11-23T19:05:00Z",
    ...overrides,
  });
}

export function conflictSide(overrides: Partial<ConflictSide> = {}): ConflictSide {
  return {
    appointmentId: "appt-a",
    patientId: "p-1",
    patientName: "Maria Lopez",
    mrn: "RIV-000001",
    start: "2026-11-24T09:00",
    end: "2026-11-24T09:20",
    status: "scheduled",
    bookedAtSite: "Front desk",
    ...overrides,
  };
}

export function bookingConflict(overrides: Partial<BookingConflict> = {}): BookingConflict {
  return {
    id: "appt-a+appt-b",
    providerId: "prov-1",
    providerName: "Dr Ada Okafor",
    first: conflictSide(),
    second: conflictSide({
      appointmentId: "appt-b",
      patientId: "p-2",
      patientName: null,
      mrn: null,
      start: "2026-11-24T09:10",
      end: "2026-11-24T09:30",
      bookedAtSite: "Front desk 2",
    }),
    detectedAt: "2026-11-23T16:00:00Z",
    ...overrides,
  };
}
