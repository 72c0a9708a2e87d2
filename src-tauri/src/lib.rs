//! The Clinic Desk desktop shell: Tauri commands over `clinic-store`, and the app's start-up.

mod command_names;
mod commands;
pub mod error;
pub mod patients;
pub mod startup;
pub mod state;

use tauri::Manager;
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
            app.manage(startup::open_app_state(&data_dir));
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![
            commands::app_status,
            commands::search_patients,
            commands::list_patients,
            commands::get_patient,
            commands::create_patient,
            commands::update_patient,
            commands::archive_patient,
        ])
        .run(tauri::generate_context!("tauri.conf.json"));
    if let Err(e) = result {
        tracing::error!("Clinic Desk stopped with an error: {e}");
        std::process::exit(1);
    }
}
