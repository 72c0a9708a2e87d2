//! Break-the-glass: the access is recorded in the audit trail and raised to admins as an alert.

use clinic_core::ids::{PatientId, SecurityAlertId};
use clinic_core::{Actor, AuditAction, AuditRecord, FieldError, SecurityAlert, ValidationErrors};
use rusqlite::{OptionalExtension, Row};

use crate::{Store, StoreError};

const TABLE: &str = "security_alert";
const MIN_REASON_CHARS: usize = 10;
const MAX_REASON_CHARS: usize = 500;

const ALERT_COLUMNS: &str = "s.id, s.kind, s.user_id, s.username, s.patient_id, \
     CASE WHEN p.id IS NULL THEN NULL ELSE p.given_name || ' ' || p.family_name || ' (' || p.mrn || ')' END, \
     s.reason, s.raised_at, s.acknowledged_at, s.acknowledged_by";

fn alert_from_row(r: &Row<'_>) -> rusqlite::Result<SecurityAlert> {
    Ok(SecurityAlert {
        id: r.get(0)?,
        kind: r.get(1)?,
        user_id: r.get(2)?,
        username: r.get(3)?,
        patient_id: r.get(4)?,
        patient_label: r.get(5)?,
        reason: r.get(6)?,
        raised_at: r.get(7)?,
        acknowledged_at: r.get(8)?,
        acknowledged_by: r.get(9)?,
    })
}

/// Checks a break-the-glass reason: said in words, not a shrug.
pub fn check_reason(reason: &str) -> Result<String, ValidationErrors> {
    let reason = reason.trim();
    let chars = reason.chars().count();
    let problem = if chars < MIN_REASON_CHARS {
        Some(format!("Say why you need this chart (at least {MIN_REASON_CHARS} characters)"))
    } else if chars > MAX_REASON_CHARS {
        Some(format!("Use at most {MAX_REASON_CHARS} characters"))
    } else if reason.chars().any(|c| c.is_control() && c != '\n') {
        Some("Remove the control characters from the reason".into())
    } else {
        None
    };
    match problem {
        Some(message) => Err(ValidationErrors(vec![FieldError { field: "reason".into(), message }])),
        None => Ok(reason.to_string()),
    }
}

impl Store {
    /// Records a break-the-glass access to a patient's chart and raises it to admins, in one
    /// transaction. Returns the alert.
    pub fn break_the_glass(&mut self, actor: &Actor, patient_id: &PatientId, reason: &str) -> Result<SecurityAlert, StoreError> {
        let reason = check_reason(reason)?;
        self.get_patient(patient_id)?;
        let id = SecurityAlertId::new();
        let mut tx = self.write()?;
        let event =
            tx.audit(&AuditRecord::new(Some(actor), AuditAction::BreakTheGlass).patient(patient_id).detail(reason.clone()))?;
        let now = Some(tx.now().to_string());
        tx.insert(
            TABLE,
            id,
            &[
                ("kind", Some("break_the_glass".to_string())),
                ("user_id", Some(actor.user_id.to_string())),
                ("username", Some(actor.username.clone())),
                ("patient_id", Some(patient_id.to_string())),
                ("reason", Some(reason)),
                ("audit_event_id", Some(event)),
                ("raised_at", now),
            ],
        )?;
        tx.commit()?;
        self.security_alert(&id)
    }

    /// Alerts not yet acknowledged, newest first.
    pub fn open_security_alerts(&self) -> Result<Vec<SecurityAlert>, StoreError> {
        let sql = format!(
            "SELECT {ALERT_COLUMNS} FROM security_alert s LEFT JOIN patient p ON p.id = s.patient_id
             WHERE s.acknowledged_at IS NULL AND s.deleted_at IS NULL ORDER BY s.raised_at DESC"
        );
        Ok(self.conn.prepare_cached(&sql)?.query_map([], alert_from_row)?.collect::<Result<_, _>>()?)
    }

    /// An admin marks an alert as reviewed.
    pub fn acknowledge_security_alert(&mut self, actor: &Actor, id: &SecurityAlertId) -> Result<SecurityAlert, StoreError> {
        let alert = self.security_alert(id)?;
        if alert.acknowledged_at.is_some() {
            return Ok(alert);
        }
        let mut tx = self.write()?;
        let now = Some(tx.now().to_string());
        tx.update(TABLE, id, &[("acknowledged_at", now), ("acknowledged_by", Some(actor.username.clone()))])?;
        tx.audit(&AuditRecord::new(Some(actor), AuditAction::SecurityAlertAcknowledged).entity(TABLE, id))?;
        tx.commit()?;
        self.security_alert(id)
    }

    fn security_alert(&self, id: &SecurityAlertId) -> Result<SecurityAlert, StoreError> {
        let sql =
            format!("SELECT {ALERT_COLUMNS} FROM security_alert s LEFT JOIN patient p ON p.id = s.patient_id WHERE s.id = ?1");
        self.conn
            .prepare_cached(&sql)?
            .query_row([id], alert_from_row)
            .optional()?
            .ok_or_else(|| StoreError::not_found(TABLE, id))
    }
}
