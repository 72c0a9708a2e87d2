//! The Tauri commands: thin wrappers that hand Tauri's state to the command bodies, which
//! check the session's permission first. Each is listed in `command_names` and `access`.

use clinic_core::billing::{
    BillingSettings, CashUp, Claim, ClaimListing, ClaimMove, ClaimStatus, ClaimStatusRow, InsurancePolicy, InsurancePolicyInput,
    InvoiceDraftInput, InvoiceLineInput, InvoiceView, OutstandingRow, PatientAccount, PaymentInput, RefundInput, Service,
    ServiceInput,
};
use clinic_core::chart::{
    Allergy, AllergyConflict, AllergyInput, AllergyRecord, AmendmentInput, Condition, ConditionInput, EncounterHistory,
    EncounterInput, EncounterSummary, Icd10Code, LabEntry, LabResultInput, PatientHistory, PatientHistoryInput,
    PrescriptionChange, PrescriptionEntry, PrescriptionInput, UrgentResult, VitalsInput, VitalsReading,
};
use clinic_core::scheduling::{
    Appointment, AppointmentType, AppointmentTypeInput, BookingInput, CalendarView, Provider, ProviderInput, Recurrence,
    ReminderItem, RescheduleInput, ScheduleException, ScheduleExceptionInput, SeriesPreview, Slot, SlotRequest, StatusMove,
};
use clinic_core::sync::{BookingConflict, ConflictResolution};
use clinic_core::{
    AuditFilter, AuditPage, AuditVerification, ClinicSetupInput, ListPatientsRequest, NewUserInput, Patient, PatientInput,
    PatientPage, PatientSummary, SecurityAlert, SiteSettings, User, UserUpdateInput,
};
use tauri::State;

use crate::admin::{self, ExportedFile};
use crate::billing::{self, BillingReport};
use crate::chart::{self, SavedDocument};
use crate::error::CommandError;
use crate::patients::{self, EmergencyAccess, PatientChart};
use crate::session::SessionInfo;
use crate::state::{AppState, AppStatus};
use crate::sync::{self, EnrolInput, JoinClinicInput, SyncProblemView, SyncStatus};
use crate::{auth, schedule, users};

type Result<T> = std::result::Result<T, CommandError>;

#[tauri::command]
pub async fn app_status(state: State<'_, AppState>) -> Result<AppStatus> {
    auth::app_status(&state)
}

#[tauri::command]
pub async fn set_up_clinic(state: State<'_, AppState>, input: ClinicSetupInput) -> Result<SessionInfo> {
    auth::set_up_clinic(&state, &input)
}

#[tauri::command]
pub async fn log_in(state: State<'_, AppState>, username: String, password: String) -> Result<SessionInfo> {
    auth::log_in(&state, &username, &password)
}

#[tauri::command]
pub async fn current_session(state: State<'_, AppState>) -> Result<Option<SessionInfo>> {
    auth::current_session(&state)
}

#[tauri::command]
pub async fn lock_session(state: State<'_, AppState>) -> Result<SessionInfo> {
    auth::lock_session(&state)
}

#[tauri::command]
pub async fn unlock_session(state: State<'_, AppState>, password: String) -> Result<SessionInfo> {
    auth::unlock_session(&state, &password)
}

#[tauri::command]
pub async fn log_out(state: State<'_, AppState>) -> Result<()> {
    auth::log_out(&state)
}

#[tauri::command]
pub async fn record_activity(state: State<'_, AppState>) -> Result<()> {
    auth::record_activity(&state)
}

#[tauri::command]
pub async fn change_own_password(state: State<'_, AppState>, current: String, new: String) -> Result<SessionInfo> {
    auth::change_own_password(&state, &current, &new)
}

#[tauri::command]
pub async fn search_patients(state: State<'_, AppState>, query: String, limit: u32) -> Result<Vec<PatientSummary>> {
    patients::search(&state, &query, limit)
}

#[tauri::command]
pub async fn list_patients(state: State<'_, AppState>, request: ListPatientsRequest) -> Result<PatientPage> {
    patients::list(&state, &request)
}

#[tauri::command]
pub async fn get_patient(state: State<'_, AppState>, id: String) -> Result<Patient> {
    patients::get(&state, &id)
}

#[tauri::command]
pub async fn create_patient(state: State<'_, AppState>, input: PatientInput) -> Result<Patient> {
    patients::create(&state, &input)
}

#[tauri::command]
pub async fn update_patient(state: State<'_, AppState>, id: String, input: PatientInput) -> Result<Patient> {
    patients::update(&state, &id, &input)
}

#[tauri::command]
pub async fn archive_patient(state: State<'_, AppState>, id: String) -> Result<Patient> {
    patients::archive(&state, &id)
}

#[tauri::command]
pub async fn open_patient_chart(state: State<'_, AppState>, id: String) -> Result<PatientChart> {
    patients::open_chart(&state, &id)
}

#[tauri::command]
pub async fn break_the_glass(state: State<'_, AppState>, id: String, reason: String) -> Result<EmergencyAccess> {
    patients::break_the_glass(&state, &id, &reason)
}

#[tauri::command]
pub async fn list_users(state: State<'_, AppState>) -> Result<Vec<User>> {
    users::list(&state)
}

#[tauri::command]
pub async fn create_user(state: State<'_, AppState>, input: NewUserInput) -> Result<User> {
    users::create(&state, &input)
}

#[tauri::command]
pub async fn update_user(state: State<'_, AppState>, id: String, input: UserUpdateInput) -> Result<User> {
    users::update(&state, &id, &input)
}

#[tauri::command]
pub async fn disable_user(state: State<'_, AppState>, id: String) -> Result<User> {
    users::disable(&state, &id)
}

#[tauri::command]
pub async fn enable_user(state: State<'_, AppState>, id: String) -> Result<User> {
    users::enable(&state, &id)
}

#[tauri::command]
pub async fn reset_user_password(state: State<'_, AppState>, id: String, password: String) -> Result<User> {
    users::reset_password(&state, &id, &password)
}

#[tauri::command]
pub async fn list_audit_events(state: State<'_, AppState>, filter: AuditFilter, page: u32, page_size: u32) -> Result<AuditPage> {
    admin::list_audit_events(&state, &filter, page, page_size)
}

#[tauri::command]
pub async fn export_audit_csv(state: State<'_, AppState>, filter: AuditFilter) -> Result<ExportedFile> {
    admin::export_audit_csv(&state, &filter)
}

#[tauri::command]
pub async fn verify_audit_trail(state: State<'_, AppState>) -> Result<AuditVerification> {
    admin::verify_audit_trail(&state)
}

#[tauri::command]
pub async fn list_security_alerts(state: State<'_, AppState>) -> Result<Vec<SecurityAlert>> {
    admin::list_security_alerts(&state)
}

#[tauri::command]
pub async fn acknowledge_security_alert(state: State<'_, AppState>, id: String) -> Result<SecurityAlert> {
    admin::acknowledge_security_alert(&state, &id)
}

#[tauri::command]
pub async fn get_settings(state: State<'_, AppState>) -> Result<SiteSettings> {
    admin::get_settings(&state)
}

#[tauri::command]
pub async fn save_settings(state: State<'_, AppState>, settings: SiteSettings) -> Result<SiteSettings> {
    admin::save_settings(&state, &settings)
}

#[tauri::command]
pub async fn list_providers(state: State<'_, AppState>) -> Result<Vec<Provider>> {
    schedule::list_providers(&state)
}

#[tauri::command]
pub async fn save_provider(state: State<'_, AppState>, id: Option<String>, input: ProviderInput) -> Result<Provider> {
    schedule::save_provider(&state, id.as_deref(), &input)
}

#[tauri::command]
pub async fn list_schedule_exceptions(state: State<'_, AppState>, provider_id: String) -> Result<Vec<ScheduleException>> {
    schedule::list_schedule_exceptions(&state, &provider_id)
}

#[tauri::command]
pub async fn add_schedule_exception(state: State<'_, AppState>, input: ScheduleExceptionInput) -> Result<ScheduleException> {
    schedule::add_schedule_exception(&state, &input)
}

#[tauri::command]
pub async fn remove_schedule_exception(state: State<'_, AppState>, id: String) -> Result<()> {
    schedule::remove_schedule_exception(&state, &id)
}

#[tauri::command]
pub async fn list_appointment_types(state: State<'_, AppState>) -> Result<Vec<AppointmentType>> {
    schedule::list_appointment_types(&state)
}

#[tauri::command]
pub async fn save_appointment_type(
    state: State<'_, AppState>,
    id: Option<String>,
    input: AppointmentTypeInput,
) -> Result<AppointmentType> {
    schedule::save_appointment_type(&state, id.as_deref(), &input)
}

#[tauri::command]
pub async fn calendar(
    state: State<'_, AppState>,
    from: String,
    days: u32,
    provider_ids: Option<Vec<String>>,
) -> Result<CalendarView> {
    schedule::calendar(&state, &from, days, provider_ids.as_deref())
}

#[tauri::command]
pub async fn book_appointment(state: State<'_, AppState>, input: BookingInput) -> Result<Appointment> {
    schedule::book_appointment(&state, &input)
}

#[tauri::command]
pub async fn preview_series(state: State<'_, AppState>, input: BookingInput, recurrence: Recurrence) -> Result<SeriesPreview> {
    schedule::preview_series(&state, &input, &recurrence)
}

#[tauri::command]
pub async fn book_series(state: State<'_, AppState>, input: BookingInput, recurrence: Recurrence) -> Result<Vec<Appointment>> {
    schedule::book_series(&state, &input, &recurrence)
}

#[tauri::command]
pub async fn reschedule_appointment(state: State<'_, AppState>, id: String, input: RescheduleInput) -> Result<Appointment> {
    schedule::reschedule_appointment(&state, &id, &input)
}

#[tauri::command]
pub async fn move_appointment_status(
    state: State<'_, AppState>,
    id: String,
    status_move: StatusMove,
    reason: Option<String>,
) -> Result<Appointment> {
    schedule::move_appointment_status(&state, &id, status_move, reason.as_deref())
}

#[tauri::command]
pub async fn next_available_slot(state: State<'_, AppState>, request: SlotRequest) -> Result<Option<Slot>> {
    schedule::next_available_slot(&state, &request)
}

#[tauri::command]
pub async fn todays_queue(state: State<'_, AppState>) -> Result<Vec<Appointment>> {
    schedule::todays_queue(&state)
}

#[tauri::command]
pub async fn reminders_due(state: State<'_, AppState>) -> Result<Vec<ReminderItem>> {
    schedule::reminders_due(&state)
}

#[tauri::command]
pub async fn mark_reminded(state: State<'_, AppState>, id: String) -> Result<Appointment> {
    schedule::mark_reminded(&state, &id)
}

#[tauri::command]
pub async fn patient_appointments(state: State<'_, AppState>, patient_id: String) -> Result<Vec<Appointment>> {
    schedule::patient_appointments(&state, &patient_id)
}

#[tauri::command]
pub async fn encounter_history(state: State<'_, AppState>, patient_id: String, encounter_id: String) -> Result<EncounterHistory> {
    chart::encounter_history(&state, &patient_id, &encounter_id)
}

#[tauri::command]
pub async fn check_prescription(
    state: State<'_, AppState>,
    patient_id: String,
    medication: String,
) -> Result<Vec<AllergyConflict>> {
    chart::check_prescription(&state, &patient_id, &medication)
}

#[tauri::command]
pub async fn search_icd10(state: State<'_, AppState>, query: String) -> Result<Vec<Icd10Code>> {
    chart::search_icd10(&state, &query)
}

#[tauri::command]
pub async fn record_allergy(state: State<'_, AppState>, patient_id: String, input: AllergyInput) -> Result<Allergy> {
    chart::record_allergy(&state, &patient_id, &input)
}

#[tauri::command]
pub async fn change_allergy(
    state: State<'_, AppState>,
    patient_id: String,
    allergy_id: String,
    input: AllergyInput,
) -> Result<Allergy> {
    chart::change_allergy(&state, &patient_id, &allergy_id, &input)
}

#[tauri::command]
pub async fn record_no_known_allergies(state: State<'_, AppState>, patient_id: String) -> Result<AllergyRecord> {
    chart::record_no_known_allergies(&state, &patient_id)
}

#[tauri::command]
pub async fn record_vitals(state: State<'_, AppState>, patient_id: String, input: VitalsInput) -> Result<VitalsReading> {
    chart::record_vitals(&state, &patient_id, &input)
}

#[tauri::command]
pub async fn record_lab_result(state: State<'_, AppState>, patient_id: String, input: LabResultInput) -> Result<LabEntry> {
    chart::record_lab_result(&state, &patient_id, &input)
}

#[tauri::command]
pub async fn record_condition(state: State<'_, AppState>, patient_id: String, input: ConditionInput) -> Result<Condition> {
    chart::record_condition(&state, &patient_id, &input)
}

#[tauri::command]
pub async fn change_condition(
    state: State<'_, AppState>,
    patient_id: String,
    condition_id: String,
    input: ConditionInput,
) -> Result<Condition> {
    chart::change_condition(&state, &patient_id, &condition_id, &input)
}

#[tauri::command]
pub async fn save_patient_history(
    state: State<'_, AppState>,
    patient_id: String,
    input: PatientHistoryInput,
) -> Result<PatientHistory> {
    chart::save_patient_history(&state, &patient_id, &input)
}

#[tauri::command]
pub async fn save_encounter(
    state: State<'_, AppState>,
    patient_id: String,
    encounter_id: Option<String>,
    appointment_id: Option<String>,
    note: EncounterInput,
    sign: bool,
) -> Result<EncounterSummary> {
    chart::save_encounter(&state, &patient_id, encounter_id.as_deref(), appointment_id.as_deref(), &note, sign)
}

#[tauri::command]
pub async fn amend_encounter(
    state: State<'_, AppState>,
    patient_id: String,
    encounter_id: String,
    input: AmendmentInput,
) -> Result<EncounterSummary> {
    chart::amend_encounter(&state, &patient_id, &encounter_id, &input)
}

#[tauri::command]
pub async fn list_clinical_alerts(state: State<'_, AppState>) -> Result<Vec<UrgentResult>> {
    chart::list_clinical_alerts(&state)
}

#[tauri::command]
pub async fn acknowledge_clinical_alert(state: State<'_, AppState>, alert_id: String) -> Result<()> {
    chart::acknowledge_clinical_alert(&state, &alert_id)
}

#[tauri::command]
pub async fn prescribe(
    state: State<'_, AppState>,
    patient_id: String,
    input: PrescriptionInput,
    override_reason: Option<String>,
    encounter_id: Option<String>,
) -> Result<PrescriptionEntry> {
    chart::prescribe(&state, &patient_id, &input, override_reason, encounter_id.as_deref())
}

#[tauri::command]
pub async fn change_prescription(
    state: State<'_, AppState>,
    patient_id: String,
    prescription_id: String,
    change: PrescriptionChange,
) -> Result<PrescriptionEntry> {
    chart::change_prescription(&state, &patient_id, &prescription_id, &change)
}

#[tauri::command]
pub async fn save_prescription_pdf(
    state: State<'_, AppState>,
    patient_id: String,
    prescription_ids: Vec<String>,
) -> Result<SavedDocument> {
    chart::save_prescription_pdf(&state, &patient_id, &prescription_ids)
}

#[tauri::command]
pub async fn list_services(state: State<'_, AppState>) -> Result<Vec<Service>> {
    billing::list_services(&state)
}

#[tauri::command]
pub async fn save_service(state: State<'_, AppState>, service_id: Option<String>, input: ServiceInput) -> Result<Service> {
    billing::save_service(&state, service_id.as_deref(), &input)
}

#[tauri::command]
pub async fn get_billing_settings(state: State<'_, AppState>) -> Result<BillingSettings> {
    billing::get_billing_settings(&state)
}

#[tauri::command]
pub async fn save_billing_settings(state: State<'_, AppState>, settings: BillingSettings) -> Result<BillingSettings> {
    billing::save_billing_settings(&state, &settings)
}

#[tauri::command]
pub async fn patient_account(state: State<'_, AppState>, patient_id: String) -> Result<PatientAccount> {
    billing::patient_account(&state, &patient_id)
}

#[tauri::command]
pub async fn get_invoice(state: State<'_, AppState>, invoice_id: String) -> Result<InvoiceView> {
    billing::get_invoice(&state, &invoice_id)
}

#[tauri::command]
pub async fn appointment_invoice_lines(state: State<'_, AppState>, appointment_id: String) -> Result<Vec<InvoiceLineInput>> {
    billing::appointment_invoice_lines(&state, &appointment_id)
}

#[tauri::command]
pub async fn save_invoice_pdf(state: State<'_, AppState>, invoice_id: String, receipt: bool) -> Result<SavedDocument> {
    billing::save_invoice_pdf(&state, &invoice_id, receipt)
}

#[tauri::command]
pub async fn create_invoice(
    state: State<'_, AppState>,
    patient_id: String,
    appointment_id: Option<String>,
    draft: InvoiceDraftInput,
) -> Result<InvoiceView> {
    billing::create_invoice(&state, &patient_id, appointment_id.as_deref(), &draft)
}

#[tauri::command]
pub async fn update_invoice_draft(
    state: State<'_, AppState>,
    invoice_id: String,
    draft: InvoiceDraftInput,
) -> Result<InvoiceView> {
    billing::update_invoice_draft(&state, &invoice_id, &draft)
}

#[tauri::command]
pub async fn issue_invoice(state: State<'_, AppState>, invoice_id: String) -> Result<InvoiceView> {
    billing::issue_invoice(&state, &invoice_id)
}

#[tauri::command]
pub async fn take_payment(state: State<'_, AppState>, invoice_id: String, input: PaymentInput) -> Result<InvoiceView> {
    billing::take_payment(&state, &invoice_id, &input)
}

#[tauri::command]
pub async fn add_insurance_policy(
    state: State<'_, AppState>,
    patient_id: String,
    input: InsurancePolicyInput,
) -> Result<InsurancePolicy> {
    billing::add_insurance_policy(&state, &patient_id, &input)
}

#[tauri::command]
pub async fn void_invoice(state: State<'_, AppState>, invoice_id: String, reason: String) -> Result<InvoiceView> {
    billing::void_invoice(&state, &invoice_id, &reason)
}

#[tauri::command]
pub async fn issue_credit_note(state: State<'_, AppState>, invoice_id: String, draft: InvoiceDraftInput) -> Result<InvoiceView> {
    billing::issue_credit_note(&state, &invoice_id, &draft)
}

#[tauri::command]
pub async fn refund_payment(state: State<'_, AppState>, invoice_id: String, input: RefundInput) -> Result<InvoiceView> {
    billing::refund_payment(&state, &invoice_id, &input)
}

#[tauri::command]
pub async fn create_claim(
    state: State<'_, AppState>,
    invoice_id: String,
    policy_id: String,
    claimed_minor: i64,
) -> Result<Claim> {
    billing::create_claim(&state, &invoice_id, &policy_id, claimed_minor)
}

#[tauri::command]
pub async fn move_claim(state: State<'_, AppState>, claim_id: String, claim_move: ClaimMove) -> Result<Claim> {
    billing::move_claim(&state, &claim_id, &claim_move)
}

#[tauri::command]
pub async fn list_claims(state: State<'_, AppState>, status: Option<ClaimStatus>) -> Result<Vec<ClaimListing>> {
    billing::list_claims(&state, status)
}

#[tauri::command]
pub async fn cash_up(state: State<'_, AppState>, date: String) -> Result<CashUp> {
    billing::cash_up(&state, &date)
}

#[tauri::command]
pub async fn outstanding_balances(state: State<'_, AppState>) -> Result<Vec<OutstandingRow>> {
    billing::outstanding_balances(&state)
}

#[tauri::command]
pub async fn claims_report(state: State<'_, AppState>) -> Result<Vec<ClaimStatusRow>> {
    billing::claims_report(&state)
}

#[tauri::command]
pub async fn export_billing_csv(state: State<'_, AppState>, report: BillingReport, date: Option<String>) -> Result<ExportedFile> {
    billing::export_billing_csv(&state, report, date.as_deref())
}

#[tauri::command]
pub async fn sync_status(state: State<'_, AppState>) -> Result<SyncStatus> {
    sync::sync_status(&state)
}

#[tauri::command]
pub async fn sync_now(state: State<'_, AppState>) -> Result<()> {
    sync::sync_now(&state)
}

#[tauri::command]
pub async fn enrol_site(state: State<'_, AppState>, input: EnrolInput) -> Result<SyncStatus> {
    sync::enrol_site(&state, &input).await
}

#[tauri::command]
pub async fn join_clinic(state: State<'_, AppState>, input: JoinClinicInput) -> Result<SyncStatus> {
    sync::join_clinic(&state, &input).await
}

#[tauri::command]
pub async fn sync_problems(state: State<'_, AppState>) -> Result<Vec<SyncProblemView>> {
    sync::sync_problems(&state)
}

#[tauri::command]
pub async fn list_booking_conflicts(state: State<'_, AppState>) -> Result<Vec<BookingConflict>> {
    sync::list_booking_conflicts(&state)
}

#[tauri::command]
pub async fn resolve_booking_conflict(
    state: State<'_, AppState>,
    conflict_id: String,
    resolution: ConflictResolution,
) -> Result<Vec<BookingConflict>> {
    sync::resolve_booking_conflict(&state, &conflict_id, &resolution)
}
