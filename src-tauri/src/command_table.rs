// Every command the app exposes, declared once: its name, its arguments and answer, who may
// call it, and the body that does the work. `command::declare_commands!` makes the Tauri handler, the
// typed function, the access rule, the JSON dispatcher and the TypeScript client of each;
// build.rs reads this same table for the `allow-…` permissions and the window's capability.
//
// An entry: `name(arg: Type, …) -> Answer { [async] Access [on patient_arg] => module::body }`,
// with Access one of `Anyone`, `AnySession`, `UnlockedSession`, `Permission(Action)`, `Chart`
// (see access.rs). The doc comment becomes the TypeScript function's. This file holds only the
// table (build.rs includes it), so its types are in scope in commands.rs.
declare_commands! {
    // Start-up, login and the session
    /// What the app shows before anyone logs in.
    app_status() -> AppStatus { Anyone => auth::app_status }
    /// This build's version ("0.1.0"), shown in the user menu.
    app_version() -> String { Anyone => auth::app_version }
    /// First run: names the clinic and site, creates the first admin and logs them in. In a demo
    /// install it then fills the clinic with made-up patients.
    set_up_clinic(input: ClinicSetupInput) -> SessionInfo { Anyone => auth::set_up_clinic }
    /// Logs a user in, replacing whoever was logged in on this window.
    log_in(username: String, password: String) -> SessionInfo { Anyone => auth::log_in }
    /// The session, if someone is logged in (a locked session included).
    current_session() -> Option<SessionInfo> { Anyone => auth::current_session }
    /// Locks the screen now (the "Lock" button, or the UI's idle timer).
    lock_session() -> SessionInfo { AnySession => auth::lock_session }
    /// Unlocks the screen with the session user's password.
    unlock_session(password: String) -> SessionInfo { AnySession => auth::unlock_session }
    /// Logs out.
    log_out() -> () { AnySession => auth::log_out }
    /// The user is active in the window (typing, clicking): keeps the session from locking.
    record_activity() -> () { UnlockedSession => auth::record_activity }
    /// The user changes their own password (required after a reset).
    change_own_password(current: String, new: String) -> SessionInfo { UnlockedSession => auth::change_own_password }

    // Patients
    /// Ranked patient search for the Ctrl+K box.
    search_patients(query: String, limit: u32) -> Vec<PatientSummary> { Permission(ViewPatients) => patients::search }
    /// One page of the patient list.
    list_patients(request: ListPatientsRequest) -> PatientPage { Permission(ViewPatients) => patients::list }
    /// One patient's demographics.
    get_patient(id: PatientId) -> Patient { Permission(ViewPatients) => patients::get }
    /// Registers a patient.
    create_patient(input: PatientInput) -> Patient { Permission(EditPatients) => patients::create }
    /// Saves an edit of a patient's details.
    update_patient(id: PatientId, input: PatientInput) -> Patient { Permission(EditPatients) => patients::update }
    /// Archives a patient.
    archive_patient(id: PatientId) -> Patient { Permission(EditPatients) => patients::archive }
    /// Opens a patient's chart: for clinical roles, or with an unexpired break-the-glass grant.
    open_patient_chart(id: PatientId) -> PatientChart { Chart on id => patients::open_chart }
    /// Emergency access to a chart for a role without clinical access: recorded with the reason,
    /// raised to admins, and limited in time.
    break_the_glass(id: PatientId, reason: String) -> EmergencyAccess { Permission(BreakTheGlass) => patients::break_the_glass }

    // Staff accounts, the audit trail and settings (admins)
    /// Every account.
    list_users() -> Vec<User> { Permission(ManageUsers) => users::list }
    /// Creates an account with a temporary password the user changes at first login.
    create_user(input: NewUserInput) -> User { Permission(ManageUsers) => users::create }
    /// Changes an account's name and role.
    update_user(id: UserId, input: UserUpdateInput) -> User { Permission(ManageUsers) => users::update }
    /// Disables an account: it can no longer log in, and its session here ends.
    disable_user(id: UserId) -> User { Permission(ManageUsers) => users::disable }
    /// Re-enables a disabled account.
    enable_user(id: UserId) -> User { Permission(ManageUsers) => users::enable }
    /// Sets a temporary password; the user must change it at next login.
    reset_user_password(id: UserId, password: String) -> User { Permission(ManageUsers) => users::reset_password }
    /// A page of the audit trail, newest first. Viewing it is itself audited.
    list_audit_events(filter: AuditFilter, page: u32, page_size: u32) -> AuditPage
        { Permission(ViewAuditTrail) => admin::list_audit_events }
    /// Writes the events matching `filter` to a CSV file in the export folder.
    export_audit_csv(filter: AuditFilter) -> ExportedFile { Permission(ViewAuditTrail) => admin::export_audit_csv }
    /// Checks every link of the audit trail's hash chains.
    verify_audit_trail() -> AuditVerification { Permission(ViewAuditTrail) => admin::verify_audit_trail }
    /// Break-the-glass alerts not yet reviewed.
    list_security_alerts() -> Vec<SecurityAlert> { Permission(ViewAuditTrail) => admin::list_security_alerts }
    /// Marks an alert reviewed.
    acknowledge_security_alert(id: SecurityAlertId) -> SecurityAlert { Permission(ViewAuditTrail) => admin::acknowledge_security_alert }
    /// This site's settings as saved, for the settings screen.
    get_settings() -> SiteSettings { Permission(ManageSettings) => admin::get_settings }
    /// Saves this site's settings.
    save_settings(settings: SiteSettings) -> SiteSettings { Permission(ManageSettings) => admin::save_settings }

    // Scheduling (docs/scheduling.md). Clinic times are wall-clock strings.
    /// Every provider.
    list_providers() -> Vec<Provider> { Permission(ViewSchedule) => schedule::list_providers }
    /// Adds a provider (`id` none) or changes one.
    save_provider(id: Option<ProviderId>, input: ProviderInput) -> Provider { Permission(ManageSchedules) => schedule::save_provider }
    /// A provider's leave and extra sessions.
    list_schedule_exceptions(provider_id: ProviderId) -> Vec<ScheduleException>
        { Permission(ViewSchedule) => schedule::list_schedule_exceptions }
    /// Records leave or an extra session.
    add_schedule_exception(input: ScheduleExceptionInput) -> ScheduleException
        { Permission(ManageSchedules) => schedule::add_schedule_exception }
    /// Removes leave or an extra session.
    remove_schedule_exception(id: ScheduleExceptionId) -> () { Permission(ManageSchedules) => schedule::remove_schedule_exception }
    /// Every appointment type.
    list_appointment_types() -> Vec<AppointmentType> { Permission(ViewSchedule) => schedule::list_appointment_types }
    /// Adds an appointment type (`id` none) or changes one.
    save_appointment_type(id: Option<AppointmentTypeId>, input: AppointmentTypeInput) -> AppointmentType
        { Permission(ManageSchedules) => schedule::save_appointment_type }
    /// `days` clinic days from `from` ("YYYY-MM-DD"), 1 to 7; `None` for `provider_ids` means
    /// every active provider.
    calendar(from: String, days: u32, provider_ids: Option<Vec<ProviderId>>) -> CalendarView
        { Permission(ViewSchedule) => schedule::calendar }
    /// Books one appointment.
    book_appointment(input: BookingInput) -> Appointment { Permission(BookAppointments) => schedule::book_appointment }
    /// Checks every occurrence of a weekly series, saving nothing.
    preview_series(input: BookingInput, recurrence: Recurrence) -> SeriesPreview
        { Permission(BookAppointments) => schedule::preview_series }
    /// Books every occurrence of a weekly series, or none.
    book_series(input: BookingInput, recurrence: Recurrence) -> Vec<Appointment>
        { Permission(BookAppointments) => schedule::book_series }
    /// Moves a scheduled appointment.
    reschedule_appointment(id: AppointmentId, input: RescheduleInput) -> Appointment
        { Permission(BookAppointments) => schedule::reschedule_appointment }
    /// `move` is a Rust keyword, so the command's argument is named `statusMove`.
    move_appointment_status(id: AppointmentId, status_move: StatusMove, reason: Option<String>) -> Appointment
        { Permission(BookAppointments) => schedule::move_appointment_status }
    /// The earliest free slot.
    next_available_slot(request: SlotRequest) -> Option<Slot> { Permission(ViewSchedule) => schedule::next_available_slot }
    /// Today's appointments, every provider, for the front desk's queue.
    todays_queue() -> Vec<Appointment> { Permission(ViewSchedule) => schedule::todays_queue }
    /// Tomorrow's scheduled appointments, with how to reach each patient.
    reminders_due() -> Vec<ReminderItem> { Permission(ViewSchedule) => schedule::reminders_due }
    /// Records that the patient was reminded.
    mark_reminded(id: AppointmentId) -> Appointment { Permission(BookAppointments) => schedule::mark_reminded }
    /// A patient's appointments, newest first.
    patient_appointments(patient_id: PatientId) -> Vec<Appointment> { Permission(ViewSchedule) => schedule::patient_appointments }

    // The chart (docs/chart.md). Reads need clinical access or break-the-glass for that patient;
    // writes need the role's clinical permission.
    /// All versions of one visit note.
    encounter_history(patient_id: PatientId, encounter_id: EncounterId) -> EncounterHistory
        { Chart on patient_id => chart::encounter_history }
    /// The allergy warnings for a medication; empty when there is none.
    check_prescription(patient_id: PatientId, medication: String) -> Vec<AllergyConflict>
        { Chart on patient_id => chart::check_prescription }
    /// ICD-10-CM codes for what a doctor typed (a code list, no patient data: not audited).
    search_icd10(query: String) -> Vec<Icd10Code> { Permission(ViewChart) => chart::search_icd10 }
    /// Records an allergy.
    record_allergy(patient_id: PatientId, input: AllergyInput) -> Allergy
        { Permission(RecordObservations) on patient_id => chart::record_allergy }
    /// Corrects an allergy or changes its status.
    change_allergy(patient_id: PatientId, allergy_id: AllergyId, input: AllergyInput) -> Allergy
        { Permission(RecordObservations) on patient_id => chart::change_allergy }
    /// Records "no known allergies".
    record_no_known_allergies(patient_id: PatientId) -> AllergyRecord
        { Permission(RecordObservations) on patient_id => chart::record_no_known_allergies }
    /// Records vital signs.
    record_vitals(patient_id: PatientId, input: VitalsInput) -> VitalsReading
        { Permission(RecordObservations) on patient_id => chart::record_vitals }
    /// Records a lab result (an abnormal one raises an urgent alert).
    record_lab_result(patient_id: PatientId, input: LabResultInput) -> LabEntry
        { Permission(RecordObservations) on patient_id => chart::record_lab_result }
    /// Adds a problem to the list.
    record_condition(patient_id: PatientId, input: ConditionInput) -> Condition
        { Permission(WriteClinicalNotes) on patient_id => chart::record_condition }
    /// Changes a problem (resolves it, corrects it).
    change_condition(patient_id: PatientId, condition_id: ConditionId, input: ConditionInput) -> Condition
        { Permission(WriteClinicalNotes) on patient_id => chart::change_condition }
    /// Saves the family and social history.
    save_patient_history(patient_id: PatientId, input: PatientHistoryInput) -> PatientHistory
        { Permission(WriteClinicalNotes) on patient_id => chart::save_patient_history }
    /// A null `encounterId` starts a new note; a signed note is refused ("conflict"): amend it instead.
    save_encounter(
        patient_id: PatientId,
        encounter_id: Option<EncounterId>,
        appointment_id: Option<AppointmentId>,
        note: EncounterInput,
        sign: bool,
    ) -> EncounterSummary
        { Permission(WriteClinicalNotes) on patient_id => chart::save_encounter }
    /// Amends a signed visit note.
    amend_encounter(patient_id: PatientId, encounter_id: EncounterId, input: AmendmentInput) -> EncounterSummary
        { Permission(WriteClinicalNotes) on patient_id => chart::amend_encounter }
    /// Open urgent results for this doctor or for any doctor.
    list_clinical_alerts() -> Vec<UrgentResult> { Permission(WriteClinicalNotes) => chart::list_clinical_alerts }
    /// Closes an urgent result.
    acknowledge_clinical_alert(alert_id: ResultAlertId) -> () { Permission(WriteClinicalNotes) => chart::acknowledge_clinical_alert }
    /// `overrideReason` is needed (10+ characters) when the medication matches an active allergy.
    prescribe(
        patient_id: PatientId,
        input: PrescriptionInput,
        override_reason: Option<String>,
        encounter_id: Option<EncounterId>,
    ) -> PrescriptionEntry
        { Permission(Prescribe) on patient_id => chart::prescribe }
    /// Completes or stops a prescription.
    change_prescription(patient_id: PatientId, prescription_id: PrescriptionId, change: PrescriptionChange) -> PrescriptionEntry
        { Permission(Prescribe) on patient_id => chart::change_prescription }
    /// Writes the prescriptions' PDF to the clinic's documents folder and says where.
    save_prescription_pdf(patient_id: PatientId, prescription_ids: Vec<PrescriptionId>) -> SavedDocument
        { Permission(Prescribe) on patient_id => chart::save_prescription_pdf }

    // Billing (docs/billing.md). Money is in integer minor units of the invoice's currency.
    /// The fee schedule, active services first.
    list_services() -> Vec<Service> { Permission(ViewBilling) => billing::list_services }
    /// A null `serviceId` adds a service to the fee schedule.
    save_service(service_id: Option<ServiceId>, input: ServiceInput) -> Service
        { Permission(ManageBilling) => billing::save_service }
    /// The clinic's currency for new invoices and its details printed on them.
    get_billing_settings() -> BillingSettings { Permission(ViewBilling) => billing::get_billing_settings }
    /// Saves the billing settings.
    save_billing_settings(settings: BillingSettings) -> BillingSettings
        { Permission(ManageBilling) => billing::save_billing_settings }
    /// Invoices (newest first), policies, claims and the balance of the open invoices.
    patient_account(patient_id: PatientId) -> PatientAccount { Permission(ViewBilling) => billing::patient_account }
    /// One invoice.
    get_invoice(invoice_id: InvoiceId) -> InvoiceView { Permission(ViewBilling) => billing::get_invoice }
    /// The fee-schedule lines of the appointment's type, to start an invoice from; empty when none.
    appointment_invoice_lines(appointment_id: AppointmentId) -> Vec<InvoiceLineInput>
        { Permission(ViewBilling) => billing::appointment_invoice_lines }
    /// Writes the invoice's PDF (or, with `receipt`, the receipt of its payments) and says where.
    save_invoice_pdf(invoice_id: InvoiceId, receipt: bool) -> SavedDocument { Permission(ViewBilling) => billing::save_invoice_pdf }
    /// Starts a draft invoice in the clinic's currency.
    create_invoice(patient_id: PatientId, appointment_id: Option<AppointmentId>, draft: InvoiceDraftInput) -> InvoiceView
        { Permission(TakePayments) => billing::create_invoice }
    /// Refused ("conflict") once the invoice is issued.
    update_invoice_draft(invoice_id: InvoiceId, draft: InvoiceDraftInput) -> InvoiceView
        { Permission(TakePayments) => billing::update_invoice_draft }
    /// Numbers the invoice `<SITE>-<YEAR>-<NNNNN>`; it never changes again.
    issue_invoice(invoice_id: InvoiceId) -> InvoiceView { Permission(TakePayments) => billing::issue_invoice }
    /// More than the balance is refused ("conflict").
    take_payment(invoice_id: InvoiceId, input: PaymentInput) -> InvoiceView { Permission(TakePayments) => billing::take_payment }
    /// Records a patient's insurance policy.
    add_insurance_policy(patient_id: PatientId, input: InsurancePolicyInput) -> InsurancePolicy
        { Permission(TakePayments) => billing::add_insurance_policy }
    /// Voids an issued invoice with a reason.
    void_invoice(invoice_id: InvoiceId, reason: String) -> InvoiceView { Permission(ManageBilling) => billing::void_invoice }
    /// Issues a credit note against the invoice; returns the credit note.
    issue_credit_note(invoice_id: InvoiceId, draft: InvoiceDraftInput) -> InvoiceView
        { Permission(ManageBilling) => billing::issue_credit_note }
    /// Gives money back.
    refund_payment(invoice_id: InvoiceId, input: RefundInput) -> InvoiceView { Permission(ManageBilling) => billing::refund_payment }
    /// Starts a claim for an invoice.
    create_claim(invoice_id: InvoiceId, policy_id: PolicyId, claimed_minor: i64) -> Claim
        { Permission(ManageBilling) => billing::create_claim }
    /// `move` is a Rust keyword, so the command's argument is named `claimMove`.
    move_claim(claim_id: ClaimId, claim_move: ClaimMove) -> Claim { Permission(ManageBilling) => billing::move_claim }
    /// Every claim, or those in one status.
    list_claims(status: Option<ClaimStatus>) -> Vec<ClaimListing> { Permission(ManageBilling) => billing::list_claims }
    /// The day's payments by method ("YYYY-MM-DD", the clinic's day).
    cash_up(date: String) -> CashUp { Permission(ViewBillingReports) => billing::cash_up }
    /// Outstanding balances by patient and age.
    outstanding_balances() -> Vec<OutstandingRow> { Permission(ViewBillingReports) => billing::outstanding_balances }
    /// Claims by status.
    claims_report() -> Vec<ClaimStatusRow> { Permission(ViewBillingReports) => billing::claims_report }
    /// Writes a report as CSV; `date` is the cash-up's day, null for the others.
    export_billing_csv(report: BillingReport, date: Option<String>) -> ExportedFile
        { Permission(ViewBillingReports) => billing::export_billing_csv }

    // Sync with the clinic's server (docs/sync.md). The indicator needs no session: a joining
    // site shows its progress before anyone can log in.
    /// The indicator's facts; any session (and the join screen before one) may read them.
    sync_status() -> SyncStatus { Anyone => sync::sync_status }
    /// Wakes the background sync; it reports through sync_status and the "sync-changed" event.
    sync_now() -> () { UnlockedSession => sync::sync_now }
    /// Enrols this (already set-up) site with the clinic's server using a one-time code. Its data
    /// then goes to the server with the next sync.
    enrol_site(input: EnrolInput) -> SyncStatus { async Permission(ManageSettings) => sync::enrol_site }
    /// Stops this site syncing, with the reason; raises a security alert to the clinic's admins.
    unlink_site(input: UnlinkInput) -> SyncStatus { Permission(ManageSettings) => sync::unlink_site }
    /// First run on a new computer of an existing clinic; its records then arrive in the background.
    join_clinic(input: JoinClinicInput) -> SyncStatus { async Anyone => sync::join_clinic }
    /// The refused and unstorable changes, newest first, for admins.
    sync_problems() -> Vec<SyncProblemView> { Permission(ManageSettings) => sync::sync_problems }
    /// Double bookings a sync brought in, for the front desk. Audited as a look at the schedule.
    list_booking_conflicts() -> Vec<BookingConflict> { Permission(ViewSchedule) => sync::list_booking_conflicts }
    /// Returns the double bookings still to settle.
    resolve_booking_conflict(conflict_id: String, resolution: ConflictResolution) -> Vec<BookingConflict>
        { Permission(BookAppointments) => sync::resolve_booking_conflict }
}

