// Fixtures for billing (shapes as in the billing commands' contract).
import type { Appointment } from "../bindings/Appointment";
import type { ClaimListing } from "../bindings/ClaimListing";
import type { CommandError } from "../bindings/CommandError";
import type { InsurancePolicy } from "../bindings/InsurancePolicy";
import type { InvoiceLine } from "../bindings/InvoiceLine";
import type { InvoiceView } from "../bindings/InvoiceView";
import type { PatientAccount } from "../bindings/PatientAccount";
import type { Payment } from "../bindings/Payment";
import type { Service } from "../bindings/Service";
import { priceLine } from "../lib/invoiceMath";

export const PATIENT_ID = "0190a0b0-0000-7000-8000-000000000001";
export const INVOICE_ID = "0190b000-0000-7000-8000-0000000000a1";

export function line(overrides: Partial<Omit<InvoiceLine, keyof ReturnType<typeof priceLine>>> = {}): InvoiceLine {
  const details = { serviceId: null, description: "Consultation", quantity: 1, unitPriceMinor: 5000, discountBp: 0, taxRateBp: 0, ...overrides };
  return { ...details, ...priceLine(details) };
}

/** An issued, unpaid invoice of EUR 50.00 unless overridden. */
export function invoiceView(overrides: Partial<InvoiceView> = {}): InvoiceView {
  const lines = overrides.lines ?? [line()];
  const total = lines.reduce((s, l) => s + l.totalMinor, 0);
  const paid = (overrides.payments ?? []).reduce((s, p) => s + p.amountMinor, 0);
  return {
    id: INVOICE_ID,
    patientId: PATIENT_ID,
    appointmentId: null,
    kind: "invoice",
    creditsInvoiceId: null,
    number: "RIV01-2026-00001",
    currency: "EUR",
    notes: null,
    dueDays: 14,
    issuedAt: "2026-03-02T10:00:00Z",
    issuedOn: "2026-03-02",
    dueOn: "2026-03-16",
    voidedAt: null,
    voidReason: null,
    lines,
    totals: {
      subtotalMinor: lines.reduce((s, l) => s + l.subtotalMinor, 0),
      discountMinor: lines.reduce((s, l) => s + l.discountMinor, 0),
      taxMinor: lines.reduce((s, l) => s + l.taxMinor, 0),
      totalMinor: total,
    },
    payments: [],
    paidMinor: paid,
    creditedMinor: 0,
    balanceMinor: total - paid,
    status: paid === 0 ? "issued" : paid >= total ? "paid" : "partially_paid",
    ...overrides,
  };
}

/** A draft (no number, no dates). */
export function draftView(overrides: Partial<InvoiceView> = {}): InvoiceView {
  return invoiceView({ number: null, issuedAt: null, issuedOn: null, dueOn: null, status: "draft", ...overrides });
}

export function payment(overrides: Partial<Payment> = {}): Payment {
  return { id: "pay-1", invoiceId: INVOICE_ID, amountMinor: 2000, method: "cash", reference: null, receivedOn: "2026-03-02", refundReason: null, ...overrides };
}

export function policy(overrides: Partial<InsurancePolicy> = {}): InsurancePolicy {
  return { id: "pol-1", patientId: PATIENT_ID, payer: "AOK Bayern", memberId: "M-123", groupNumber: null, validFrom: "2026-01-01", validTo: null, ...overrides };
}

export function account(overrides: Partial<PatientAccount> = {}): PatientAccount {
  return { invoices: [], policies: [], claims: [], balanceMinor: 0, currency: "EUR", ...overrides };
}

export function service(overrides: Partial<Service> = {}): Service {
  return { id: "svc-1", code: "CONS-15", name: "Consultation, 15 minutes", priceMinor: 4500, taxRateBp: 0, active: true, appointmentTypeId: null, ...overrides };
}

export function claimListing(overrides: Partial<ClaimListing> = {}): ClaimListing {
  return {
    id: "claim-1",
    invoiceId: INVOICE_ID,
    policyId: "pol-1",
    claimedMinor: 8000,
    status: "draft",
    approvedMinor: 0,
    paidMinor: 0,
    denialReason: null,
    patientName: "Maria Lopez",
    mrn: "RIV-000001",
    invoiceNumber: "RIV01-2026-00001",
    payer: "AOK Bayern",
    ...overrides,
  };
}

export function completedAppointment(overrides: Partial<Appointment> = {}): Appointment {
  return {
    id: "appt-1",
    patientId: PATIENT_ID,
    patientName: "Maria Lopez",
    patientMrn: "RIV-000001",
    providerId: "prov-1",
    providerName: "Dr Ada Okafor",
    typeId: "type-1",
    typeName: "Consultation",
    start: "2026-03-02T09:00",
    end: "2026-03-02T09:15",
    startUtc: "2026-03-02T08:00:00Z",
    endUtc: "2026-03-02T08:15:00Z",
    reason: null,
    notes: null,
    status: "completed",
    cancelReason: null,
    seriesId: null,
    checkedInAt: null,
    remindedAt: null,
    createdBy: null,
    siteId: "site-1",
    conflict: false,
    ...overrides,
  };
}

export function validation(field: string, message: string): CommandError {
  return { code: "validation", message: "Check the highlighted fields", fieldErrors: [{ field, message }] };
}

export function conflict(message: string): CommandError {
  return { code: "conflict", message, fieldErrors: [] };
}
