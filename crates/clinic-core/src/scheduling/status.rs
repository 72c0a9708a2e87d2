//! An appointment's status and the moves between statuses (the table in docs/scheduling.md).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Where an appointment stands on the day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum AppointmentStatus {
    Scheduled,
    CheckedIn,
    InProgress,
    Completed,
    Cancelled,
    NoShow,
}

/// A change of status asked for by the front desk or the clinician.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum StatusMove {
    CheckIn,
    Start,
    Complete,
    Cancel,
    NoShow,
    UndoCheckIn,
}

impl AppointmentStatus {
    /// Every status, in the order of a visit.
    pub const ALL: [AppointmentStatus; 6] = [
        AppointmentStatus::Scheduled,
        AppointmentStatus::CheckedIn,
        AppointmentStatus::InProgress,
        AppointmentStatus::Completed,
        AppointmentStatus::Cancelled,
        AppointmentStatus::NoShow,
    ];

    /// The stored code (the serde name).
    pub fn code(self) -> &'static str {
        match self {
            AppointmentStatus::Scheduled => "scheduled",
            AppointmentStatus::CheckedIn => "checked_in",
            AppointmentStatus::InProgress => "in_progress",
            AppointmentStatus::Completed => "completed",
            AppointmentStatus::Cancelled => "cancelled",
            AppointmentStatus::NoShow => "no_show",
        }
    }

    /// The status for a stored code.
    pub fn from_code(code: &str) -> Option<AppointmentStatus> {
        AppointmentStatus::ALL.into_iter().find(|s| s.code() == code)
    }

    /// How a receptionist says it: "the appointment is …".
    pub fn label(self) -> &'static str {
        match self {
            AppointmentStatus::Scheduled => "scheduled",
            AppointmentStatus::CheckedIn => "checked in",
            AppointmentStatus::InProgress => "in progress",
            AppointmentStatus::Completed => "completed",
            AppointmentStatus::Cancelled => "cancelled",
            AppointmentStatus::NoShow => "marked as a no-show",
        }
    }

    /// Whether no move leads anywhere from here (completed, cancelled, no-show).
    pub fn is_final(self) -> bool {
        matches!(self, AppointmentStatus::Completed | AppointmentStatus::Cancelled | AppointmentStatus::NoShow)
    }

    /// Whether the appointment still holds its time, so others cannot be booked over it
    /// (booking rule 1: cancelled and no-show ones do not count).
    pub fn holds_time(self) -> bool {
        !matches!(self, AppointmentStatus::Cancelled | AppointmentStatus::NoShow)
    }
}

impl StatusMove {
    /// Every move.
    pub const ALL: [StatusMove; 6] = [
        StatusMove::CheckIn,
        StatusMove::Start,
        StatusMove::Complete,
        StatusMove::Cancel,
        StatusMove::NoShow,
        StatusMove::UndoCheckIn,
    ];

    /// The wire code (the serde name).
    pub fn code(self) -> &'static str {
        match self {
            StatusMove::CheckIn => "check_in",
            StatusMove::Start => "start",
            StatusMove::Complete => "complete",
            StatusMove::Cancel => "cancel",
            StatusMove::NoShow => "no_show",
            StatusMove::UndoCheckIn => "undo_check_in",
        }
    }

    /// The move for a wire code.
    pub fn from_code(code: &str) -> Option<StatusMove> {
        StatusMove::ALL.into_iter().find(|m| m.code() == code)
    }

    /// How a receptionist says it: "it cannot be …".
    pub fn label(self) -> &'static str {
        match self {
            StatusMove::CheckIn => "checked in",
            StatusMove::Start => "started",
            StatusMove::Complete => "completed",
            StatusMove::Cancel => "cancelled",
            StatusMove::NoShow => "marked as a no-show",
            StatusMove::UndoCheckIn => "taken back to scheduled",
        }
    }
}

/// What a move is checked against besides the current status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MoveContext<'a> {
    /// The current instant.
    pub now: DateTime<Utc>,
    /// When the appointment starts.
    pub start: DateTime<Utc>,
    /// The reason typed in, needed to cancel.
    pub reason: Option<&'a str>,
}

/// Why a status move was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum StatusMoveError {
    /// The table has no such move from this status.
    #[error("The appointment is {}, so it cannot be {}", .from.label(), .by.label())]
    NotAllowed {
        /// The appointment's status.
        from: AppointmentStatus,
        /// The move asked for.
        by: StatusMove,
    },
    /// A cancellation without a reason.
    #[error("Give a reason for cancelling the appointment")]
    ReasonRequired,
    /// A no-show before the appointment's start time.
    #[error("The patient can be marked as a no-show only once the appointment's start time has passed")]
    NoShowTooEarly,
}

/// The status after `mv`, or why the move is refused.
pub fn apply_move(from: AppointmentStatus, mv: StatusMove, ctx: MoveContext<'_>) -> Result<AppointmentStatus, StatusMoveError> {
    use AppointmentStatus::*;
    let to = match (from, mv) {
        (Scheduled, StatusMove::CheckIn) => CheckedIn,
        (Scheduled | CheckedIn, StatusMove::Cancel) => Cancelled,
        (Scheduled, StatusMove::NoShow) => NoShow,
        (CheckedIn, StatusMove::Start) => InProgress,
        (CheckedIn, StatusMove::UndoCheckIn) => Scheduled,
        (InProgress, StatusMove::Complete) => Completed,
        _ => return Err(StatusMoveError::NotAllowed { from, by: mv }),
    };
    if to == Cancelled && ctx.reason.is_none_or(|r| r.trim().is_empty()) {
        return Err(StatusMoveError::ReasonRequired);
    }
    if to == NoShow && ctx.now <= ctx.start {
        return Err(StatusMoveError::NoShowTooEarly);
    }
    Ok(to)
}

/// Whether an appointment in this status may be moved to another time or provider.
pub fn can_reschedule(status: AppointmentStatus) -> bool {
    status == AppointmentStatus::Scheduled
}

#[cfg(test)]
mod tests {
    use chrono::Duration;

    use super::*;
    use crate::scheduling::test_support::utc;
    use AppointmentStatus::*;

    /// docs/scheduling.md "Status moves", copied row by row: anything not here is refused.
    const TABLE: &[(AppointmentStatus, StatusMove, AppointmentStatus)] = &[
        (Scheduled, StatusMove::CheckIn, CheckedIn),
        (Scheduled, StatusMove::Cancel, Cancelled),
        (Scheduled, StatusMove::NoShow, NoShow),
        (CheckedIn, StatusMove::Start, InProgress),
        (CheckedIn, StatusMove::UndoCheckIn, Scheduled),
        (CheckedIn, StatusMove::Cancel, Cancelled),
        (InProgress, StatusMove::Complete, Completed),
    ];

    fn late() -> MoveContext<'static> {
        // Past the start and with a reason, so only the table decides.
        MoveContext { now: utc("2026-03-30T10:00:00Z"), start: utc("2026-03-30T09:00:00Z"), reason: Some("Patient called") }
    }

    #[test]
    fn every_status_and_move_pair_follows_the_table() {
        let mut allowed = 0;
        for from in AppointmentStatus::ALL {
            for mv in StatusMove::ALL {
                let expected = TABLE.iter().find(|(f, m, _)| *f == from && *m == mv).map(|(_, _, to)| *to);
                match (apply_move(from, mv, late()), expected) {
                    (Ok(to), Some(want)) => {
                        assert_eq!(to, want, "{from:?} --{mv:?}-->");
                        allowed += 1;
                    }
                    (Err(err), None) => {
                        assert_eq!(err, StatusMoveError::NotAllowed { from, by: mv });
                        let message = err.to_string();
                        assert!(message.contains(from.label()) && message.contains(mv.label()), "{message}");
                    }
                    (got, want) => panic!("{from:?} --{mv:?}--> got {got:?}, table says {want:?}"),
                }
            }
        }
        assert_eq!(allowed, TABLE.len());
    }

    #[test]
    fn final_statuses_have_no_way_out() {
        for from in AppointmentStatus::ALL.into_iter().filter(|s| s.is_final()) {
            for mv in StatusMove::ALL {
                assert!(apply_move(from, mv, late()).is_err(), "{from:?} {mv:?}");
            }
        }
        assert_eq!(AppointmentStatus::ALL.iter().filter(|s| s.is_final()).count(), 3);
    }

    #[test]
    fn cancelling_needs_a_reason_that_is_not_blank() {
        for from in [Scheduled, CheckedIn] {
            for reason in [None, Some(""), Some("   \n")] {
                let ctx = MoveContext { reason, ..late() };
                assert_eq!(
                    apply_move(from, StatusMove::Cancel, ctx),
                    Err(StatusMoveError::ReasonRequired),
                    "{from:?} {reason:?}"
                );
            }
        }
        // Other moves do not ask for one.
        assert_eq!(apply_move(Scheduled, StatusMove::CheckIn, MoveContext { reason: None, ..late() }), Ok(CheckedIn));
    }

    #[test]
    fn no_show_only_once_the_start_time_has_passed() {
        let start = utc("2026-03-30T09:00:00Z");
        let at = |now| apply_move(Scheduled, StatusMove::NoShow, MoveContext { now, start, reason: None });
        assert_eq!(at(start - Duration::minutes(5)), Err(StatusMoveError::NoShowTooEarly));
        assert_eq!(at(start), Err(StatusMoveError::NoShowTooEarly));
        assert_eq!(at(start + Duration::minutes(1)), Ok(NoShow));
        // Checking in early is fine: the patient is here.
        let early = MoveContext { now: start - Duration::hours(1), start, reason: None };
        assert_eq!(apply_move(Scheduled, StatusMove::CheckIn, early), Ok(CheckedIn));
    }

    #[test]
    fn only_scheduled_appointments_can_be_rescheduled() {
        for status in AppointmentStatus::ALL {
            assert_eq!(can_reschedule(status), status == Scheduled, "{status:?}");
        }
    }

    #[test]
    fn codes_round_trip_and_match_serde() {
        for status in AppointmentStatus::ALL {
            assert_eq!(AppointmentStatus::from_code(status.code()), Some(status));
            assert_eq!(serde_json::to_value(status).expect("json"), status.code());
        }
        for mv in StatusMove::ALL {
            assert_eq!(StatusMove::from_code(mv.code()), Some(mv));
            assert_eq!(serde_json::to_value(mv).expect("json"), mv.code());
        }
        assert_eq!(AppointmentStatus::from_code("done"), None);
        assert!(!Cancelled.holds_time() && !NoShow.holds_time() && Scheduled.holds_time() && Completed.holds_time());
    }
}
