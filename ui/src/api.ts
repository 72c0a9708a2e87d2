// Typed wrappers around the Tauri commands exposed by the Rust side.
// Every failed command rejects with a CommandError object (see bindings/CommandError.ts).
import { invoke } from "@tauri-apps/api/core";
import type { AppStatus } from "./bindings/AppStatus";
import type { AuditFilter } from "./bindings/AuditFilter";
import type { AuditPage } from "./bindings/AuditPage";
import type { AuditVerification } from "./bindings/AuditVerification";
import type { ClinicSetupInput } from "./bindings/ClinicSetupInput";
import type { EmergencyAccess } from "./bindings/EmergencyAccess";
import type { ExportedFile } from "./bindings/ExportedFile";
import type { NewUserInput } from "./bindings/NewUserInput";
import type { PatientChart } from "./bindings/PatientChart";
import type { SecurityAlert } from "./bindings/SecurityAlert";
import type { SessionInfo } from "./bindings/SessionInfo";
import type { SiteSettings } from "./bindings/SiteSettings";
import type { User } from "./bindings/User";
import type { UserUpdateInput } from "./bindings/UserUpdateInput";
import type { CommandError } from "./bindings/CommandError";
import type { ErrorCode } from "./bindings/ErrorCode";
import type { ListPatientsRequest } from "./bindings/ListPatientsRequest";
import type { Patient } from "./bindings/Patient";
import type { PatientInput } from "./bindings/PatientInput";
import type { PatientPage } from "./bindings/PatientPage";
import type { PatientSummary } from "./bindings/PatientSummary";
import type { Appointment } from "./bindings/Appointment";
import type { AppointmentType } from "./bindings/AppointmentType";
import type { AppointmentTypeInput } from "./bindings/AppointmentTypeInput";
import type { BookingInput } from "./bindings/BookingInput";
import type { CalendarView } from "./bindings/CalendarView";
import type { Provider } from "./bindings/Provider";
import type { ProviderInput } from "./bindings/ProviderInput";
import type { Recurrence } from "./bindings/Recurrence";
import type { ReminderItem } from "./bindings/ReminderItem";
import type { RescheduleInput } from "./bindings/RescheduleInput";
import type { ScheduleException } from "./bindings/ScheduleException";
import type { ScheduleExceptionInput } from "./bindings/ScheduleExceptionInput";
import type { SeriesPreview } from "./bindings/SeriesPreview";
import type { Slot } from "./bindings/Slot";
import type { SlotRequest } from "./bindings/SlotRequest";
import type { StatusMove } from "./bindings/StatusMove";
import type { Allergy } from "./bindings/Allergy";
import type { AllergyConflict } from "./bindings/AllergyConflict";
import type { AllergyInput } from "./bindings/AllergyInput";
import type { AllergyRecord } from "./bindings/AllergyRecord";
import type { AmendmentInput } from "./bindings/AmendmentInput";
import type { Condition } from "./bindings/Condition";
import type { ConditionInput } from "./bindings/ConditionInput";
import type { EncounterHistory } from "./bindings/EncounterHistory";
import type { EncounterInput } from "./bindings/EncounterInput";
import type { EncounterSummary } from "./bindings/EncounterSummary";
import type { Icd10Code } from "./bindings/Icd10Code";
import type { LabEntry } from "./bindings/LabEntry";
import type { LabResultInput } from "./bindings/LabResultInput";
import type { PatientHistory } from "./bindings/PatientHistory";
import type { PatientHistoryInput } from "./bindings/PatientHistoryInput";
import type { PrescriptionChange } from "./bindings/PrescriptionChange";
import type { PrescriptionEntry } from "./bindings/PrescriptionEntry";
import type { PrescriptionInput } from "./bindings/PrescriptionInput";
import type { SavedDocument } from "./bindings/SavedDocument";
import type { UrgentResult } from "./bindings/UrgentResult";
import type { VitalsInput } from "./bindings/VitalsInput";
import type { VitalsReading } from "./bindings/VitalsReading";
import type { BillingReport } from "./bindings/BillingReport";
import type { BillingSettings } from "./bindings/BillingSettings";
import type { CashUp } from "./bindings/CashUp";
import type { Claim } from "./bindings/Claim";
import type { ClaimListing } from "./bindings/ClaimListing";
import type { ClaimMove } from "./bindings/ClaimMove";
import type { ClaimStatus } from "./bindings/ClaimStatus";
import type { ClaimStatusRow } from "./bindings/ClaimStatusRow";
import type { InsurancePolicy } from "./bindings/InsurancePolicy";
import type { InsurancePolicyInput } from "./bindings/InsurancePolicyInput";
import type { InvoiceDraftInput } from "./bindings/InvoiceDraftInput";
import type { InvoiceLineInput } from "./bindings/InvoiceLineInput";
import type { InvoiceView } from "./bindings/InvoiceView";
import type { OutstandingRow } from "./bindings/OutstandingRow";
import type { PatientAccount } from "./bindings/PatientAccount";
import type { PaymentInput } from "./bindings/PaymentInput";
import type { RefundInput } from "./bindings/RefundInput";
import type { Service } from "./bindings/Service";
import type { ServiceInput } from "./bindings/ServiceInput";
import type { BookingConflict } from "./bindings/BookingConflict";
import type { ConflictResolution } from "./bindings/ConflictResolution";
import type { EnrolInput } from "./bindings/EnrolInput";
import type { JoinClinicInput } from "./bindings/JoinClinicInput";
import type { SyncProblemView } from "./bindings/SyncProblemView";
import type { SyncStatus } from "./bindings/SyncStatus";

/**
 * Every error code, and whether asking again may succeed (a busy database may answer next time;
 * a refused permission or a bad field will not). A `Record` over the generated `ErrorCode`, so a
 * new Rust code fails the type check until it is placed here.
 */
const ERROR_CODE_TRANSIENT: Record<ErrorCode, boolean> = {
  validation: false,
  not_found: false,
  conflict: false,
  database: true,
  keychain: true,
  internal: true,
  forbidden: false,
  not_signed_in: false,
  session_locked: false,
  session_ended: false,
  password_change_required: false,
  invalid_credentials: false,
  locked_out: false,
  account_disabled: false,
  setup_required: false,
};
const ERROR_CODES = Object.keys(ERROR_CODE_TRANSIENT) as ErrorCode[];

/** Whether a failure with this code may go away if the command is simply run again. */
export function isTransient(code: ErrorCode): boolean {
  return ERROR_CODE_TRANSIENT[code];
}

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

export function setUpClinic(input: ClinicSetupInput): Promise<SessionInfo> {
  return call<SessionInfo>("set_up_clinic", { input });
}

export function logIn(username: string, password: string): Promise<SessionInfo> {
  return call<SessionInfo>("log_in", { username, password });
}

export function currentSession(): Promise<SessionInfo | null> {
  return call<SessionInfo | null>("current_session");
}

export function lockSession(): Promise<SessionInfo> {
  return call<SessionInfo>("lock_session");
}

export function unlockSession(password: string): Promise<SessionInfo> {
  return call<SessionInfo>("unlock_session", { password });
}

export function logOut(): Promise<null> {
  return call<null>("log_out");
}

export function recordActivity(): Promise<null> {
  return call<null>("record_activity");
}

export function changeOwnPassword(current: string, next: string): Promise<SessionInfo> {
  return call<SessionInfo>("change_own_password", { current, new: next });
}

export function openPatientChart(id: string): Promise<PatientChart> {
  return call<PatientChart>("open_patient_chart", { id });
}

export function breakTheGlass(id: string, reason: string): Promise<EmergencyAccess> {
  return call<EmergencyAccess>("break_the_glass", { id, reason });
}

export function listUsers(): Promise<User[]> {
  return call<User[]>("list_users");
}

export function createUser(input: NewUserInput): Promise<User> {
  return call<User>("create_user", { input });
}

export function updateUser(id: string, input: UserUpdateInput): Promise<User> {
  return call<User>("update_user", { id, input });
}

export function disableUser(id: string): Promise<User> {
  return call<User>("disable_user", { id });
}

export function enableUser(id: string): Promise<User> {
  return call<User>("enable_user", { id });
}

export function resetUserPassword(id: string, password: string): Promise<User> {
  return call<User>("reset_user_password", { id, password });
}

export function listAuditEvents(filter: AuditFilter, page: number, pageSize: number): Promise<AuditPage> {
  return call<AuditPage>("list_audit_events", { filter, page, pageSize });
}

export function exportAuditCsv(filter: AuditFilter): Promise<ExportedFile> {
  return call<ExportedFile>("export_audit_csv", { filter });
}

export function verifyAuditTrail(): Promise<AuditVerification> {
  return call<AuditVerification>("verify_audit_trail");
}

export function listSecurityAlerts(): Promise<SecurityAlert[]> {
  return call<SecurityAlert[]>("list_security_alerts");
}

export function acknowledgeSecurityAlert(id: string): Promise<SecurityAlert> {
  return call<SecurityAlert>("acknowledge_security_alert", { id });
}

export function getSettings(): Promise<SiteSettings> {
  return call<SiteSettings>("get_settings");
}

export function saveSettings(settings: SiteSettings): Promise<SiteSettings> {
  return call<SiteSettings>("save_settings", { settings });
}

// Scheduling (docs/scheduling.md). Clinic times are wall-clock strings; see lib/wallClock.ts.

export function listProviders(): Promise<Provider[]> {
  return call<Provider[]>("list_providers");
}

export function saveProvider(id: string | null, input: ProviderInput): Promise<Provider> {
  return call<Provider>("save_provider", { id, input });
}

export function listScheduleExceptions(providerId: string): Promise<ScheduleException[]> {
  return call<ScheduleException[]>("list_schedule_exceptions", { providerId });
}

export function addScheduleException(input: ScheduleExceptionInput): Promise<ScheduleException> {
  return call<ScheduleException>("add_schedule_exception", { input });
}

export function removeScheduleException(id: string): Promise<null> {
  return call<null>("remove_schedule_exception", { id });
}

export function listAppointmentTypes(): Promise<AppointmentType[]> {
  return call<AppointmentType[]>("list_appointment_types");
}

export function saveAppointmentType(id: string | null, input: AppointmentTypeInput): Promise<AppointmentType> {
  return call<AppointmentType>("save_appointment_type", { id, input });
}

/** `days` clinic days from `from` ("YYYY-MM-DD"), 1 to 7; null providerIds means every active provider. */
export function calendar(from: string, days: number, providerIds: string[] | null): Promise<CalendarView> {
  return call<CalendarView>("calendar", { from, days, providerIds });
}

export function bookAppointment(input: BookingInput): Promise<Appointment> {
  return call<Appointment>("book_appointment", { input });
}

export function previewSeries(input: BookingInput, recurrence: Recurrence): Promise<SeriesPreview> {
  return call<SeriesPreview>("preview_series", { input, recurrence });
}

export function bookSeries(input: BookingInput, recurrence: Recurrence): Promise<Appointment[]> {
  return call<Appointment[]>("book_series", { input, recurrence });
}

export function rescheduleAppointment(id: string, input: RescheduleInput): Promise<Appointment> {
  return call<Appointment>("reschedule_appointment", { id, input });
}

/** `move` is a Rust keyword, so the command's argument is named `statusMove`. */
export function moveAppointmentStatus(id: string, move: StatusMove, reason: string | null): Promise<Appointment> {
  return call<Appointment>("move_appointment_status", { id, statusMove: move, reason });
}

export function nextAvailableSlot(request: SlotRequest): Promise<Slot | null> {
  return call<Slot | null>("next_available_slot", { request });
}

export function todaysQueue(): Promise<Appointment[]> {
  return call<Appointment[]>("todays_queue");
}

export function remindersDue(): Promise<ReminderItem[]> {
  return call<ReminderItem[]>("reminders_due");
}

export function markReminded(id: string): Promise<Appointment> {
  return call<Appointment>("mark_reminded", { id });
}

export function patientAppointments(patientId: string): Promise<Appointment[]> {
  return call<Appointment[]>("patient_appointments", { patientId });
}

// The patient chart (docs: chart commands). Reads need a clinical role or break-the-glass; each
// write needs its action (record_observations, write_clinical_notes, prescribe).

export function encounterHistory(patientId: string, encounterId: string): Promise<EncounterHistory> {
  return call<EncounterHistory>("encounter_history", { patientId, encounterId });
}

/** The allergy warnings for a medication; empty when there is none. */
export function checkPrescription(patientId: string, medication: string): Promise<AllergyConflict[]> {
  return call<AllergyConflict[]>("check_prescription", { patientId, medication });
}

export function searchIcd10(query: string): Promise<Icd10Code[]> {
  return call<Icd10Code[]>("search_icd10", { query });
}

export function recordAllergy(patientId: string, input: AllergyInput): Promise<Allergy> {
  return call<Allergy>("record_allergy", { patientId, input });
}

export function changeAllergy(patientId: string, allergyId: string, input: AllergyInput): Promise<Allergy> {
  return call<Allergy>("change_allergy", { patientId, allergyId, input });
}

export function recordNoKnownAllergies(patientId: string): Promise<AllergyRecord> {
  return call<AllergyRecord>("record_no_known_allergies", { patientId });
}

export function recordVitals(patientId: string, input: VitalsInput): Promise<VitalsReading> {
  return call<VitalsReading>("record_vitals", { patientId, input });
}

export function recordLabResult(patientId: string, input: LabResultInput): Promise<LabEntry> {
  return call<LabEntry>("record_lab_result", { patientId, input });
}

export function recordCondition(patientId: string, input: ConditionInput): Promise<Condition> {
  return call<Condition>("record_condition", { patientId, input });
}

export function changeCondition(patientId: string, conditionId: string, input: ConditionInput): Promise<Condition> {
  return call<Condition>("change_condition", { patientId, conditionId, input });
}

export function savePatientHistory(patientId: string, input: PatientHistoryInput): Promise<PatientHistory> {
  return call<PatientHistory>("save_patient_history", { patientId, input });
}

/** A null `encounterId` starts a new note; a signed note is refused ("conflict"): amend it instead. */
export function saveEncounter(
  patientId: string,
  encounterId: string | null,
  appointmentId: string | null,
  note: EncounterInput,
  sign: boolean,
): Promise<EncounterSummary> {
  return call<EncounterSummary>("save_encounter", { patientId, encounterId, appointmentId, note, sign });
}

export function amendEncounter(patientId: string, encounterId: string, input: AmendmentInput): Promise<EncounterSummary> {
  return call<EncounterSummary>("amend_encounter", { patientId, encounterId, input });
}

/** Open urgent results for this doctor or for any doctor. */
export function listClinicalAlerts(): Promise<UrgentResult[]> {
  return call<UrgentResult[]>("list_clinical_alerts");
}

export function acknowledgeClinicalAlert(alertId: string): Promise<null> {
  return call<null>("acknowledge_clinical_alert", { alertId });
}

/** `overrideReason` is needed (10+ characters) when the medication matches an active allergy. */
export function prescribe(
  patientId: string,
  input: PrescriptionInput,
  overrideReason: string | null,
  encounterId: string | null,
): Promise<PrescriptionEntry> {
  return call<PrescriptionEntry>("prescribe", { patientId, input, overrideReason, encounterId });
}

export function changePrescription(patientId: string, prescriptionId: string, change: PrescriptionChange): Promise<PrescriptionEntry> {
  return call<PrescriptionEntry>("change_prescription", { patientId, prescriptionId, change });
}

/** Writes the prescriptions' PDF to the clinic's documents folder and says where. */
export function savePrescriptionPdf(patientId: string, prescriptionIds: string[]): Promise<SavedDocument> {
  return call<SavedDocument>("save_prescription_pdf", { patientId, prescriptionIds });
}

// Billing (docs/billing.md). Money is in integer minor units of the invoice's currency.

/** The fee schedule, active services first. */
export function listServices(): Promise<Service[]> {
  return call<Service[]>("list_services");
}

/** Invoices (newest first), policies, claims and the balance of the open invoices. */
export function patientAccount(patientId: string): Promise<PatientAccount> {
  return call<PatientAccount>("patient_account", { patientId });
}

export function getInvoice(invoiceId: string): Promise<InvoiceView> {
  return call<InvoiceView>("get_invoice", { invoiceId });
}

/** The fee-schedule lines of the appointment's type, to start an invoice from; empty when none. */
export function appointmentInvoiceLines(appointmentId: string): Promise<InvoiceLineInput[]> {
  return call<InvoiceLineInput[]>("appointment_invoice_lines", { appointmentId });
}

/** Writes the invoice's PDF (or, with `receipt`, the receipt of its payments) and says where. */
export function saveInvoicePdf(invoiceId: string, receipt: boolean): Promise<SavedDocument> {
  return call<SavedDocument>("save_invoice_pdf", { invoiceId, receipt });
}

export function createInvoice(patientId: string, appointmentId: string | null, draft: InvoiceDraftInput): Promise<InvoiceView> {
  return call<InvoiceView>("create_invoice", { patientId, appointmentId, draft });
}

/** Refused ("conflict") once the invoice is issued. */
export function updateInvoiceDraft(invoiceId: string, draft: InvoiceDraftInput): Promise<InvoiceView> {
  return call<InvoiceView>("update_invoice_draft", { invoiceId, draft });
}

/** Numbers the invoice `<SITE>-<YEAR>-<NNNNN>`; it never changes again. */
export function issueInvoice(invoiceId: string): Promise<InvoiceView> {
  return call<InvoiceView>("issue_invoice", { invoiceId });
}

/** More than the balance is refused ("conflict"). */
export function takePayment(invoiceId: string, input: PaymentInput): Promise<InvoiceView> {
  return call<InvoiceView>("take_payment", { invoiceId, input });
}

export function addInsurancePolicy(patientId: string, input: InsurancePolicyInput): Promise<InsurancePolicy> {
  return call<InsurancePolicy>("add_insurance_policy", { patientId, input });
}

/** The clinic's currency for new invoices and its details printed on them. */
export function getBillingSettings(): Promise<BillingSettings> {
  return call<BillingSettings>("get_billing_settings");
}

export function saveBillingSettings(settings: BillingSettings): Promise<BillingSettings> {
  return call<BillingSettings>("save_billing_settings", { settings });
}

/** A null `serviceId` adds a service to the fee schedule. */
export function saveService(serviceId: string | null, input: ServiceInput): Promise<Service> {
  return call<Service>("save_service", { serviceId, input });
}

export function voidInvoice(invoiceId: string, reason: string): Promise<InvoiceView> {
  return call<InvoiceView>("void_invoice", { invoiceId, reason });
}

/** Issues a credit note against the invoice; returns the credit note. */
export function issueCreditNote(invoiceId: string, draft: InvoiceDraftInput): Promise<InvoiceView> {
  return call<InvoiceView>("issue_credit_note", { invoiceId, draft });
}

export function refundPayment(invoiceId: string, input: RefundInput): Promise<InvoiceView> {
  return call<InvoiceView>("refund_payment", { invoiceId, input });
}

export function createClaim(invoiceId: string, policyId: string, claimedMinor: number): Promise<Claim> {
  return call<Claim>("create_claim", { invoiceId, policyId, claimedMinor });
}

/** `move` is a Rust keyword, so the command's argument is named `claimMove`. */
export function moveClaim(claimId: string, move: ClaimMove): Promise<Claim> {
  return call<Claim>("move_claim", { claimId, claimMove: move });
}

/** Every claim, or those in one status. */
export function listClaims(status: ClaimStatus | null): Promise<ClaimListing[]> {
  return call<ClaimListing[]>("list_claims", { status });
}

/** The day's payments by method ("YYYY-MM-DD", the clinic's day). */
export function cashUp(date: string): Promise<CashUp> {
  return call<CashUp>("cash_up", { date });
}

export function outstandingBalances(): Promise<OutstandingRow[]> {
  return call<OutstandingRow[]>("outstanding_balances");
}

export function claimsReport(): Promise<ClaimStatusRow[]> {
  return call<ClaimStatusRow[]>("claims_report");
}

/** Writes a report as CSV; `date` is the cash-up's day, null for the others. */
export function exportBillingCsv(report: BillingReport, date: string | null): Promise<ExportedFile> {
  return call<ExportedFile>("export_billing_csv", { report, date });
}

// Sync with the clinic's server. The indicator's facts need no session (a joining site shows
// its progress before anyone can log in).

export function syncStatus(): Promise<SyncStatus> {
  return call<SyncStatus>("sync_status");
}

/** Wakes the background sync; it reports through sync_status and the "sync-changed" event. */
export function syncNow(): Promise<null> {
  return call<null>("sync_now");
}

export function enrolSite(input: EnrolInput): Promise<SyncStatus> {
  return call<SyncStatus>("enrol_site", { input });
}

/** First run on a new computer of an existing clinic; its records then arrive in the background. */
export function joinClinic(input: JoinClinicInput): Promise<SyncStatus> {
  return call<SyncStatus>("join_clinic", { input });
}

export function syncProblems(): Promise<SyncProblemView[]> {
  return call<SyncProblemView[]>("sync_problems");
}

export function listBookingConflicts(): Promise<BookingConflict[]> {
  return call<BookingConflict[]>("list_booking_conflicts");
}

/** Returns the double bookings still to settle. */
export function resolveBookingConflict(conflictId: string, resolution: ConflictResolution): Promise<BookingConflict[]> {
  return call<BookingConflict[]>("resolve_booking_conflict", { conflictId, resolution });
}
