// Fixtures for the patient chart (shapes as in the chart commands' contract).
import type { Allergy } from "../bindings/Allergy";
import type { ChartRecord } from "../bindings/ChartRecord";
import type { ClinicalAlert } from "../bindings/ClinicalAlert";
import type { Condition } from "../bindings/Condition";
import type { EncounterSummary } from "../bindings/EncounterSummary";
import type { LabEntry } from "../bindings/LabEntry";
import type { PatientChart } from "../bindings/PatientChart";
import type { PrescriptionEntry } from "../bindings/PrescriptionEntry";
import type { VitalsReading } from "../bindings/VitalsReading";
import { patient } from "./utils";

export const PATIENT_ID = "0190a0b0-0000-7000-8000-000000000001";

/** An empty chart: nothing recorded yet, allergies not asked. */
export function chartRecord(overrides: Partial<ChartRecord> = {}): ChartRecord {
  return {
    allergies: { state: "not_recorded" },
    allergyHistory: [],
    conditions: [],
    history: { familyHistory: null, socialHistory: null, updatedAt: null },
    encounters: [],
    vitals: [],
    labs: [],
    prescriptions: [],
    alerts: [],
    staff: { "user-doctor": "Dr Ada Okafor", "user-nurse": "Nina Nurse" },
    ...overrides,
  };
}

export function patientChart(record: Partial<ChartRecord> = {}, overrides: Partial<PatientChart> = {}): PatientChart {
  return { patient: patient(), access: "role", accessUntil: null, record: chartRecord(record), ...overrides };
}

export function allergy(overrides: Partial<Allergy> = {}): Allergy {
  return { id: "al-1", substance: "Penicillin", reaction: "Hives", severity: "severe", status: "active", notedOn: null, ...overrides };
}

export function condition(overrides: Partial<Condition> = {}): Condition {
  return { id: "cond-1", problem: "Essential hypertension", code: "I10", onset: null, status: "active", resolvedOn: null, ...overrides };
}

export function vitalsReading(overrides: Partial<VitalsReading> = {}): VitalsReading {
  return {
    id: "v-1",
    takenAt: "2026-11-20T09:15:00Z",
    recordedBy: "user-nurse",
    bmiTenths: 245,
    systolicMmhg: 128,
    diastolicMmhg: 82,
    pulsePerMin: 72,
    temperatureTenthsC: 368,
    respiratoryRatePerMin: 14,
    spo2Percent: 98,
    heightMm: 1720,
    weightG: 72500,
    ...overrides,
  };
}

export function encounterSummary(overrides: Partial<EncounterSummary> = {}): EncounterSummary {
  const note = { reason: "Sore throat", subjective: "Three days of sore throat", objective: "Red pharynx", assessment: "Viral pharyngitis", plan: "Fluids, rest", diagnoses: [{ code: "J02.9", description: "Acute pharyngitis, unspecified" }] };
  return {
    id: "enc-1",
    providerId: "user-doctor",
    appointmentId: null,
    createdAt: "2026-11-20T10:00:00Z",
    signedAt: "2026-11-20T10:20:00Z",
    current: { id: "enc-1", note, author: "user-doctor", at: "2026-11-20T10:20:00Z", amendmentReason: null },
    versionCount: 1,
    ...overrides,
  };
}

export function labEntry(overrides: Partial<LabEntry> = {}): LabEntry {
  return {
    id: "lab-1",
    recordedAt: "2026-11-20T11:00:00Z",
    recordedBy: "user-nurse",
    test: "Potassium",
    value: { kind: "numeric", number: "6.8" },
    unit: "mmol/L",
    range: { low: "3.5", high: "5.1", criticalLow: "2.5", criticalHigh: "6.5" },
    flag: "critical_high",
    collectedOn: "2026-11-20",
    ...overrides,
  };
}

export function clinicalAlert(overrides: Partial<ClinicalAlert> = {}): ClinicalAlert {
  return {
    id: "alert-1",
    patientId: PATIENT_ID,
    labResultId: "lab-1",
    flag: "critical_high",
    message: "Potassium 6.8 mmol/L (critical high)",
    forUserId: null,
    raisedAt: "2026-11-20T11:00:00Z",
    acknowledgedAt: null,
    ...overrides,
  };
}

export function prescriptionEntry(overrides: Partial<PrescriptionEntry> = {}): PrescriptionEntry {
  return {
    prescriberId: "user-doctor",
    prescribedAt: "2026-11-20T10:25:00Z",
    encounterId: null,
    id: "rx-1",
    status: "active",
    stopReason: null,
    overrideReason: null,
    medication: "Ibuprofen",
    strength: "400 mg",
    dose: "1 tablet",
    route: "oral",
    frequency: "three times a day",
    durationDays: 5,
    quantity: 15,
    refills: 0,
    instructions: "Take with food",
    ...overrides,
  };
}
