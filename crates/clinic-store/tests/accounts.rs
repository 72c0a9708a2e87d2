//! Staff accounts and logins on a real SQLCipher file: the policy, argon2id, lockout with
//! back-off, disabled accounts, password resets, and failures that say nothing about who exists.

mod common;

use std::time::Instant;

use chrono::{Duration, TimeZone, Utc};
use clinic_core::password::hash_password_with;
use clinic_core::{AuditAction, AuditQuery, NewUserInput, Role, UserStatus};
use clinic_store::{Store, StoreError};
use common::*;

fn at(minutes: i64) -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 24, 9, 0, 0).single().expect("time") + Duration::minutes(minutes)
}

fn actions(store: &Store) -> Vec<AuditAction> {
    store.all_audit_events(&AuditQuery::default()).expect("audit").into_iter().map(|e| e.action).collect()
}

fn stored_hash(store: &Store, username: &str) -> String {
    store
        .connection()
        .query_row("SELECT password_hash FROM app_user WHERE username = ?1", [username], |r| r.get(0))
        .expect("hash")
}

#[test]
fn setup_makes_the_first_admin_once_and_names_the_site() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut store, _) = new_store(dir.path());
    assert_eq!(store.count_users().expect("count"), 0);
    let admin = set_up(&mut store);
    assert_eq!(admin.role, Role::Admin);
    assert_eq!(store.site().site_code, "TEST");
    let user = store.get_user(&admin.user_id).expect("admin");
    assert!(!user.must_change_password, "the first admin chose their own password");
    let again = clinic_core::ClinicSetupInput {
        clinic_name: "Other".into(),
        site_name: "X".into(),
        site_code: "OTHR".into(),
        username: "eve".into(),
        display_name: "Eve".into(),
        password: PASSWORD.into(),
    };
    let err = store.set_up_clinic(&again.validate().expect("valid")).expect_err("second setup");
    assert!(matches!(err, StoreError::Conflict(_)), "{err}");
    assert_eq!(store.count_users().expect("count"), 1);
}

#[test]
fn the_hash_is_argon2id_at_the_chosen_parameters_and_old_hashes_are_upgraded_at_login() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut store, _) = new_store(dir.path());
    let admin = set_up(&mut store);
    let hash = stored_hash(&store, "ada");
    assert!(hash.starts_with("$argon2id$v=19$m=65536,t=3,p=1$"), "{hash}");

    // An account hashed at OWASP's minimum by an older version is rehashed at its next login.
    let old = hash_password_with(PASSWORD, 19_456, 2, 1).expect("old hash");
    store
        .connection()
        .execute("UPDATE app_user SET password_hash = ?1 WHERE id = ?2", [old.as_str(), &admin.user_id.to_string()])
        .expect("plant old hash");
    let changed_before = store.password_changed_at(&admin.user_id).expect("changed");
    store.log_in("ada", PASSWORD, at(0)).expect("login with old hash");
    let upgraded = stored_hash(&store, "ada");
    assert!(upgraded.starts_with("$argon2id$v=19$m=65536,t=3,p=1$"), "{upgraded}");
    assert_eq!(store.password_changed_at(&admin.user_id).expect("changed"), changed_before, "a rehash is not a password change");
    store.log_in("ada", PASSWORD, at(1)).expect("login with new hash");
}

#[test]
fn a_weak_password_is_refused_with_a_message_and_nothing_is_saved() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut store, _) = new_store(dir.path());
    let admin = set_up(&mut store);
    for (password, expected) in
        [("short", "at least 8"), ("password123", "most common"), ("nina.nurse", "cannot be the username")]
    {
        let input = NewUserInput {
            username: "nina.nurse".into(),
            display_name: "Nina".into(),
            role: Some(Role::Nurse),
            password: password.into(),
        };
        let errors = input.validate().expect_err(password);
        let message = &errors.for_field("password").expect("password error").message;
        assert!(message.contains(expected), "{password}: {message}");
    }
    let nurse = store.create_user(&admin, &new_user("nina", Role::Nurse)).expect("create");
    let err = store.reset_password(&admin, &nurse.id, "12345678").expect_err("common");
    assert!(matches!(&err, StoreError::Validation(e) if e.for_field("password").is_some()), "{err}");
    store.log_in("nina", PASSWORD, at(0)).expect("the old password still works");
}

#[test]
fn repeated_failures_lock_the_account_with_a_growing_back_off() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut store, _) = new_store(dir.path());
    let admin = set_up(&mut store);
    store.create_user(&admin, &new_user("nina", Role::Nurse)).expect("create");
    for attempt in 1..=4 {
        let err = store.log_in("nina", "wrong password!", at(0)).expect_err("wrong");
        assert!(matches!(err, StoreError::InvalidCredentials), "attempt {attempt}: {err}");
    }
    // The fifth failure locks for a minute; during it even the right password is refused.
    assert!(matches!(store.log_in("nina", "wrong password!", at(0)), Err(StoreError::LockedOut { minutes: 1 })));
    assert!(matches!(store.log_in("nina", PASSWORD, at(0)), Err(StoreError::LockedOut { minutes: 1 })));
    // After it, one more failure locks for two minutes, then four.
    assert!(matches!(store.log_in("nina", "wrong password!", at(2)), Err(StoreError::LockedOut { minutes: 2 })));
    assert!(matches!(store.log_in("nina", PASSWORD, at(3)), Err(StoreError::LockedOut { minutes: 1 })));
    assert!(matches!(store.log_in("nina", "wrong password!", at(5)), Err(StoreError::LockedOut { minutes: 4 })));
    // Once the lockout is over the right password works and the count starts again.
    store.log_in("nina", PASSWORD, at(10)).expect("after the lockout");
    assert!(matches!(store.log_in("nina", "wrong password!", at(10)), Err(StoreError::InvalidCredentials)));
    let recorded = actions(&store);
    assert_eq!(recorded.iter().filter(|a| **a == AuditAction::AccountLockedOut).count(), 3, "each lockout is recorded");
    assert!(recorded.iter().filter(|a| **a == AuditAction::LoginFailed).count() >= 8);
}

#[test]
fn an_unknown_user_fails_like_a_wrong_password_in_about_the_same_time() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut store, _) = new_store(dir.path());
    set_up(&mut store);
    let timed = |store: &mut Store, user: &str, minute: i64| {
        let t = Instant::now();
        let err = store.log_in(user, "not the password", at(minute)).expect_err("fails");
        (t.elapsed().as_secs_f64(), err.to_string())
    };
    timed(&mut store, "nobody", 0); // warms the decoy hash
    let mut unknown = Vec::new();
    let mut wrong = Vec::new();
    for i in 0..3 {
        unknown.push(timed(&mut store, &format!("nobody{i}"), 0));
        wrong.push(timed(&mut store, "ada", 0));
    }
    assert!(unknown.iter().chain(&wrong).all(|(_, message)| *message == unknown[0].1), "same words: {unknown:?} {wrong:?}");
    let median = |v: &mut Vec<(f64, String)>| {
        v.sort_by(|a, b| a.0.total_cmp(&b.0));
        v[1].0
    };
    let (u, w) = (median(&mut unknown), median(&mut wrong));
    // Without the decoy hash an unknown user would fail ~1000x faster; tests run in parallel, so allow noise.
    assert!(u / w > 0.5 && u / w < 2.0, "unknown {u:.3}s vs wrong password {w:.3}s");
    // Unknown names are throttled too, so a lockout does not reveal that a name exists.
    for _ in 0..4 {
        store.log_in("ghost", "x", at(0)).expect_err("fails");
    }
    assert!(matches!(store.log_in("ghost", "x", at(0)), Err(StoreError::LockedOut { .. })));
}

#[test]
fn a_disabled_user_cannot_log_in_until_re_enabled() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut store, _) = new_store(dir.path());
    let admin = set_up(&mut store);
    let nina = store.create_user(&admin, &new_user("nina", Role::Nurse)).expect("create");
    let id = nina.id;
    store.set_user_status(&admin, &id, UserStatus::Disabled).expect("disable");
    assert!(matches!(store.log_in("nina", PASSWORD, at(0)), Err(StoreError::AccountDisabled)));
    // A wrong password for a disabled account says only that the password is wrong.
    assert!(matches!(store.log_in("nina", "wrong password!", at(0)), Err(StoreError::InvalidCredentials)));
    store.set_user_status(&admin, &id, UserStatus::Active).expect("enable");
    store.log_in("nina", PASSWORD, at(0)).expect("re-enabled");
    // The last admin cannot be disabled or demoted, and nobody disables themselves.
    assert!(matches!(store.set_user_status(&admin, &admin.user_id, UserStatus::Disabled), Err(StoreError::Conflict(_))));
    assert!(matches!(store.update_user(&admin, &admin.user_id, "Ada", Role::Doctor), Err(StoreError::Conflict(_))));
    let recorded = actions(&store);
    for action in [AuditAction::UserDisabled, AuditAction::UserEnabled, AuditAction::LoginFailed, AuditAction::LoginSucceeded] {
        assert!(recorded.contains(&action), "{action:?} recorded");
    }
}

#[test]
fn a_reset_password_must_be_changed_and_the_new_one_must_differ() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut store, _) = new_store(dir.path());
    let admin = set_up(&mut store);
    let nina = store.create_user(&admin, &new_user("nina", Role::Nurse)).expect("create");
    assert!(nina.must_change_password, "an admin-set password is temporary");
    let id = nina.id;
    for _ in 0..5 {
        store.log_in("nina", "wrong password!", at(0)).expect_err("wrong");
    }
    let before = store.password_changed_at(&id).expect("changed");
    let reset = store.reset_password(&admin, &id, "temporary passphrase").expect("reset");
    assert!(reset.must_change_password);
    assert_ne!(store.password_changed_at(&id).expect("changed"), before, "a reset ends sessions");
    let user = store.log_in("nina", "temporary passphrase", at(0)).expect("the reset also lifts the lockout");
    assert!(user.must_change_password);
    let nina_actor = clinic_core::Actor { user_id: user.id, username: user.username.clone(), role: user.role };
    let err = store.change_own_password(&nina_actor, "temporary passphrase", "temporary passphrase", at(1)).expect_err("same");
    assert!(matches!(&err, StoreError::Validation(e) if e.for_field("newPassword").is_some()), "{err}");
    let err =
        store.change_own_password(&nina_actor, "not it at all", "a brand new passphrase", at(1)).expect_err("wrong current");
    assert!(matches!(&err, StoreError::Validation(e) if e.for_field("currentPassword").is_some()), "{err}");
    let changed =
        store.change_own_password(&nina_actor, "temporary passphrase", "a brand new passphrase", at(1)).expect("change");
    assert!(!changed.must_change_password);
    assert!(matches!(store.log_in("nina", "temporary passphrase", at(2)), Err(StoreError::InvalidCredentials)));
    store.log_in("nina", "a brand new passphrase", at(2)).expect("new password");
}
