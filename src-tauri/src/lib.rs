//! The Clinic Desk desktop shell: Tauri commands over `clinic-store`, and the app's start-up.

pub mod access;
pub mod admin;
pub mod auth;
pub mod billing;
pub mod chart;
mod command_names;
mod commands;
pub mod error;
pub mod patients;
mod prescription_pdf;
pub mod schedule;
pub mod session;
pub mod startup;
pub mod state;
pub mod sync;
pub mod users;

use tauri::{Emitter, Manager};
use tracing_subscriber::EnvFilter;

pub use command_names::COMMAND_NAMES;
pub use error::{CommandError, ErrorCode};
pub use state::{AppState, AppStatus, SyncState};

/// Starts the app: logging, the database, the window.
pub fn run() {
    tracing_subscriber::fmt()
        .with_env_filter(EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info")))
        .init();
    let result = tauri::Builder::default()
        .setup(|app| {
            let data_dir = startup::data_dir(app.path().app_data_dir().ok());
            let export_dir = startup::export_dir(app.path().download_dir().ok(), &data_dir);
            app.manage(startup::open_app_state(&data_dir, export_dir));
            sync_in_background(app.handle().clone());
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![
            commands::app_status,
            commands::set_up_clinic,
            commands::log_in,
            commands::current_session,
            commands::lock_session,
            commands::unlock_session,
            commands::log_out,
            commands::record_activity,
            commands::change_own_password,
            commands::search_patients,
            commands::list_patients,
            commands::get_patient,
            commands::create_patient,
            commands::update_patient,
            commands::archive_patient,
            commands::open_patient_chart,
            commands::break_the_glass,
            commands::list_users,
            commands::create_user,
            commands::update_user,
            commands::disable_user,
            commands::enable_user,
            commands::reset_user_password,
            commands::list_audit_events,
            commands::export_audit_csv,
            commands::verify_audit_trail,
            commands::list_security_alerts,
            commands::acknowledge_security_alert,
            commands::save_settings,
            commands::get_settings,
            commands::list_providers,
            commands::save_provider,
            commands::list_schedule_exceptions,
            commands::add_schedule_exception,
            commands::remove_schedule_exception,
            commands::list_appointment_types,
            commands::save_appointment_type,
            commands::calendar,
            commands::book_appointment,
            commands::preview_series,
            commands::book_series,
            commands::reschedule_appointment,
            commands::move_appointment_status,
            commands::next_available_slot,
            commands::todays_queue,
            commands::reminders_due,
            commands::mark_reminded,
            commands::patient_appointments,
            commands::encounter_history,
            commands::check_prescription,
            commands::search_icd10,
            commands::record_allergy,
            commands::change_allergy,
            commands::record_no_known_allergies,
            commands::record_vitals,
            commands::record_lab_result,
            commands::record_condition,
            commands::change_condition,
            commands::save_patient_history,
            commands::save_encounter,
            commands::amend_encounter,
            commands::list_clinical_alerts,
            commands::acknowledge_clinical_alert,
            commands::prescribe,
            commands::change_prescription,
            commands::save_prescription_pdf,
            commands::list_services,
            commands::save_service,
            commands::get_billing_settings,
            commands::save_billing_settings,
            commands::patient_account,
            commands::get_invoice,
            commands::appointment_invoice_lines,
            commands::save_invoice_pdf,
            commands::create_invoice,
            commands::update_invoice_draft,
            commands::issue_invoice,
            commands::take_payment,
            commands::add_insurance_policy,
            commands::void_invoice,
            commands::issue_credit_note,
            commands::refund_payment,
            commands::create_claim,
            commands::move_claim,
            commands::list_claims,
            commands::cash_up,
            commands::outstanding_balances,
            commands::claims_report,
            commands::export_billing_csv,
            commands::sync_status,
            commands::sync_now,
            commands::enrol_site,
            commands::join_clinic,
            commands::sync_problems,
            commands::list_booking_conflicts,
            commands::resolve_booking_conflict,
        ])
        .run(tauri::generate_context!("tauri.conf.json"));
    if let Err(e) = result {
        tracing::error!("Clinic Desk stopped with an error: {e}");
        std::process::exit(1);
    }
}

/// Runs sync for as long as the app runs: on a timer, when asked, and after failures with
/// growing, jittered pauses. The UI hears of each step and of each finished sync.
fn sync_in_background(app: tauri::AppHandle) {
    let now = app.state::<AppState>().sync.now.clone();
    tauri::async_runtime::spawn(async move {
        let cadence = clinic_sync::schedule::Cadence::default();
        clinic_sync::schedule::run_forever(cadence, now, || {
            let app = app.clone();
            async move {
                let state = app.state::<AppState>();
                let notify = || {
                    let _ = app.emit("sync-changed", ());
                };
                sync::service::run_once(&state, &notify).await.map(|result| result.map(drop))
            }
        })
        .await;
    });
}
