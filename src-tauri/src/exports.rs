//! Files written to the exports folder (PDFs, CSVs): named by what they hold and when, on the
//! clinic's wall clock, and never written over an earlier one.

use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::error::{CommandError, ErrorCode};
use crate::state::Authorized;

/// How many names one export tries (`…-2`, `…-3`, …) before it gives up.
const MAX_TRIES: u32 = 100;

/// A new, empty file in the exports folder, `{stem}-{YYYYMMDD-HHMMSS-mmm}.{ext}`, with a count
/// after it when that name is taken (two exports in one millisecond).
pub fn new_export(auth: &Authorized<'_>, stem: &str, ext: &str) -> Result<(File, PathBuf), CommandError> {
    let dir = &auth.state.export_dir;
    std::fs::create_dir_all(dir)
        .map_err(|e| CommandError::new(ErrorCode::Internal, format!("Could not make the folder {}: {e}", dir.display())))?;
    let zone = auth.store.clinic_time_zone()?;
    let stamp = auth.now().with_timezone(&zone).format("%Y%m%d-%H%M%S-%3f");
    for n in 1..=MAX_TRIES {
        let name = if n == 1 { format!("{stem}-{stamp}.{ext}") } else { format!("{stem}-{stamp}-{n}.{ext}") };
        let path = dir.join(name);
        match OpenOptions::new().write(true).create_new(true).open(&path) {
            Ok(file) => return Ok((file, path)),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(could_not_write(&path, e)),
        }
    }
    Err(CommandError::new(ErrorCode::Internal, format!("Could not find a free file name for {stem} in {}", dir.display())))
}

/// Writes `bytes` to a new export and returns where.
pub fn write_export(auth: &Authorized<'_>, stem: &str, ext: &str, bytes: &[u8]) -> Result<PathBuf, CommandError> {
    let (mut file, path) = new_export(auth, stem, ext)?;
    file.write_all(bytes).and_then(|()| file.sync_all()).map_err(|e| could_not_write(&path, e))?;
    Ok(path)
}

/// Writes a CSV export row by row and returns where.
pub fn write_csv_export(
    auth: &Authorized<'_>,
    stem: &str,
    rows: impl FnOnce(&mut csv::Writer<File>) -> Result<(), csv::Error>,
) -> Result<PathBuf, CommandError> {
    let (file, path) = new_export(auth, stem, "csv")?;
    let mut out = csv::Writer::from_writer(file);
    rows(&mut out).and_then(|()| Ok(out.flush()?)).map_err(|e| could_not_write(&path, e))?;
    Ok(path)
}

fn could_not_write(path: &Path, e: impl std::fmt::Display) -> CommandError {
    CommandError::new(ErrorCode::Internal, format!("Could not write {}: {e}", path.display()))
}
