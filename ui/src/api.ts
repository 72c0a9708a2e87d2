// Typed wrappers around the Tauri commands exposed by the Rust side.
// Every failed command rejects with a CommandError object (see bindings/CommandError.ts).
import { invoke } from "@tauri-apps/api/core";
import type { AppStatus } from "./bindings/AppStatus";
import type { CommandError } from "./bindings/CommandError";
import type { ErrorCode } from "./bindings/ErrorCode";
import type { ListPatientsRequest } from "./bindings/ListPatientsRequest";
import type { Patient } from "./bindings/Patient";
import type { PatientInput } from "./bindings/PatientInput";
import type { PatientPage } from "./bindings/PatientPage";
import type { PatientSummary } from "./bindings/PatientSummary";

const ERROR_CODES: readonly ErrorCode[] = [
  "validation",
  "not_found",
  "conflict",
  "database",
  "keychain",
  "internal",
];

export function isCommandError(e: unknown): e is CommandError {
  if (typeof e !== "object" || e === null) return false;
  const o = e as Record<string, unknown>;
  return (
    typeof o.code === "string" &&
    (ERROR_CODES as readonly string[]).includes(o.code) &&
    typeof o.message === "string" &&
    Array.isArray(o.fieldErrors) &&
    o.fieldErrors.every(
      (f: unknown) =>
        typeof f === "object" &&
        f !== null &&
        typeof (f as Record<string, unknown>).field === "string" &&
        typeof (f as Record<string, unknown>).message === "string",
    )
  );
}

/** Turns any rejection (CommandError, Error, string, anything) into a CommandError. */
export function toCommandError(e: unknown): CommandError {
  if (isCommandError(e)) return e;
  let message = "An unexpected error occurred.";
  if (typeof e === "string" && e.trim() !== "") message = e;
  else if (e instanceof Error && e.message) message = e.message;
  else if (typeof e === "object" && e !== null) {
    const m = (e as Record<string, unknown>).message;
    if (typeof m === "string" && m.trim() !== "") message = m;
  }
  return { code: "internal", message, fieldErrors: [] };
}

async function call<T>(command: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(command, args);
  } catch (e) {
    throw toCommandError(e);
  }
}

export function appStatus(): Promise<AppStatus> {
  return call<AppStatus>("app_status");
}

export function searchPatients(query: string, limit = 20): Promise<PatientSummary[]> {
  return call<PatientSummary[]>("search_patients", { query, limit });
}

export function listPatients(request: ListPatientsRequest): Promise<PatientPage> {
  return call<PatientPage>("list_patients", { request });
}

export function getPatient(id: string): Promise<Patient> {
  return call<Patient>("get_patient", { id });
}

export function createPatient(input: PatientInput): Promise<Patient> {
  return call<Patient>("create_patient", { input });
}

export function updatePatient(id: string, input: PatientInput): Promise<Patient> {
  return call<Patient>("update_patient", { id, input });
}

export function archivePatient(id: string): Promise<Patient> {
  return call<Patient>("archive_patient", { id });
}
