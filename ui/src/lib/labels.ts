import type { AuditAction } from "../bindings/AuditAction";
import type { Role } from "../bindings/Role";

export const ROLE_LABELS: Record<Role, string> = {
  admin: "Admin",
  doctor: "Doctor",
  nurse: "Nurse",
  front_desk: "Front desk",
  billing: "Billing",
};

export const ROLES: readonly Role[] = ["admin", "doctor", "nurse", "front_desk", "billing"];

export function roleLabel(role: Role | null | undefined): string {
  return role ? ROLE_LABELS[role] : "";
}

export const AUDIT_ACTION_LABELS: Record<AuditAction, string> = {
  clinic_set_up: "Clinic set up",
  login_succeeded: "Logged in",
  login_failed: "Login failed",
  account_locked_out: "Account locked out",
  logged_out: "Logged out",
  session_locked: "Session locked",
  session_unlocked: "Session unlocked",
  unlock_failed: "Unlock failed",
  permission_denied: "Permission denied",
  user_created: "Account created",
  user_updated: "Account changed",
  user_disabled: "Account disabled",
  user_enabled: "Account re-enabled",
  password_reset: "Password reset",
  password_changed: "Password changed",
  break_the_glass: "Break-the-glass",
  chart_opened: "Chart opened",
  patient_viewed: "Patient viewed",
  patients_searched: "Patients searched",
  patients_listed: "Patient list viewed",
  patient_created: "Patient created",
  patient_updated: "Patient edited",
  patient_archived: "Patient archived",
  audit_trail_viewed: "Audit trail viewed",
  audit_trail_exported: "Audit trail exported",
  audit_trail_verified: "Audit trail verified",
  security_alert_acknowledged: "Alert acknowledged",
  settings_changed: "Settings changed",
  schedule_changed: "Schedule changed",
  appointment_booked: "Appointment booked",
  appointment_rescheduled: "Appointment rescheduled",
  appointment_status_changed: "Appointment status changed",
  appointment_reminded: "Reminder recorded",
  appointments_viewed: "Appointments viewed",
  allergy_recorded: "Allergy recorded",
  allergy_changed: "Allergy changed",
  condition_recorded: "Problem recorded",
  condition_changed: "Problem changed",
  history_changed: "Family/social history changed",
  encounter_saved: "Visit note saved",
  encounter_signed: "Visit note signed",
  encounter_amended: "Visit note amended",
  vitals_recorded: "Vitals recorded",
  lab_result_recorded: "Lab result recorded",
  prescription_written: "Prescription written",
  prescription_changed: "Prescription changed",
  prescription_printed: "Prescription printed",
  clinical_alert_acknowledged: "Urgent result acknowledged",
  clinical_record_read: "Clinical record read",
  fee_schedule_changed: "Fee schedule changed",
  invoice_created: "Invoice created",
  invoice_changed: "Invoice draft changed",
  invoice_issued: "Invoice issued",
  invoice_voided: "Invoice voided",
  credit_note_issued: "Credit note issued",
  payment_taken: "Payment taken",
  payment_refunded: "Refund given",
  insurance_policy_changed: "Insurance policy changed",
  claim_changed: "Claim changed",
  billing_viewed: "Billing viewed",
  site_enrolled: "Site enrolled for sync",
  site_unlinked: "Site unlinked from sync",
  double_booking_accepted: "Double booking kept",
};

/** "24 Nov 2026 14:03:12" in the computer's time zone. */
export function formatInstant(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toLocaleString("en-GB", { day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit", second: "2-digit" });
}

/** "14:03" in the computer's time zone. */
export function formatTime(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleTimeString("en-GB", { hour: "2-digit", minute: "2-digit" });
}
