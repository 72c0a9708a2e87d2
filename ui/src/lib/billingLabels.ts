// Labels for billing's enums. Each is a `Record` over the generated type, so a new Rust variant
// fails the type check until it has a label here.
import type { BillingReport } from "../bindings/BillingReport";
import type { ClaimMove } from "../bindings/ClaimMove";
import type { ClaimStatus } from "../bindings/ClaimStatus";
import type { InvoiceKind } from "../bindings/InvoiceKind";
import type { InvoiceStatus } from "../bindings/InvoiceStatus";
import type { PaymentMethod } from "../bindings/PaymentMethod";

export const INVOICE_STATUS_LABELS: Record<InvoiceStatus, string> = {
  draft: "Draft",
  issued: "Issued",
  partially_paid: "Partially paid",
  paid: "Paid",
  void: "Void",
};

export const INVOICE_STATUS_COLORS: Record<InvoiceStatus, string> = {
  draft: "gray",
  issued: "blue",
  partially_paid: "orange",
  paid: "green",
  void: "red",
};

export const INVOICE_KIND_LABELS: Record<InvoiceKind, string> = {
  invoice: "Invoice",
  credit_note: "Credit note",
};

export const PAYMENT_METHOD_LABELS: Record<PaymentMethod, string> = {
  cash: "Cash",
  card: "Card",
  bank_transfer: "Bank transfer",
  insurance: "Insurance",
};

export const CLAIM_STATUS_LABELS: Record<ClaimStatus, string> = {
  draft: "Draft",
  submitted: "Submitted",
  approved: "Approved",
  partially_approved: "Partially approved",
  denied: "Denied",
  paid: "Paid",
};

export const CLAIM_STATUS_COLORS: Record<ClaimStatus, string> = {
  draft: "gray",
  submitted: "blue",
  approved: "teal",
  partially_approved: "yellow",
  denied: "red",
  paid: "green",
};

export const BILLING_REPORT_LABELS: Record<BillingReport, string> = {
  cash_up: "Cash-up",
  outstanding: "Outstanding balances",
  claims: "Claims by status",
};

/** The moves a claim in each status allows (clinic-core `move_claim`), in button order. */
export type ClaimMoveKind = ClaimMove["move"];
export const CLAIM_MOVES: Record<ClaimStatus, readonly ClaimMoveKind[]> = {
  draft: ["submit"],
  submitted: ["approve", "deny"],
  approved: ["record_payment"],
  partially_approved: ["record_payment"],
  denied: [],
  paid: [],
};

export const CLAIM_MOVE_LABELS: Record<ClaimMoveKind, string> = {
  submit: "Submit",
  approve: "Approve",
  deny: "Deny",
  record_payment: "Record payment",
};
