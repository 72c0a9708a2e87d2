//! Insurance: a patient's policies and the claims made on them for an invoice.
//!
//! A claim moves draft → submitted → approved (in full) / partially approved / denied, and an
//! approved claim → paid. Denied and paid are final. The payer's money is booked as a payment
//! with method `insurance` on the invoice; the claim only records what was approved and paid.

use crate::ids::{ClaimId, InvoiceId, PatientId, PolicyId};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::scheduling::wire::{opt_ymd, ymd};
use crate::validation::{Collector, FieldError, ValidationErrors};

const MAX_PAYER: usize = 120;
const MAX_MEMBER_ID: usize = 60;
const MAX_DENIAL_REASON: usize = 500;

/// An insurance policy as staff enter it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct InsurancePolicyInput {
    /// The insurer, e.g. "AOK Bayern".
    pub payer: String,
    /// The patient's member number with the payer.
    pub member_id: String,
    /// The group (employer) number, if any.
    pub group_number: Option<String>,
    /// The first day covered.
    #[serde(with = "ymd")]
    #[ts(type = "string")]
    pub valid_from: NaiveDate,
    /// The last day covered; `null` while open-ended.
    #[serde(with = "opt_ymd", default)]
    #[ts(type = "string | null")]
    pub valid_to: Option<NaiveDate>,
}

/// A patient's insurance policy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct InsurancePolicy {
    /// The policy's id (UUIDv7).
    pub id: PolicyId,
    /// The insured patient.
    pub patient_id: PatientId,
    /// The payer, member number and coverage dates.
    #[serde(flatten)]
    pub details: InsurancePolicyInput,
}

impl InsurancePolicyInput {
    /// Checks every field; returns the input trimmed.
    pub fn validate(&self) -> Result<InsurancePolicyInput, ValidationErrors> {
        let mut c = Collector::default();
        let payer = c.text("payer", &self.payer, true, MAX_PAYER).unwrap_or_default();
        let member_id = c.text("memberId", &self.member_id, true, MAX_MEMBER_ID).unwrap_or_default();
        let group_number = c.text("groupNumber", self.group_number.as_deref().unwrap_or(""), false, MAX_MEMBER_ID);
        if self.valid_to.is_some_and(|to| to < self.valid_from) {
            c.add("validTo", "The coverage cannot end before it starts");
        }
        c.finish(InsurancePolicyInput { payer, member_id, group_number, ..self.clone() })
    }

    /// The policy these details describe, under `id`, for `patient_id`.
    pub fn into_policy(self, id: PolicyId, patient_id: PatientId) -> InsurancePolicy {
        InsurancePolicy { id, patient_id, details: self }
    }
}

/// Whether `policy` covers `date` (both ends inclusive).
pub fn policy_covers(policy: &InsurancePolicy, date: NaiveDate) -> bool {
    date >= policy.details.valid_from && policy.details.valid_to.is_none_or(|to| date <= to)
}

/// Where a claim is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ClaimStatus {
    /// Being prepared; not sent yet.
    Draft,
    /// Sent to the payer; waiting for an answer.
    Submitted,
    /// The payer approved the whole amount claimed.
    Approved,
    /// The payer approved part of the amount claimed.
    PartiallyApproved,
    /// The payer refused, with a reason. Final.
    Denied,
    /// The payer paid. Final.
    Paid,
}

impl ClaimStatus {
    /// The status in words, for messages.
    pub fn label(self) -> &'static str {
        match self {
            ClaimStatus::Draft => "a draft",
            ClaimStatus::Submitted => "submitted",
            ClaimStatus::Approved => "approved",
            ClaimStatus::PartiallyApproved => "partially approved",
            ClaimStatus::Denied => "denied",
            ClaimStatus::Paid => "paid",
        }
    }
}

/// A step in a claim's life.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "move", rename_all = "snake_case", rename_all_fields = "camelCase")]
#[ts(export)]
pub enum ClaimMove {
    /// Send the draft to the payer.
    Submit,
    /// The payer approved this much (all of it, or part).
    Approve {
        /// The amount approved, in minor units.
        #[ts(type = "number")]
        approved_minor: i64,
    },
    /// The payer refused.
    Deny {
        /// Why, as the payer said.
        reason: String,
    },
    /// The payer paid this much.
    RecordPayment {
        /// The amount paid, in minor units.
        #[ts(type = "number")]
        paid_minor: i64,
    },
}

/// What a claim's moves have established.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ClaimState {
    /// Where the claim is.
    pub status: ClaimStatus,
    /// What the payer approved, in minor units (0 until approved).
    #[ts(type = "number")]
    pub approved_minor: i64,
    /// What the payer paid, in minor units (0 until paid).
    #[ts(type = "number")]
    pub paid_minor: i64,
    /// Why the payer refused, for a denied claim.
    pub denial_reason: Option<String>,
}

/// A claim for an invoice on one of the patient's policies.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Claim {
    /// The claim's id (UUIDv7).
    pub id: ClaimId,
    /// The invoice claimed for.
    pub invoice_id: InvoiceId,
    /// The policy claimed on.
    pub policy_id: PolicyId,
    /// The amount claimed from the payer, in minor units.
    #[ts(type = "number")]
    pub claimed_minor: i64,
    /// Where the claim is, and what was approved and paid.
    #[serde(flatten)]
    pub state: ClaimState,
}

impl ClaimState {
    /// A new claim: a draft with nothing approved or paid.
    pub fn draft() -> ClaimState {
        ClaimState { status: ClaimStatus::Draft, approved_minor: 0, paid_minor: 0, denial_reason: None }
    }
}

/// Why a claim cannot move.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ClaimError {
    /// The move does not apply to a claim in this status.
    #[error("This claim is {}: it cannot be {action}", .from.label())]
    NotAllowed {
        /// The claim's status.
        from: ClaimStatus,
        /// What was asked, in words.
        action: &'static str,
    },
    /// An amount or reason is wrong.
    #[error(transparent)]
    Invalid(#[from] ValidationErrors),
}

fn refuse(field: &str, message: &str) -> ClaimError {
    ClaimError::Invalid(ValidationErrors(vec![FieldError { field: field.to_string(), message: message.to_string() }]))
}

/// The claim's state after `mv`, for a claim of `claimed_minor`.
pub fn move_claim(current: &ClaimState, claimed_minor: i64, mv: &ClaimMove) -> Result<ClaimState, ClaimError> {
    use ClaimStatus::*;
    let not_allowed = |action| Err(ClaimError::NotAllowed { from: current.status, action });
    match (current.status, mv) {
        (Draft, ClaimMove::Submit) if claimed_minor <= 0 => Err(refuse("claimedMinor", "Claim an amount above zero")),
        (Draft, ClaimMove::Submit) => Ok(ClaimState { status: Submitted, ..current.clone() }),
        (_, ClaimMove::Submit) => not_allowed("submitted"),
        (Submitted, ClaimMove::Approve { approved_minor }) => {
            let approved = *approved_minor;
            if approved <= 0 {
                Err(refuse("approvedMinor", "Approve an amount above zero, or deny the claim"))
            } else if approved > claimed_minor {
                Err(refuse("approvedMinor", "The payer cannot approve more than was claimed"))
            } else {
                let status = if approved == claimed_minor { Approved } else { PartiallyApproved };
                Ok(ClaimState { status, approved_minor: approved, ..current.clone() })
            }
        }
        (_, ClaimMove::Approve { .. }) => not_allowed("approved"),
        (Submitted, ClaimMove::Deny { reason }) => {
            let mut c = Collector::default();
            let reason = c.text("denialReason", reason, true, MAX_DENIAL_REASON);
            let denial_reason = c.finish(reason)?;
            Ok(ClaimState { status: Denied, denial_reason, ..current.clone() })
        }
        (_, ClaimMove::Deny { .. }) => not_allowed("denied"),
        (Approved | PartiallyApproved, ClaimMove::RecordPayment { paid_minor }) => {
            if *paid_minor <= 0 {
                Err(refuse("paidMinor", "Record an amount above zero"))
            } else if *paid_minor > current.approved_minor {
                Err(refuse("paidMinor", "The payer cannot pay more than was approved"))
            } else {
                Ok(ClaimState { status: Paid, paid_minor: *paid_minor, ..current.clone() })
            }
        }
        (_, ClaimMove::RecordPayment { .. }) => not_allowed("paid"),
    }
}

/// What the patient owes of `invoice_total_minor` given the invoice's claim, if any: the total
/// minus what the payer approved. With no claim, a claim not yet answered, or a denied claim,
/// that is the whole total; never below zero.
pub fn patient_share(invoice_total_minor: i64, claim: Option<(ClaimStatus, i64)>) -> i64 {
    let approved = match claim {
        Some((ClaimStatus::Approved | ClaimStatus::PartiallyApproved | ClaimStatus::Paid, approved)) => approved.max(0),
        _ => 0,
    };
    invoice_total_minor.saturating_sub(approved).max(0)
}

#[cfg(test)]
#[path = "claim_tests.rs"]
mod tests;
