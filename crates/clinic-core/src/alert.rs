//! Alerts raised for admins (break-the-glass now; urgent clinical alerts come with the chart).

use crate::ids::{PatientId, SecurityAlertId, UserId};
use serde::Serialize;
use ts_rs::TS;

/// A break-the-glass access an admin should review.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct SecurityAlert {
    pub id: SecurityAlertId,
    pub kind: String,
    pub user_id: UserId,
    pub username: String,
    pub patient_id: Option<PatientId>,
    /// The patient's name and record number, for the admin reviewing it.
    pub patient_label: Option<String>,
    pub reason: String,
    pub raised_at: String,
    pub acknowledged_at: Option<String>,
    pub acknowledged_by: Option<String>,
}
