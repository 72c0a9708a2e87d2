//! Sync commands: the status indicator, "sync now", enrolling this site with the clinic's server,
//! joining an existing clinic as a new site, the problems kept for admins, and the double
//! bookings the front desk settles.

pub mod service;

use clinic_core::sync::{BookingConflict, ConflictResolution};
use clinic_core::{Actor, AuditAction, AuditRecord};
use clinic_store::sync::{Enrolment, SyncLink};
use clinic_store::{SiteSetup, StoreError};
use clinic_sync::engine::Progress;
use clinic_sync::protocol::{EnrolRequest, EnrolResponse, ErrorKind};
use clinic_sync::{SyncClient, SyncError};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{sentence, CommandError, ErrorCode};
use crate::state::{AppState, Authorized, SyncState};
use service::{server_address, Activity};

/// Which half of a sync is running.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum SyncPhase {
    /// This site's changes go to the server.
    Sending,
    /// The clinic's changes come in.
    Receiving,
}

/// Where a running sync has got to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct SyncProgress {
    pub phase: SyncPhase,
    #[ts(type = "number")]
    pub done: i64,
    #[ts(type = "number")]
    pub total: i64,
}

/// What the sync indicator and the sync settings show.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct SyncStatus {
    pub state: SyncState,
    pub server_url: Option<String>,
    pub org_name: Option<String>,
    /// The pinned certificate fingerprint of a self-signed server.
    pub fingerprint: Option<String>,
    pub last_synced_at: Option<String>,
    /// Changes made here waiting for the server.
    #[ts(type = "number")]
    pub waiting: u64,
    /// Double bookings to settle.
    #[ts(type = "number")]
    pub conflicts: u64,
    /// Changes the server refused or that could not be stored here.
    #[ts(type = "number")]
    pub problems: u64,
    pub progress: Option<SyncProgress>,
    /// Changes the last finished sync brought in (the UI re-reads its lists only when some did).
    #[ts(type = "number")]
    pub received: u64,
    /// Why the last sync failed, in plain words.
    pub last_error: Option<String>,
    /// False while a site that joined the clinic is still fetching its records.
    pub initialised: bool,
}

/// What an admin types to enrol this site with the clinic's server.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct EnrolInput {
    pub server_url: String,
    /// The fingerprint the server printed, for a server with a self-signed certificate.
    pub fingerprint: String,
    pub code: String,
}

/// Why an admin unlinks this site from its server, for the alert the clinic's admins review.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct UnlinkInput {
    pub reason: String,
}

/// What the first-run screen sends to join an existing clinic as a new site.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct JoinClinicInput {
    pub server_url: String,
    pub fingerprint: String,
    pub code: String,
    pub site_name: String,
    pub site_code: String,
}

/// Which way a problem change travelled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ProblemDirection {
    /// Made here and refused by the server.
    Sent,
    /// Pulled from the server and not stored here.
    Received,
}

/// A change the server refused or that could not be stored here.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct SyncProblemView {
    pub direction: ProblemDirection,
    pub table: String,
    pub record_id: String,
    pub field: String,
    pub reason: String,
    pub noticed_at: String,
}

/// The indicator's state from the link and what the background sync is doing.
pub fn indicator(link: Option<&SyncLink>, activity: &Activity) -> SyncState {
    match (link, activity.running, &activity.last_failure) {
        (None, _, _) => SyncState::NotConfigured,
        (Some(_), true, _) => SyncState::Syncing,
        (Some(_), false, Some(failure)) if failure.is_transient() => SyncState::Offline,
        (Some(_), false, Some(_)) => SyncState::NeedsAttention,
        (Some(link), false, None) if link.last_error.is_some() => SyncState::Offline,
        (Some(_), false, None) => SyncState::Online,
    }
}

/// The indicator's facts; any session (and the join screen before one) may read them.
pub fn sync_status(state: &AppState) -> Result<SyncStatus, CommandError> {
    let store = state.store()?;
    let link = store.sync_link()?;
    let activity = state.sync.activity();
    let progress = activity.progress.map(|p| match p {
        Progress::Pushing { sent, waiting } => SyncProgress {
            phase: SyncPhase::Sending,
            done: i64::try_from(sent).unwrap_or(i64::MAX),
            total: i64::try_from(waiting).unwrap_or(i64::MAX),
        },
        Progress::Pulling { cursor, head } => SyncProgress { phase: SyncPhase::Receiving, done: cursor, total: head },
        Progress::Copying { records, total } => SyncProgress {
            phase: SyncPhase::Receiving,
            done: i64::try_from(records).unwrap_or(i64::MAX),
            total: i64::try_from(total).unwrap_or(i64::MAX),
        },
    });
    Ok(SyncStatus {
        state: indicator(link.as_ref(), &activity),
        server_url: link.as_ref().map(|l| l.server_url.clone()),
        org_name: link.as_ref().map(|l| l.org_name.clone()),
        fingerprint: link.as_ref().and_then(|l| l.cert_fingerprint.clone()),
        last_synced_at: link.as_ref().and_then(|l| l.last_synced_at.clone()),
        waiting: if link.is_some() { clinic_core::sync::Replica::count_pending(&*store)? } else { 0 },
        conflicts: store.count_booking_conflicts()?,
        problems: store.count_sync_problems()?,
        progress,
        received: activity.last_report.as_ref().map_or(0, |r| r.pulled),
        last_error: activity.last_failure.map(|e| e.to_string()).or_else(|| link.as_ref().and_then(|l| l.last_error.clone())),
        initialised: link.as_ref().is_none_or(|l| l.initialised_at.is_some()),
    })
}

/// Wakes the background sync now.
pub fn sync_now(auth: Authorized<'_>) -> Result<(), CommandError> {
    let state = auth.state;
    // The background sync locks the store itself: let go of it first.
    drop(auth);
    state.sync.now.request();
    Ok(())
}

/// Enrols this (already set-up) site with the clinic's server using a one-time code. Its data
/// then goes to the server with the next sync.
pub async fn enrol_site(state: &AppState, actor: Actor, input: EnrolInput) -> Result<SyncStatus, CommandError> {
    let code = clinic_core::setup::check_enrolment_code(&input.code).map_err(StoreError::from)?;
    let request = {
        let store = state.store()?;
        // Enrolling again would send this site's records to whichever server the code came
        // from: an admin unlinks first, which raises an alert to the clinic's admins.
        if let Some(link) = store.sync_link()? {
            return Err(CommandError::new(
                ErrorCode::Conflict,
                format!("This site already syncs with {} at {}; unlink it first", link.org_name, link.server_url),
            ));
        }
        let site = store.site();
        enrol_request(state, code, &site.site_id, &site.site_code, &site.site_name)?
    };
    let detail = |org: &str| format!("organisation {org}");
    enrol(state, &input.server_url, &input.fingerprint, request, Some(&actor), detail).await
}

/// First run on a new computer of an existing clinic: names this site, enrols it, and starts
/// fetching the clinic's accounts and records. Refused once this installation holds a clinic.
pub async fn join_clinic(state: &AppState, input: JoinClinicInput) -> Result<SyncStatus, CommandError> {
    let site =
        clinic_core::setup::check_joining_site(&input.site_name, &input.site_code, &input.code).map_err(StoreError::from)?;
    let request = {
        let store = state.store()?;
        if store.count_users()? > 0 {
            return Err(CommandError::new(ErrorCode::Conflict, "This computer already holds a clinic; log in instead"));
        }
        if let Some(link) = store.sync_link()? {
            return Err(CommandError::new(
                ErrorCode::Conflict,
                format!("This computer is already joining {}; wait for its records to arrive", link.org_name),
            ));
        }
        enrol_request(state, site.enrolment_code, &store.site().site_id, &site.site_code, &site.site_name)?
    };
    // Nobody is logged in yet: the audit event names no one.
    let detail = |org: &str| format!("joined {org}");
    let status = enrol(state, &input.server_url, &input.fingerprint, request, None, detail).await?;
    tracing::info!("joined the clinic's server; fetching its records");
    Ok(status)
}

/// Sends the enrolment, keeps the token in the keychain and the link in the database, audits it
/// and starts the first sync. Without an actor this is a computer joining the clinic: it takes
/// the clinic's name and the site name and code it asked for.
async fn enrol(
    state: &AppState,
    server_url: &str,
    fingerprint: &str,
    request: EnrolRequest,
    actor: Option<&Actor>,
    detail: impl Fn(&str) -> String,
) -> Result<SyncStatus, CommandError> {
    let joining = actor.is_none();
    let (client, fingerprint) = anonymous_client(server_url, fingerprint)?;
    let answer = client.enrol(&request).await.map_err(|e| enrol_error(e, joining))?;
    state.sync.keys()?.save_token(&request.site_id, &answer.token)?;
    {
        let mut store = state.store()?;
        if joining {
            let setup = SiteSetup {
                clinic_name: answer.org_name.clone(),
                site_name: request.site_name.clone(),
                site_code: request.site_code.clone(),
            };
            store.join_clinic(&setup)?;
        }
        store.save_enrolment(&enrolment(server_url, fingerprint, &answer), joining)?;
        store.audit(&AuditRecord::new(actor, AuditAction::SiteEnrolled).detail(detail(&answer.org_name)))?;
    }
    state.sync.now.request();
    sync_status(state)
}

/// Stops this site syncing: the link is marked unlinked, a security alert and an audit event
/// record who did it and why, and the site's token leaves the keychain. The server still knows
/// the site until its operator revokes it; enrolling again needs a new code.
pub fn unlink_site(mut auth: Authorized<'_>, input: UnlinkInput) -> Result<SyncStatus, CommandError> {
    let actor = auth.actor.clone();
    let site_id = auth.store.site().site_id.clone();
    auth.store.unlink_sync(&actor, &input.reason)?;
    let state = auth.state;
    drop(auth);
    state.sync.keys()?.forget_token(&site_id)?;
    tracing::warn!("this site was unlinked from its sync server by an admin");
    sync_status(state)
}

fn enrol_request(
    state: &AppState,
    code: String,
    site_id: &str,
    site_code: &str,
    site_name: &str,
) -> Result<EnrolRequest, CommandError> {
    Ok(EnrolRequest {
        code,
        site_id: site_id.to_string(),
        site_code: site_code.to_string(),
        site_name: site_name.to_string(),
        install_id: state.sync.install_id()?,
    })
}

fn anonymous_client(url: &str, fingerprint: &str) -> Result<(SyncClient, Option<String>), CommandError> {
    let address = server_address(url, Some(fingerprint))?;
    let pinned = match &address.trust {
        clinic_sync::Trust::Pinned(f) => Some(f.to_string()),
        _ => None,
    };
    let client = SyncClient::new(&address, None).map_err(|e| enrol_error(e, false))?;
    Ok((client, pinned))
}

fn enrolment(url: &str, fingerprint: Option<String>, answer: &EnrolResponse) -> Enrolment {
    Enrolment {
        server_url: url.trim().trim_end_matches('/').to_string(),
        cert_fingerprint: fingerprint,
        org_id: answer.org_id.clone(),
        org_name: answer.org_name.clone(),
    }
}

/// An enrolment failure next to the field that caused it.
fn enrol_error(e: SyncError, joining: bool) -> CommandError {
    let message = sentence(&e.to_string());
    match &e {
        SyncError::BadAddress(_) | SyncError::Unreachable(_) | SyncError::TimedOut => CommandError::field("serverUrl", &message),
        SyncError::Certificate(_) => CommandError::field("fingerprint", &message),
        SyncError::Refused { kind: ErrorKind::BadEnrolmentCode, .. } => CommandError::field("code", &message),
        SyncError::Refused { kind: ErrorKind::SiteTaken, .. } if joining => CommandError::field("siteCode", &message),
        _ => CommandError::new(ErrorCode::Conflict, message),
    }
}

/// The refused and unstorable changes, newest first, for admins.
pub fn sync_problems(auth: Authorized<'_>) -> Result<Vec<SyncProblemView>, CommandError> {
    Ok(auth
        .store
        .sync_problems(200)?
        .into_iter()
        .map(|p| SyncProblemView {
            direction: if p.direction == "push" { ProblemDirection::Sent } else { ProblemDirection::Received },
            table: p.entity.replace('_', " "),
            record_id: p.entity_id,
            field: p.field.replace('_', " "),
            reason: p.reason,
            noticed_at: p.noticed_at,
        })
        .collect())
}

/// Double bookings a sync brought in, for the front desk. Audited as a look at the schedule.
pub fn list_booking_conflicts(mut auth: Authorized<'_>) -> Result<Vec<BookingConflict>, CommandError> {
    let conflicts = auth.store.booking_conflicts()?;
    auth.store.audit(
        &AuditRecord::new(Some(&auth.actor), AuditAction::AppointmentsViewed)
            .detail(format!("double bookings ({})", conflicts.len())),
    )?;
    Ok(conflicts)
}

/// Settles a double booking: cancel one of the two, or keep both.
pub fn resolve_booking_conflict(
    mut auth: Authorized<'_>,
    conflict_id: String,
    resolution: ConflictResolution,
) -> Result<Vec<BookingConflict>, CommandError> {
    let now = auth.now();
    auth.store.resolve_booking_conflict(&auth.actor, &conflict_id, &resolution, now)?;
    Ok(auth.store.booking_conflicts()?)
}
