//! Sessions on the command layer: break-the-glass, idle lock, sessions ended by an admin, a
//! reset password that must be changed, lock and unlock.

mod common;

use clinic_core::{AuditAction, AuditQuery, Role, SiteSettings};
use clinic_desk_lib::patients::ChartAccess;
use clinic_desk_lib::{commands, ErrorCode};
use common::*;

#[test]
fn break_the_glass_opens_one_chart_for_a_while_records_why_and_alerts_admins() {
    let clinic = Clinic::new();
    clinic.log_in(Role::FrontDesk);
    let refused = commands::open_patient_chart(&clinic.state, clinic.patient).expect_err("no clinical access");
    assert_eq!(refused.code, ErrorCode::Forbidden);
    assert!(refused.message.contains("Emergency access"), "{}", refused.message);
    let short = commands::break_the_glass(&clinic.state, clinic.patient, "need".into()).expect_err("reason too short");
    assert_eq!(short.field_errors[0].field, "reason");
    let grant =
        commands::break_the_glass(&clinic.state, clinic.patient, "Collapsed at the desk, ambulance asks for allergies".into())
            .expect("break the glass");
    let chart = commands::open_patient_chart(&clinic.state, clinic.patient).expect("emergency access");
    assert_eq!(chart.access, ChartAccess::BreakTheGlass);
    assert_eq!(chart.access_until.as_deref(), Some(grant.expires_at.as_str()));
    // Only that chart, and only for 30 minutes.
    assert_eq!(
        commands::open_patient_chart(&clinic.state, clinic.other_patient).expect_err("other chart").code,
        ErrorCode::Forbidden
    );
    for _ in 0..7 {
        clinic.advance_minutes(5);
        commands::record_activity(&clinic.state).expect("still active");
    }
    assert_eq!(commands::open_patient_chart(&clinic.state, clinic.patient).expect_err("expired").code, ErrorCode::Forbidden);

    clinic.log_in(Role::Admin);
    let alerts = commands::list_security_alerts(&clinic.state).expect("alerts");
    assert_eq!(alerts.len(), 1);
    assert_eq!(alerts[0].username, username(Role::FrontDesk));
    assert_eq!(alerts[0].reason, "Collapsed at the desk, ambulance asks for allergies");
    assert_eq!(alerts[0].patient_label.as_deref().map(|l| l.starts_with("Ada Okafor")), Some(true));
    commands::acknowledge_security_alert(&clinic.state, alerts[0].id).expect("ack");
    assert!(commands::list_security_alerts(&clinic.state).expect("alerts").is_empty());
    let desk = clinic.actor(Role::FrontDesk).user_id;
    let events = clinic.store().all_audit_events(&AuditQuery { user_id: Some(desk), ..Default::default() }).expect("audit");
    let glass = events.iter().find(|e| e.action == AuditAction::BreakTheGlass).expect("recorded");
    assert_eq!(glass.patient_id.as_deref(), Some(clinic.patient.to_string().as_str()));
    assert!(events.iter().any(|e| e.action == AuditAction::ChartOpened && e.detail.as_deref() == Some("emergency access")));
}

#[test]
fn an_idle_session_locks_and_unlocks_with_the_password() {
    let clinic = Clinic::new();
    clinic.log_in(Role::Admin);
    commands::save_settings(&clinic.state, SiteSettings { idle_lock_minutes: 5, ..SiteSettings::default() }).expect("settings");
    let bad = commands::save_settings(&clinic.state, SiteSettings { idle_lock_minutes: 0, ..SiteSettings::default() })
        .expect_err("range");
    assert_eq!(bad.field_errors[0].field, "idleLockMinutes");
    clinic.log_in(Role::Nurse);
    clinic.advance_minutes(4);
    commands::get_patient(&clinic.state, clinic.patient).expect("active within the idle time");
    clinic.advance_minutes(7);
    let locked = commands::get_patient(&clinic.state, clinic.patient).expect_err("idle");
    assert_eq!(locked.code, ErrorCode::SessionLocked);
    let session = commands::current_session(&clinic.state).expect("session").expect("still there");
    assert!(session.locked);
    assert_eq!(session.idle_lock_minutes, 5);
    assert_eq!(
        commands::unlock_session(&clinic.state, "not the password".into()).expect_err("wrong").code,
        ErrorCode::InvalidCredentials
    );
    assert!(!commands::unlock_session(&clinic.state, PASSWORD.into()).expect("unlock").locked);
    commands::get_patient(&clinic.state, clinic.patient).expect("unlocked");
    // The explicit Lock button.
    assert!(commands::lock_session(&clinic.state).expect("lock").locked);
    assert_eq!(commands::search_patients(&clinic.state, "ada".into(), 5).expect_err("locked").code, ErrorCode::SessionLocked);
    let nurse = clinic.actor(Role::Nurse).user_id;
    let events = clinic.store().all_audit_events(&AuditQuery { user_id: Some(nurse), ..Default::default() }).expect("audit");
    let actions: Vec<AuditAction> = events.iter().map(|e| e.action).collect();
    for action in [AuditAction::SessionLocked, AuditAction::UnlockFailed, AuditAction::SessionUnlocked] {
        assert!(actions.contains(&action), "{action:?} in {actions:?}");
    }
}

#[test]
fn disabling_or_resetting_a_user_ends_their_session() {
    let clinic = Clinic::new();
    let nurse = clinic.actor(Role::Nurse);
    let admin_actor = clinic.actor(Role::Admin);
    clinic.log_in(Role::Nurse);
    // The admin acts elsewhere (another site, arriving by sync, works the same way).
    clinic.store().set_user_status(&admin_actor, &nurse.user_id, clinic_core::UserStatus::Disabled).expect("disable");
    assert_eq!(commands::get_patient(&clinic.state, clinic.patient).expect_err("ended").code, ErrorCode::SessionEnded);
    assert_eq!(commands::current_session(&clinic.state).expect("no session"), None);
    assert_eq!(
        commands::log_in(&clinic.state, username(Role::Nurse), PASSWORD.into()).expect_err("disabled").code,
        ErrorCode::AccountDisabled
    );
    clinic.store().set_user_status(&admin_actor, &nurse.user_id, clinic_core::UserStatus::Active).expect("enable");

    clinic.log_in(Role::Nurse);
    clinic.store().reset_password(&admin_actor, &nurse.user_id, "a temporary passphrase").expect("reset");
    assert_eq!(commands::get_patient(&clinic.state, clinic.patient).expect_err("ended").code, ErrorCode::SessionEnded);
    // The reset password works once, and only to choose a new one.
    let session = commands::log_in(&clinic.state, username(Role::Nurse), "a temporary passphrase".into()).expect("login");
    assert!(session.must_change_password);
    assert_eq!(
        commands::get_patient(&clinic.state, clinic.patient).expect_err("change first").code,
        ErrorCode::PasswordChangeRequired
    );
    let weak =
        commands::change_own_password(&clinic.state, "a temporary passphrase".into(), "password1".into()).expect_err("weak");
    assert_eq!(weak.field_errors[0].field, "newPassword");
    assert!(weak.field_errors[0].message.contains("common"), "{}", weak.field_errors[0].message);
    let changed = commands::change_own_password(&clinic.state, "a temporary passphrase".into(), "my own new passphrase".into())
        .expect("change");
    assert!(!changed.must_change_password);
    commands::get_patient(&clinic.state, clinic.patient).expect("the session goes on after its own password change");
}

#[test]
fn a_role_change_applies_at_the_next_command() {
    let clinic = Clinic::new();
    let doctor = clinic.actor(Role::Doctor).user_id;
    clinic.log_in(Role::Admin);
    clinic.log_in(Role::Doctor);
    commands::open_patient_chart(&clinic.state, clinic.patient).expect("doctor opens the chart");
    let admin_actor = clinic.actor(Role::Admin);
    clinic.store().update_user(&admin_actor, &doctor, "Doctor", Role::Billing).expect("demote");
    assert_eq!(commands::open_patient_chart(&clinic.state, clinic.patient).expect_err("now billing").code, ErrorCode::Forbidden);
    let session = commands::current_session(&clinic.state).expect("session").expect("session");
    assert_eq!(session.role, Role::Billing);
    assert!(session.permissions.contains(&clinic_core::Action::BreakTheGlass));
    let _ = commands::list_users(&clinic.state).expect_err("not an admin");
}
