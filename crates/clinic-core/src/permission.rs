//! The one permission table (docs/decisions.md §4): which role may do which action. Every Tauri
//! command names the action it needs, and the command layer checks it here.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::Role;

/// Something a member of staff may be allowed to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Action {
    /// Find patients and see their demographics and contact details.
    ViewPatients,
    /// Register patients and edit or archive their demographics.
    EditPatients,
    /// Open a patient's chart (clinical data).
    ViewChart,
    /// Open a chart in an emergency without clinical access, giving a reason.
    BreakTheGlass,
    /// Create and change staff accounts and roles.
    ManageUsers,
    /// Read, export and verify the audit trail, and see security alerts.
    ViewAuditTrail,
    /// Change this site's settings (automatic lock time, time zone).
    ManageSettings,
    /// See calendars, today's queue, reminders and a patient's appointments.
    ViewSchedule,
    /// Book, reschedule, check in and otherwise move appointments along.
    BookAppointments,
    /// Set up providers, their working hours and leave, and appointment types.
    ManageSchedules,
    /// Record vital signs, allergies and lab results on a chart.
    RecordObservations,
    /// Write visit notes and amendments, the problem list and the family and social history,
    /// and act on urgent results.
    WriteClinicalNotes,
    /// Prescribe, stop and print medications.
    Prescribe,
    /// See invoices, payments, patients' accounts and the fee schedule.
    ViewBilling,
    /// Write and issue invoices, take payments, record insurance policies.
    TakePayments,
    /// Keep the fee schedule and billing settings; void, credit, refund; work the claims.
    ManageBilling,
    /// See and export the billing reports.
    ViewBillingReports,
}

use Action::*;
use Role::*;

/// Role × action. A role not listed for an action may not do it.
const PERMISSIONS: &[(Action, &[Role])] = &[
    (ViewPatients, &[Admin, Doctor, Nurse, FrontDesk, Billing]),
    (EditPatients, &[Doctor, Nurse, FrontDesk]),
    (ViewChart, &[Doctor, Nurse]),
    (BreakTheGlass, &[Admin, FrontDesk, Billing]),
    (ManageUsers, &[Admin]),
    (ViewAuditTrail, &[Admin]),
    (ManageSettings, &[Admin]),
    (ViewSchedule, &[Admin, Doctor, Nurse, FrontDesk, Billing]),
    (BookAppointments, &[Doctor, Nurse, FrontDesk]),
    (ManageSchedules, &[Admin, FrontDesk]),
    (RecordObservations, &[Doctor, Nurse]),
    (WriteClinicalNotes, &[Doctor]),
    (Prescribe, &[Doctor]),
    (ViewBilling, &[Admin, FrontDesk, Billing]),
    (TakePayments, &[FrontDesk, Billing]),
    (ManageBilling, &[Admin, Billing]),
    (ViewBillingReports, &[Admin, Billing]),
];

impl Action {
    /// Every action in the table.
    pub const ALL: [Action; 17] = [
        ViewPatients,
        EditPatients,
        ViewChart,
        BreakTheGlass,
        ManageUsers,
        ViewAuditTrail,
        ManageSettings,
        ViewSchedule,
        BookAppointments,
        ManageSchedules,
        RecordObservations,
        WriteClinicalNotes,
        Prescribe,
        ViewBilling,
        TakePayments,
        ManageBilling,
        ViewBillingReports,
    ];

    /// The code used in audit events and the UI.
    pub fn code(self) -> &'static str {
        match self {
            ViewPatients => "view_patients",
            EditPatients => "edit_patients",
            ViewChart => "view_chart",
            BreakTheGlass => "break_the_glass",
            ManageUsers => "manage_users",
            ViewAuditTrail => "view_audit_trail",
            ManageSettings => "manage_settings",
            ViewSchedule => "view_schedule",
            BookAppointments => "book_appointments",
            ManageSchedules => "manage_schedules",
            RecordObservations => "record_observations",
            WriteClinicalNotes => "write_clinical_notes",
            Prescribe => "prescribe",
            ViewBilling => "view_billing",
            TakePayments => "take_payments",
            ManageBilling => "manage_billing",
            ViewBillingReports => "view_billing_reports",
        }
    }
}

/// Whether `role` may do `action`.
pub fn role_may(role: Role, action: Action) -> bool {
    PERMISSIONS.iter().any(|(a, roles)| *a == action && roles.contains(&role))
}

/// Every action `role` may do, for the UI to show only what applies.
pub fn permissions_of(role: Role) -> Vec<Action> {
    Action::ALL.into_iter().filter(|a| role_may(role, *a)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_action_is_in_the_table_once() {
        for action in Action::ALL {
            assert_eq!(PERMISSIONS.iter().filter(|(a, _)| *a == action).count(), 1, "{action:?}");
        }
        assert_eq!(PERMISSIONS.len(), Action::ALL.len());
    }

    #[test]
    fn the_table_follows_the_design() {
        // docs/decisions.md §4: front desk and billing see no clinical data; nurses read it; admins only
        // through break-the-glass, and exactly the roles without clinical access may break it.
        for role in Role::ALL {
            assert_eq!(role_may(role, ViewChart), !role_may(role, BreakTheGlass), "{role:?}");
            assert!(role_may(role, ViewPatients), "{role:?}");
        }
        assert!(!role_may(FrontDesk, ViewChart) && !role_may(Billing, ViewChart) && !role_may(Admin, ViewChart));
        assert!(role_may(Admin, ManageUsers) && !role_may(Doctor, ManageUsers));
        assert_eq!(
            permissions_of(Billing),
            vec![ViewPatients, BreakTheGlass, ViewSchedule, ViewBilling, TakePayments, ManageBilling, ViewBillingReports]
        );
        // Clinical roles have no billing access; every billing write needs billing access.
        for role in [Doctor, Nurse] {
            assert!(!role_may(role, ViewBilling) && !role_may(role, TakePayments), "{role:?}");
        }
        for role in Role::ALL {
            for write in [TakePayments, ManageBilling] {
                assert!(!role_may(role, write) || role_may(role, ViewBilling), "{role:?} {write:?}");
            }
        }
        // Scheduling is the front desk's job; billing and admins only look at the calendar.
        assert!(
            role_may(FrontDesk, BookAppointments) && !role_may(Billing, BookAppointments) && !role_may(Admin, BookAppointments)
        );
        // Every clinical write needs clinical access; nurses record observations but do not
        // prescribe or write notes.
        for role in Role::ALL {
            for write in [RecordObservations, WriteClinicalNotes, Prescribe] {
                assert!(!role_may(role, write) || role_may(role, ViewChart), "{role:?} {write:?}");
            }
        }
        assert!(role_may(Nurse, RecordObservations) && !role_may(Nurse, Prescribe) && !role_may(Nurse, WriteClinicalNotes));
        assert!(role_may(Doctor, Prescribe) && role_may(Doctor, WriteClinicalNotes));
    }
}
