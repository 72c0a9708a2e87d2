//! The Clinic Desk desktop shell: Tauri commands over `clinic-store`, and the app's start-up.

pub mod access;
pub mod admin;
pub mod auth;
pub mod billing;
pub mod chart;
pub mod command;
pub mod commands;
pub mod error;
pub mod exports;
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

pub use commands::{COMMANDS, COMMAND_NAMES};
pub use error::{CommandError, ErrorCode};
pub use state::{AppState, AppStatus, SyncState};

/// Starts the app: logging, the database, the window.
pub fn run() {
    tracing_subscriber::fmt()
        .with_env_filter(EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info")))
        .init();
    let result = commands::register(tauri::Builder::default())
        .setup(|app| {
            let data_dir = startup::data_dir(app.path().app_data_dir().ok());
            let export_dir = startup::export_dir(app.path().download_dir().ok(), &data_dir);
            app.manage(startup::open_app_state(&data_dir, export_dir));
            sync_in_background(app.handle().clone());
            Ok(())
        })
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
