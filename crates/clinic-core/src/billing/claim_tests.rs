use super::*;
use crate::ids::test_id;

const CLAIMED: i64 = 10_000;
const ALL: [ClaimStatus; 6] = [
    ClaimStatus::Draft,
    ClaimStatus::Submitted,
    ClaimStatus::Approved,
    ClaimStatus::PartiallyApproved,
    ClaimStatus::Denied,
    ClaimStatus::Paid,
];

fn day(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("date")
}

fn policy_input() -> InsurancePolicyInput {
    InsurancePolicyInput {
        payer: " Mutual Health ".into(),
        member_id: " M-123 ".into(),
        group_number: Some(" ".into()),
        valid_from: day("2026-01-01"),
        valid_to: Some(day("2026-12-31")),
    }
}

fn state(status: ClaimStatus, approved_minor: i64) -> ClaimState {
    ClaimState { status, approved_minor, ..ClaimState::draft() }
}

fn moves() -> [ClaimMove; 4] {
    [
        ClaimMove::Submit,
        ClaimMove::Approve { approved_minor: 6_000 },
        ClaimMove::Deny { reason: "Not covered".into() },
        ClaimMove::RecordPayment { paid_minor: 6_000 },
    ]
}

fn field_of(result: Result<ClaimState, ClaimError>, field: &str) -> bool {
    matches!(result, Err(ClaimError::Invalid(errors)) if errors.for_field(field).is_some())
}

#[test]
fn a_good_policy_is_trimmed() {
    let p = policy_input().validate().expect("valid");
    assert_eq!((p.payer.as_str(), p.member_id.as_str(), p.group_number.as_deref()), ("Mutual Health", "M-123", None));
    let one_day = InsurancePolicyInput { valid_to: Some(day("2026-01-01")), ..policy_input() };
    assert!(one_day.validate().is_ok());
    let json = serde_json::to_value(p.into_policy(test_id("pol-1"), test_id("pat-1"))).expect("json");
    assert_eq!((json["validFrom"].as_str(), json["validTo"].as_str()), (Some("2026-01-01"), Some("2026-12-31")));
    assert_eq!(
        (json["patientId"].as_str(), json["memberId"].as_str()),
        (Some(test_id::<PatientId>("pat-1").to_string().as_str()), Some("M-123"))
    );
}

#[test]
fn policy_fields_are_checked() {
    let bad = InsurancePolicyInput {
        payer: " ".into(),
        member_id: "m".repeat(61),
        group_number: Some("g".repeat(61)),
        valid_to: Some(day("2025-12-31")),
        ..policy_input()
    };
    let errors = bad.validate().expect_err("invalid");
    for field in ["payer", "memberId", "groupNumber", "validTo"] {
        assert!(errors.for_field(field).is_some(), "{field}: {errors}");
    }
}

#[test]
fn a_policy_covers_its_dates_inclusive() {
    let closed = policy_input().into_policy(test_id("p"), test_id("pat"));
    assert!(!policy_covers(&closed, day("2025-12-31")));
    assert!(policy_covers(&closed, day("2026-01-01")));
    assert!(policy_covers(&closed, day("2026-12-31")));
    assert!(!policy_covers(&closed, day("2027-01-01")));
    let open = InsurancePolicyInput { valid_to: None, ..policy_input() }.into_policy(test_id("p"), test_id("pat"));
    assert!(!policy_covers(&open, day("2025-12-31")));
    assert!(policy_covers(&open, day("2099-01-01")));
}

#[test]
fn the_whole_lifecycle_in_full() {
    let submitted = move_claim(&ClaimState::draft(), CLAIMED, &ClaimMove::Submit).expect("submit");
    assert_eq!(submitted, state(ClaimStatus::Submitted, 0));
    let approved = move_claim(&submitted, CLAIMED, &ClaimMove::Approve { approved_minor: CLAIMED }).expect("approve");
    assert_eq!(approved, state(ClaimStatus::Approved, CLAIMED));
    let paid = move_claim(&approved, CLAIMED, &ClaimMove::RecordPayment { paid_minor: CLAIMED }).expect("pay");
    assert_eq!(paid, ClaimState { status: ClaimStatus::Paid, approved_minor: CLAIMED, paid_minor: CLAIMED, denial_reason: None });
}

#[test]
fn partial_approval_and_payment() {
    let submitted = state(ClaimStatus::Submitted, 0);
    let partial = move_claim(&submitted, CLAIMED, &ClaimMove::Approve { approved_minor: CLAIMED - 1 }).expect("partial");
    assert_eq!(partial, state(ClaimStatus::PartiallyApproved, CLAIMED - 1));
    let one = move_claim(&submitted, CLAIMED, &ClaimMove::Approve { approved_minor: 1 }).expect("one cent");
    assert_eq!(one.status, ClaimStatus::PartiallyApproved);
    let paid = move_claim(&partial, CLAIMED, &ClaimMove::RecordPayment { paid_minor: CLAIMED - 1 }).expect("paid");
    assert_eq!((paid.status, paid.paid_minor), (ClaimStatus::Paid, CLAIMED - 1));
    // The payer may pay less than approved; the rest stays on the patient's balance.
    let short = move_claim(&partial, CLAIMED, &ClaimMove::RecordPayment { paid_minor: 1 }).expect("short");
    assert_eq!((short.status, short.approved_minor, short.paid_minor), (ClaimStatus::Paid, CLAIMED - 1, 1));
}

#[test]
fn amounts_are_checked_at_their_edges() {
    let submitted = state(ClaimStatus::Submitted, 0);
    for bad in [0, -1, CLAIMED + 1] {
        assert!(field_of(move_claim(&submitted, CLAIMED, &ClaimMove::Approve { approved_minor: bad }), "approvedMinor"), "{bad}");
    }
    let partial = state(ClaimStatus::PartiallyApproved, 6_000);
    for bad in [0, -1, 6_001] {
        assert!(field_of(move_claim(&partial, CLAIMED, &ClaimMove::RecordPayment { paid_minor: bad }), "paidMinor"), "{bad}");
    }
    for claimed in [0, -1] {
        assert!(field_of(move_claim(&ClaimState::draft(), claimed, &ClaimMove::Submit), "claimedMinor"), "{claimed}");
    }
}

#[test]
fn a_denial_needs_a_reason() {
    let submitted = state(ClaimStatus::Submitted, 0);
    let denied = move_claim(&submitted, CLAIMED, &ClaimMove::Deny { reason: "  Not covered ".into() }).expect("deny");
    assert_eq!((denied.status, denied.denial_reason.as_deref()), (ClaimStatus::Denied, Some("Not covered")));
    for reason in ["", "   "] {
        assert!(field_of(move_claim(&submitted, CLAIMED, &ClaimMove::Deny { reason: reason.into() }), "denialReason"));
    }
    let long = ClaimMove::Deny { reason: "r".repeat(501) };
    assert!(field_of(move_claim(&submitted, CLAIMED, &long), "denialReason"));
}

#[test]
fn every_other_pair_is_refused() {
    // The allowed (status, move index) pairs; every other pair is refused by status.
    let allowed = [
        (ClaimStatus::Draft, 0),
        (ClaimStatus::Submitted, 1),
        (ClaimStatus::Submitted, 2),
        (ClaimStatus::Approved, 3),
        (ClaimStatus::PartiallyApproved, 3),
    ];
    for from in ALL {
        for (i, mv) in moves().iter().enumerate() {
            let current =
                state(from, if matches!(from, ClaimStatus::Approved | ClaimStatus::PartiallyApproved) { 6_000 } else { 0 });
            let result = move_claim(&current, CLAIMED, mv);
            if allowed.contains(&(from, i)) {
                assert!(result.is_ok(), "{from:?} {mv:?}: {result:?}");
            } else {
                assert!(
                    matches!(result, Err(ClaimError::NotAllowed { from: f, .. }) if f == from),
                    "{from:?} {mv:?}: {result:?}"
                );
            }
        }
    }
    let err = move_claim(&state(ClaimStatus::Denied, 0), CLAIMED, &ClaimMove::Submit).expect_err("final");
    assert_eq!(err.to_string(), "This claim is denied: it cannot be submitted");
}

#[test]
fn the_patient_pays_what_the_payer_did_not_approve() {
    assert_eq!(patient_share(10_000, None), 10_000);
    assert_eq!(patient_share(10_000, Some((ClaimStatus::Draft, 0))), 10_000);
    assert_eq!(patient_share(10_000, Some((ClaimStatus::Submitted, 0))), 10_000);
    assert_eq!(patient_share(10_000, Some((ClaimStatus::Denied, 0))), 10_000);
    assert_eq!(patient_share(10_000, Some((ClaimStatus::Approved, 10_000))), 0);
    assert_eq!(patient_share(10_000, Some((ClaimStatus::PartiallyApproved, 6_000))), 4_000);
    assert_eq!(patient_share(10_000, Some((ClaimStatus::Paid, 6_000))), 4_000);
    // Stored figures out of range never make a negative share or a bigger one.
    assert_eq!(patient_share(10_000, Some((ClaimStatus::Approved, 12_000))), 0);
    assert_eq!(patient_share(10_000, Some((ClaimStatus::Approved, -5))), 10_000);
    assert_eq!(patient_share(i64::MIN, Some((ClaimStatus::Approved, i64::MAX))), 0);
}

#[test]
fn the_wire_shapes_are_camel_case() {
    let mv: ClaimMove = serde_json::from_str(r#"{"move":"approve","approvedMinor":6000}"#).expect("move");
    assert_eq!(mv, ClaimMove::Approve { approved_minor: 6_000 });
    let mv: ClaimMove = serde_json::from_str(r#"{"move":"record_payment","paidMinor":1}"#).expect("move");
    assert_eq!(mv, ClaimMove::RecordPayment { paid_minor: 1 });
    let claim = Claim {
        id: test_id("c"),
        invoice_id: test_id("i"),
        policy_id: test_id("p"),
        claimed_minor: CLAIMED,
        state: state(ClaimStatus::PartiallyApproved, 6_000),
    };
    let json = serde_json::to_value(&claim).expect("json");
    assert_eq!((json["status"].as_str(), json["approvedMinor"].as_i64()), (Some("partially_approved"), Some(6_000)));
    assert_eq!(json["claimedMinor"].as_i64(), Some(CLAIMED));
}
