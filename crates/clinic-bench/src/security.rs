//! The costs that security adds: a login (argon2id, meant to be slow) and the audit event
//! written on every patient read (meant to be cheap).

use clinic_core::ids::PatientId;
use std::time::{Duration, Instant};

use chrono::Utc;
use clinic_core::password::{hash_password_with, verify_password};
use clinic_core::{Actor, AuditAction, AuditRecord, ClinicSetupInput};
use clinic_store::Store;

use crate::report::Latency;

const PASSWORD: &str = "bench marking passphrase";

/// Sets up the clinic's first admin (one argon2id hash) and returns them as an actor.
pub fn admin(store: &mut Store) -> anyhow::Result<Actor> {
    let setup = ClinicSetupInput {
        clinic_name: "Bench Clinic".into(),
        site_name: "Bench".into(),
        site_code: "BNCH".into(),
        username: "bench.admin".into(),
        display_name: "Bench Admin".into(),
        password: PASSWORD.into(),
    }
    .validate()?;
    let user = store.set_up_clinic(&setup)?;
    Ok(Actor { user_id: user.id, username: user.username, role: user.role })
}

/// An account with `role` made by `admin`, as an actor: each record is made by the role that
/// may make it, since the server authorizes every change by its actor (the front desk registers
/// and books, billing keeps the ledger).
pub fn staff(store: &mut Store, admin: &Actor, username: &str, role: clinic_core::Role) -> anyhow::Result<Actor> {
    let input = clinic_core::NewUserInput {
        username: username.into(),
        display_name: username.into(),
        role: Some(role),
        password: PASSWORD.into(),
    }
    .validate()?;
    let user = store.create_user(admin, &input)?;
    Ok(Actor { user_id: user.id, username: user.username, role: user.role })
}

/// Logins with the right password, and for comparison one argon2id check at OWASP's minimum
/// parameters (19 MiB, 2 passes).
pub fn login(store: &mut Store, rounds: usize) -> anyhow::Result<Vec<Latency>> {
    let mut logins = Vec::with_capacity(rounds);
    for _ in 0..rounds {
        let t = Instant::now();
        std::hint::black_box(store.log_in("bench.admin", PASSWORD, Utc::now())?);
        logins.push(t.elapsed());
    }
    let floor_hash = hash_password_with(PASSWORD, 19_456, 2, 1)?;
    let floor: Vec<Duration> = (0..rounds)
        .map(|_| {
            let t = Instant::now();
            std::hint::black_box(verify_password(PASSWORD, &floor_hash));
            t.elapsed()
        })
        .collect();
    Ok(vec![
        Latency::from_samples("log in (argon2id 64 MiB, t=3)", logins),
        Latency::from_samples("argon2id at OWASP minimum", floor),
    ])
}

/// Opening a patient without and with its audit event, interleaved so both see the same
/// cache and disk state, and the audit write on its own.
pub fn audited_reads(store: &mut Store, actor: &Actor, ids: &[PatientId]) -> anyhow::Result<Vec<Latency>> {
    let mut plain = Vec::with_capacity(ids.len());
    let mut audited = Vec::with_capacity(ids.len());
    let mut audit_only = Vec::with_capacity(ids.len());
    for id in ids {
        let t = Instant::now();
        std::hint::black_box(store.get_patient(id)?);
        plain.push(t.elapsed());
        let t = Instant::now();
        std::hint::black_box(store.read_patient(actor, id)?);
        audited.push(t.elapsed());
        let t = Instant::now();
        store.audit(&AuditRecord::new(Some(actor), AuditAction::PatientViewed).patient(id))?;
        audit_only.push(t.elapsed());
    }
    Ok(vec![
        Latency::from_samples("open one patient", plain),
        Latency::from_samples("open one patient, audited", audited),
        Latency::from_samples("audit event write alone", audit_only),
    ])
}
