//! First run and every run: where the data lives, the keychain, the database, the demo clinic.

use std::path::{Path, PathBuf};

use clinic_core::Actor;
use clinic_store::demo::demo_patients;
use clinic_store::demo_chart::seed_demo_charts;
use clinic_store::demo_schedule::seed_demo_schedule;
use clinic_store::{Keychain, SiteSetup, Store, StoreError};

use crate::error::CommandError;
use crate::state::AppState;
use crate::sync::service::SiteKeys;

/// The keychain service under which database keys are kept.
pub const KEYCHAIN_SERVICE: &str = "org.clinicdesk.app";
/// How many appointments the demo clinic's diary starts with.
const DEMO_BOOKINGS: usize = 40;
/// Demo patients with a made-up clinical record.
const DEMO_CHARTS: usize = 30;

/// How many made-up patients a demo clinic starts with.
pub const DEMO_PATIENTS: usize = 250;

/// The data folder: `--data-dir DIR` on the command line, else `CLINIC_DESK_DATA_DIR` when set
/// (tests, portable installs), else the OS's app data folder, else the current folder as a last
/// resort.
pub fn data_dir(os_app_data: Option<PathBuf>) -> PathBuf {
    data_dir_argument(std::env::args_os().skip(1))
        .or_else(|| std::env::var_os("CLINIC_DESK_DATA_DIR").map(PathBuf::from))
        .or(os_app_data)
        .unwrap_or_else(|| PathBuf::from("clinic-desk-data"))
}

/// The folder named by `--data-dir DIR` or `--data-dir=DIR`, if given.
fn data_dir_argument(mut args: impl Iterator<Item = std::ffi::OsString>) -> Option<PathBuf> {
    while let Some(arg) = args.next() {
        if arg == "--data-dir" {
            return args.next().map(PathBuf::from);
        }
        if let Some(dir) = arg.to_str().and_then(|a| a.strip_prefix("--data-dir=")) {
            return Some(PathBuf::from(dir));
        }
    }
    None
}

/// Where exports go: `CLINIC_DESK_EXPORT_DIR` when set, else the user's Downloads folder,
/// else the data folder.
pub fn export_dir(downloads: Option<PathBuf>, data_dir: &Path) -> PathBuf {
    std::env::var_os("CLINIC_DESK_EXPORT_DIR").map(PathBuf::from).or(downloads).unwrap_or_else(|| data_dir.to_path_buf())
}

/// Whether the user asked for a demo clinic (`CLINIC_DESK_DEMO=1`, as `make run` sets it).
fn demo_requested() -> bool {
    std::env::var("CLINIC_DESK_DEMO").is_ok_and(|v| v == "1" || v.eq_ignore_ascii_case("true"))
}

/// Opens (or on first run creates) the database under `data_dir`. A failure does not stop the
/// app: it starts and shows why, so the person at the desk can tell someone what happened.
pub fn open_app_state(data_dir: &Path, export_dir: PathBuf) -> AppState {
    let demo = demo_requested();
    let mut state = match open_store(data_dir, demo) {
        Ok(store) => {
            tracing::info!(site = %store.site().site_code, "database opened");
            let keys = SiteKeys { database: store.path().display().to_string() };
            let state = AppState::ready(store);
            if let Err(e) = state.store().and_then(|mut store| state.sync.attach(keys, &mut store)) {
                tracing::error!("sync cannot start: {}", e.message);
            }
            state
        }
        Err(e) => AppState::failed(CommandError::from(e)),
    };
    state.export_dir = export_dir;
    state.demo = demo;
    state
}

fn open_store(data_dir: &Path, demo: bool) -> Result<Store, StoreError> {
    // Sets the OS keychain (Secret Service on Linux) as the process's credential store.
    if let Err(e) = keyring::Entry::store_status() {
        return Err(StoreError::KeychainUnavailable { detail: e.to_string() });
    }
    let path = data_dir.join("clinic.db");
    let keychain = Keychain::new(KEYCHAIN_SERVICE, format!("database-key:{}", path.display()));
    let setup = if demo {
        SiteSetup {
            clinic_name: "Riverside Family Clinic (demo)".into(),
            site_name: "Front desk".into(),
            site_code: "DEMO".into(),
        }
    } else {
        SiteSetup::with_random_code("Clinic Desk", "This computer")
    };
    Store::open_with_keychain(&path, &keychain, &setup)
}

/// Fills a just-set-up demo clinic with made-up patients, registered by its first admin.
/// There are no demo accounts: setup creates the admin, with the password they choose.
pub fn seed_demo(store: &mut Store, admin: &Actor, now: chrono::DateTime<chrono::Utc>) -> Result<(), StoreError> {
    if store.count_active_patients()? > 0 {
        return Ok(());
    }
    let today = clinic_store::scheduling::clinic_today(now, store.clinic_time_zone()?);
    let mut ids = Vec::with_capacity(DEMO_PATIENTS);
    for input in demo_patients(DEMO_PATIENTS, 2026, today) {
        ids.push(store.create_patient(admin, &input, today)?.id);
    }
    seed_demo_schedule(store, admin, &ids, DEMO_BOOKINGS, now)?;
    // The setup admin is the only account yet, so the made-up history is in their name.
    seed_demo_charts(store, admin, &ids, DEMO_CHARTS, today)?;
    tracing::info!(patients = DEMO_PATIENTS, "demo clinic created");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_data_folder_can_be_given_on_the_command_line() {
        let args = |list: &[&str]| list.iter().map(std::ffi::OsString::from).collect::<Vec<_>>().into_iter();
        assert_eq!(data_dir_argument(args(&["--data-dir", "/tmp/a"])), Some(PathBuf::from("/tmp/a")));
        assert_eq!(data_dir_argument(args(&["--other", "--data-dir=/tmp/b"])), Some(PathBuf::from("/tmp/b")));
        assert_eq!(data_dir_argument(args(&["--data-dir"])), None);
        assert_eq!(data_dir_argument(args(&[])), None);
    }
}
