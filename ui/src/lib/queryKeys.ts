import type { ListPatientsRequest } from "../bindings/ListPatientsRequest";

export const queryKeys = {
  appStatus: ["app-status"] as const,
  session: ["session"] as const,
  settings: ["settings"] as const,
  users: ["users"] as const,
  audit: (filter: unknown, page: number) => ["audit", filter, page] as const,
  alerts: ["security-alerts"] as const,
  chart: (id: string) => ["patients", "chart", id] as const,
  encounterHistory: (patientId: string, encounterId: string) => ["patients", "chart", patientId, "encounter", encounterId] as const,
  prescriptionCheck: (patientId: string, medication: string) => ["patients", "chart", patientId, "rx-check", medication] as const,
  icd10: (query: string) => ["icd10", query] as const,
  clinicalAlerts: ["clinical-alerts"] as const,
  patients: ["patients"] as const,
  patientList: (req: ListPatientsRequest) => ["patients", "list", req] as const,
  patientSearch: (query: string) => ["patients", "search", query] as const,
  patient: (id: string) => ["patients", "detail", id] as const,
  // Everything that shows appointments starts with "schedule": one invalidation refreshes it all.
  schedule: ["schedule"] as const,
  calendar: (from: string, days: number, providerIds: string[] | null) => ["schedule", "calendar", from, days, providerIds] as const,
  queue: ["schedule", "queue"] as const,
  reminders: ["schedule", "reminders"] as const,
  patientAppointments: (patientId: string) => ["schedule", "patient", patientId] as const,
  providers: ["providers"] as const,
  scheduleExceptions: (providerId: string) => ["providers", "exceptions", providerId] as const,
  appointmentTypes: ["appointment-types"] as const,
};
