import { invoke } from "@tauri-apps/api/core";
import { describe, expect, it, vi } from "vitest";
import * as api from "../api";
import { createPatient, isCommandError, listPatients, toCommandError } from "../api";

vi.mock("@tauri-apps/api/core", () => ({ invoke: vi.fn() }));

describe("api", () => {
  it("recognises CommandError objects", () => {
    expect(isCommandError({ code: "validation", message: "x", fieldErrors: [{ field: "email", message: "y" }] })).toBe(true);
    expect(isCommandError({ code: "nope", message: "x", fieldErrors: [] })).toBe(false);
    expect(isCommandError({ code: "internal", message: "x" })).toBe(false);
    expect(isCommandError("boom")).toBe(false);
    expect(isCommandError(null)).toBe(false);
  });

  it("turns anything into a CommandError", () => {
    expect(toCommandError("boom")).toEqual({ code: "internal", message: "boom", fieldErrors: [] });
    expect(toCommandError(new Error("bad"))).toEqual({ code: "internal", message: "bad", fieldErrors: [] });
    expect(toCommandError(undefined).code).toBe("internal");
    const e = { code: "conflict", message: "changed", fieldErrors: [] };
    expect(toCommandError(e)).toBe(e);
  });

  it("wraps invoke with the documented argument names", async () => {
    const mock = vi.mocked(invoke);
    mock.mockResolvedValueOnce({ items: [], total: 0, page: 1, pageSize: 25 });
    await listPatients({ page: 1, pageSize: 25, sort: "mrn", includeArchived: false });
    expect(mock).toHaveBeenLastCalledWith("list_patients", {
      request: { page: 1, pageSize: 25, sort: "mrn", includeArchived: false },
    });

    mock.mockRejectedValueOnce("window closed");
    await expect(createPatient({} as never)).rejects.toEqual({ code: "internal", message: "window closed", fieldErrors: [] });
  });

  it("calls the scheduling commands with the contract's argument names", async () => {
    const mock = vi.mocked(invoke);
    mock.mockResolvedValue(null);
    const input = {} as never;
    const cases: Array<[() => Promise<unknown>, string, Record<string, unknown> | undefined]> = [
      [() => api.listProviders(), "list_providers", undefined],
      [() => api.saveProvider(null, input), "save_provider", { id: null, input }],
      [() => api.listScheduleExceptions("p"), "list_schedule_exceptions", { providerId: "p" }],
      [() => api.addScheduleException(input), "add_schedule_exception", { input }],
      [() => api.removeScheduleException("x"), "remove_schedule_exception", { id: "x" }],
      [() => api.listAppointmentTypes(), "list_appointment_types", undefined],
      [() => api.saveAppointmentType("t", input), "save_appointment_type", { id: "t", input }],
      [() => api.calendar("2026-11-23", 7, ["p"]), "calendar", { from: "2026-11-23", days: 7, providerIds: ["p"] }],
      [() => api.bookAppointment(input), "book_appointment", { input }],
      [() => api.previewSeries(input, input), "preview_series", { input, recurrence: input }],
      [() => api.bookSeries(input, input), "book_series", { input, recurrence: input }],
      [() => api.rescheduleAppointment("a", input), "reschedule_appointment", { id: "a", input }],
      [() => api.moveAppointmentStatus("a", "cancel", "ill"), "move_appointment_status", { id: "a", statusMove: "cancel", reason: "ill" }],
      [() => api.nextAvailableSlot(input), "next_available_slot", { request: input }],
      [() => api.todaysQueue(), "todays_queue", undefined],
      [() => api.remindersDue(), "reminders_due", undefined],
      [() => api.markReminded("a"), "mark_reminded", { id: "a" }],
      [() => api.patientAppointments("p"), "patient_appointments", { patientId: "p" }],
    ];
    for (const [run, command, args] of cases) {
      await run();
      expect(mock).toHaveBeenLastCalledWith(command, args);
    }
  });

  it("calls the chart commands with the contract's argument names", async () => {
    const mock = vi.mocked(invoke);
    mock.mockResolvedValue(null);
    const input = {} as never;
    const cases: Array<[() => Promise<unknown>, string, Record<string, unknown> | undefined]> = [
      [() => api.openPatientChart("p"), "open_patient_chart", { id: "p" }],
      [() => api.encounterHistory("p", "e"), "encounter_history", { patientId: "p", encounterId: "e" }],
      [() => api.checkPrescription("p", "Amoxicillin"), "check_prescription", { patientId: "p", medication: "Amoxicillin" }],
      [() => api.searchIcd10("asthma"), "search_icd10", { query: "asthma" }],
      [() => api.recordAllergy("p", input), "record_allergy", { patientId: "p", input }],
      [() => api.changeAllergy("p", "a", input), "change_allergy", { patientId: "p", allergyId: "a", input }],
      [() => api.recordNoKnownAllergies("p"), "record_no_known_allergies", { patientId: "p" }],
      [() => api.recordVitals("p", input), "record_vitals", { patientId: "p", input }],
      [() => api.recordLabResult("p", input), "record_lab_result", { patientId: "p", input }],
      [() => api.recordCondition("p", input), "record_condition", { patientId: "p", input }],
      [() => api.changeCondition("p", "c", input), "change_condition", { patientId: "p", conditionId: "c", input }],
      [() => api.savePatientHistory("p", input), "save_patient_history", { patientId: "p", input }],
      [() => api.saveEncounter("p", null, "ap", input, true), "save_encounter", { patientId: "p", encounterId: null, appointmentId: "ap", note: input, sign: true }],
      [() => api.amendEncounter("p", "e", input), "amend_encounter", { patientId: "p", encounterId: "e", input }],
      [() => api.listClinicalAlerts(), "list_clinical_alerts", undefined],
      [() => api.acknowledgeClinicalAlert("x"), "acknowledge_clinical_alert", { alertId: "x" }],
      [() => api.prescribe("p", input, "why", null), "prescribe", { patientId: "p", input, overrideReason: "why", encounterId: null }],
      [() => api.changePrescription("p", "r", { to: "complete" }), "change_prescription", { patientId: "p", prescriptionId: "r", change: { to: "complete" } }],
      [() => api.savePrescriptionPdf("p", ["r"]), "save_prescription_pdf", { patientId: "p", prescriptionIds: ["r"] }],
    ];
    expect(cases).toHaveLength(19);
    for (const [run, command, args] of cases) {
      await run();
      expect(mock).toHaveBeenLastCalledWith(command, args);
    }
  });

  it("calls the billing commands with the contract's argument names", async () => {
    const mock = vi.mocked(invoke);
    mock.mockResolvedValue(null);
    const input = {} as never;
    const cases: Array<[() => Promise<unknown>, string, Record<string, unknown> | undefined]> = [
      [() => api.listServices(), "list_services", undefined],
      [() => api.saveService(null, input), "save_service", { serviceId: null, input }],
      [() => api.getBillingSettings(), "get_billing_settings", undefined],
      [() => api.saveBillingSettings(input), "save_billing_settings", { settings: input }],
      [() => api.patientAccount("p"), "patient_account", { patientId: "p" }],
      [() => api.getInvoice("i"), "get_invoice", { invoiceId: "i" }],
      [() => api.appointmentInvoiceLines("a"), "appointment_invoice_lines", { appointmentId: "a" }],
      [() => api.saveInvoicePdf("i", true), "save_invoice_pdf", { invoiceId: "i", receipt: true }],
      [() => api.createInvoice("p", null, input), "create_invoice", { patientId: "p", appointmentId: null, draft: input }],
      [() => api.updateInvoiceDraft("i", input), "update_invoice_draft", { invoiceId: "i", draft: input }],
      [() => api.issueInvoice("i"), "issue_invoice", { invoiceId: "i" }],
      [() => api.takePayment("i", input), "take_payment", { invoiceId: "i", input }],
      [() => api.addInsurancePolicy("p", input), "add_insurance_policy", { patientId: "p", input }],
      [() => api.voidInvoice("i", "Wrong patient"), "void_invoice", { invoiceId: "i", reason: "Wrong patient" }],
      [() => api.issueCreditNote("i", input), "issue_credit_note", { invoiceId: "i", draft: input }],
      [() => api.refundPayment("i", input), "refund_payment", { invoiceId: "i", input }],
      [() => api.createClaim("i", "pol", 8000), "create_claim", { invoiceId: "i", policyId: "pol", claimedMinor: 8000 }],
      [() => api.moveClaim("c", { move: "submit" }), "move_claim", { claimId: "c", claimMove: { move: "submit" } }],
      [() => api.listClaims(null), "list_claims", { status: null }],
      [() => api.cashUp("2026-03-02"), "cash_up", { date: "2026-03-02" }],
      [() => api.outstandingBalances(), "outstanding_balances", undefined],
      [() => api.claimsReport(), "claims_report", undefined],
      [() => api.exportBillingCsv("claims", null), "export_billing_csv", { report: "claims", date: null }],
    ];
    expect(cases).toHaveLength(23);
    for (const [run, command, args] of cases) {
      await run();
      expect(mock).toHaveBeenLastCalledWith(command, args);
    }
  });

  it("calls the sync commands with the contract's argument names", async () => {
    const mock = vi.mocked(invoke);
    mock.mockResolvedValue(null);
    const input = {} as never;
    const cancel = { kind: "cancel", appointmentId: "a", reason: "Patient rang" } as const;
    const cases: Array<[() => Promise<unknown>, string, Record<string, unknown> | undefined]> = [
      [() => api.syncStatus(), "sync_status", undefined],
      [() => api.syncNow(), "sync_now", undefined],
      [() => api.enrolSite(input), "enrol_site", { input }],
      [() => api.joinClinic(input), "join_clinic", { input }],
      [() => api.syncProblems(), "sync_problems", undefined],
      [() => api.listBookingConflicts(), "list_booking_conflicts", undefined],
      [() => api.resolveBookingConflict("a+b", cancel), "resolve_booking_conflict", { conflictId: "a+b", resolution: cancel }],
    ];
    for (const [run, command, args] of cases) {
      await run();
      expect(mock).toHaveBeenLastCalledWith(command, args);
    }
  });
});
