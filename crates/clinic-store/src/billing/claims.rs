//! Insurance policies and claims.

use clinic_core::billing::{
    move_claim, policy_covers, Claim, ClaimError, ClaimMove, ClaimState, InsurancePolicy, InsurancePolicyInput, InvoiceKind,
    InvoiceStatus,
};
use clinic_core::ids::{ClaimId, InvoiceId, PatientId, PolicyId};
use clinic_core::{new_id, Actor, AuditAction, AuditRecord};
use rusqlite::OptionalExtension;

use crate::codes::{code, from_code};
use crate::rows::parse_date;
use crate::{Store, StoreError};

const POLICY_COLUMNS: &str = "id, patient_id, payer, member_id, group_number, valid_from, valid_to";
pub(crate) const CLAIM_COLUMNS: &str =
    "id, invoice_id, policy_id, claimed_minor, status, approved_minor, paid_minor, denial_reason";

fn policy_from_row(r: &rusqlite::Row<'_>) -> crate::rows::RowResult<InsurancePolicy> {
    const T: &str = "insurance_policy";
    let (id, patient_id, payer, member_id, group_number, valid_from, valid_to): (
        PolicyId,
        PatientId,
        String,
        String,
        Option<String>,
        String,
        Option<String>,
    ) = (r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?);
    Ok((|| {
        Ok(InsurancePolicy {
            id,
            patient_id,
            details: InsurancePolicyInput {
                payer,
                member_id,
                group_number,
                valid_from: parse_date(&valid_from, T, "valid_from")?,
                valid_to: valid_to.map(|d| parse_date(&d, T, "valid_to")).transpose()?,
            },
        })
    })())
}

pub(crate) fn claim_from_row(r: &rusqlite::Row<'_>) -> crate::rows::RowResult<Claim> {
    let (id, invoice_id, policy_id, claimed_minor, status): (ClaimId, InvoiceId, PolicyId, i64, String) =
        (r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?);
    let (approved, paid, denial_reason): (Option<i64>, Option<i64>, Option<String>) = (r.get(5)?, r.get(6)?, r.get(7)?);
    Ok(from_code(&status, "claim", "status").map(|status| Claim {
        id,
        invoice_id,
        policy_id,
        claimed_minor,
        state: ClaimState { status, approved_minor: approved.unwrap_or(0), paid_minor: paid.unwrap_or(0), denial_reason },
    }))
}

fn policy_columns(p: &InsurancePolicyInput) -> Vec<(&'static str, Option<String>)> {
    vec![
        ("payer", Some(p.payer.clone())),
        ("member_id", Some(p.member_id.clone())),
        ("group_number", p.group_number.clone()),
        ("valid_from", Some(p.valid_from.format("%Y-%m-%d").to_string())),
        ("valid_to", p.valid_to.map(|d| d.format("%Y-%m-%d").to_string())),
    ]
}

impl Store {
    /// A patient's insurance policies, newest cover first.
    pub fn list_policies(&self, patient_id: &PatientId) -> Result<Vec<InsurancePolicy>, StoreError> {
        self.conn
            .prepare_cached(&format!(
                "SELECT {POLICY_COLUMNS} FROM insurance_policy WHERE patient_id = ?1 AND deleted_at IS NULL ORDER BY valid_from DESC, id"
            ))?
            .query_map([patient_id], policy_from_row)?
            .collect::<Result<Result<Vec<_>, _>, _>>()?
    }

    /// Records a patient's insurance policy. Audited.
    pub fn add_policy(
        &mut self,
        actor: &Actor,
        patient_id: &PatientId,
        input: &InsurancePolicyInput,
    ) -> Result<InsurancePolicy, StoreError> {
        let input = input.validate()?;
        self.get_patient(patient_id)?;
        let id = PolicyId::new();
        let mut tx = self.write()?;
        let mut columns = policy_columns(&input);
        columns.push(("patient_id", Some(patient_id.to_string())));
        tx.insert("insurance_policy", id, &columns)?;
        tx.audit(
            &AuditRecord::new(Some(actor), AuditAction::InsurancePolicyChanged)
                .patient(patient_id)
                .entity("insurance_policy", id),
        )?;
        tx.commit()?;
        Ok(input.into_policy(id, *patient_id))
    }

    /// One claim.
    pub fn get_claim(&self, id: &ClaimId) -> Result<Claim, StoreError> {
        self.conn
            .prepare_cached(&format!("SELECT {CLAIM_COLUMNS} FROM claim WHERE id = ?1 AND deleted_at IS NULL"))?
            .query_row([id], claim_from_row)
            .optional()?
            .ok_or_else(|| StoreError::not_found("claim", id))?
    }

    /// Starts a draft claim for an issued invoice on one of the patient's policies that covers
    /// the day of issue; at most the invoice's total, one open claim per invoice. Audited.
    pub fn create_claim(
        &mut self,
        actor: &Actor,
        invoice_id: &InvoiceId,
        policy_id: &PolicyId,
        claimed_minor: i64,
    ) -> Result<Claim, StoreError> {
        let invoice = self.get_invoice(invoice_id)?;
        let policy = self
            .list_policies(&invoice.patient_id)?
            .into_iter()
            .find(|p| p.id == *policy_id)
            .ok_or_else(|| StoreError::not_found("insurance_policy", policy_id))?;
        let issued_on = match (invoice.kind, invoice.status, invoice.issued_on) {
            (InvoiceKind::Invoice, InvoiceStatus::Issued | InvoiceStatus::PartiallyPaid | InvoiceStatus::Paid, Some(d)) => d,
            _ => return Err(StoreError::Conflict("Only an issued invoice is claimed".into())),
        };
        if !policy_covers(&policy, issued_on) {
            return Err(StoreError::Conflict(format!("{} does not cover the invoice's date", policy.details.payer)));
        }
        let claimable = invoice.totals.total_minor.saturating_sub(invoice.credited_minor);
        if claimed_minor <= 0 || claimed_minor > claimable {
            let errors = clinic_core::ValidationErrors(vec![clinic_core::FieldError {
                field: "claimedMinor".into(),
                message: "Claim more than zero and at most the invoice's total less its credit notes".into(),
            }]);
            return Err(StoreError::Validation(errors));
        }
        if self.open_claim(invoice_id)?.is_some() {
            return Err(StoreError::Conflict("This invoice already has a claim".into()));
        }
        let id = ClaimId::new();
        let mut tx = self.write()?;
        tx.insert(
            "claim",
            id,
            &[
                ("invoice_id", Some(invoice_id.to_string())),
                ("policy_id", Some(policy_id.to_string())),
                ("patient_id", Some(invoice.patient_id.to_string())),
                ("claimed_minor", Some(claimed_minor.to_string())),
                ("status", code(&ClaimState::draft().status)),
            ],
        )?;
        tx.audit(
            &AuditRecord::new(Some(actor), AuditAction::ClaimChanged)
                .patient(&invoice.patient_id)
                .entity("claim", id)
                .detail("created"),
        )?;
        tx.commit()?;
        self.get_claim(&id)
    }

    /// The claim on `invoice_id` that is not denied, if any.
    pub(crate) fn open_claim(&self, invoice_id: &InvoiceId) -> Result<Option<ClaimId>, StoreError> {
        Ok(self
            .conn
            .prepare_cached("SELECT id FROM claim WHERE invoice_id = ?1 AND status <> 'denied' AND deleted_at IS NULL")?
            .query_row([invoice_id], |r| r.get(0))
            .optional()?)
    }

    /// Moves a claim along (submit, approve, deny, record the payer's payment). The payer's
    /// payment is also recorded on the invoice as an insurance payment (at most what is still
    /// due), in the same transaction, so the claim and the balance agree. Audited.
    pub fn move_claim(&mut self, actor: &Actor, claim_id: &ClaimId, mv: &ClaimMove) -> Result<Claim, StoreError> {
        let claim = self.get_claim(claim_id)?;
        let invoice = self.get_invoice(&claim.invoice_id)?;
        if invoice.status == InvoiceStatus::Void {
            return Err(StoreError::Conflict("The invoice of this claim is void".into()));
        }
        let next = move_claim(&claim.state, claim.claimed_minor, mv).map_err(|e| match e {
            ClaimError::Invalid(errors) => StoreError::Validation(errors),
            other => StoreError::Conflict(other.to_string()),
        })?;
        let patient: PatientId = self.conn.query_row("SELECT patient_id FROM claim WHERE id = ?1", [claim_id], |r| r.get(0))?;
        let mut tx = self.write()?;
        tx.update(
            "claim",
            claim_id,
            &[
                ("status", code(&next.status)),
                ("approved_minor", Some(next.approved_minor.to_string())),
                ("paid_minor", Some(next.paid_minor.to_string())),
                ("denial_reason", next.denial_reason.clone()),
            ],
        )?;
        if let ClaimMove::RecordPayment { paid_minor } = mv {
            let amount = (*paid_minor).min(invoice.balance_minor);
            if amount > 0 {
                tx.insert(
                    "payment",
                    new_id(),
                    &[
                        ("invoice_id", Some(invoice.id.to_string())),
                        ("patient_id", Some(invoice.patient_id.to_string())),
                        ("amount_minor", Some(amount.to_string())),
                        ("method", code(&clinic_core::billing::PaymentMethod::Insurance)),
                        ("reference", Some(format!("claim {claim_id}"))),
                        ("received_on", Some(tx.now()[..10].to_string())),
                        ("recorded_by", Some(actor.user_id.to_string())),
                    ],
                )?;
            }
        }
        tx.audit(
            &AuditRecord::new(Some(actor), AuditAction::ClaimChanged)
                .patient(&patient)
                .entity("claim", claim_id)
                .detail(format!("to {}", code(&next.status).unwrap_or_default())),
        )?;
        tx.commit()?;
        self.get_claim(claim_id)
    }
}
