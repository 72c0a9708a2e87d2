import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import type { Role } from "../../bindings/Role";
import { todayDate } from "../../components/billing/billingDates";
import { account, conflict, INVOICE_ID, invoiceView, line, PATIENT_ID, payment, policy, validation } from "../../test/billingFixtures";
import { callsOf, mockCommands, patient, renderApp, sessionFixture, type Handler } from "../../test/utils";

vi.mock("@tauri-apps/api/core", () => ({ invoke: vi.fn() }));

function openInvoice(role: Role, handlers: Record<string, Handler> = {}) {
  mockCommands({
    current_session: () => sessionFixture(role),
    get_invoice: () => invoiceView(),
    get_patient: () => patient(),
    patient_account: () => account({ policies: [policy()] }),
    ...handlers,
  });
  const user = userEvent.setup();
  renderApp(`/invoices/${INVOICE_ID}`);
  return user;
}

describe("payment dialog", () => {
  it("defaults to the balance and sends 20 as amountMinor 2000", async () => {
    let current = invoiceView();
    const user = openInvoice("front_desk", {
      get_invoice: () => current,
      take_payment: () => {
        current = invoiceView({ payments: [payment()] });
        return current;
      },
    });
    await user.click(await screen.findByTestId("payment-open"));
    const amount = await screen.findByTestId("payment-amount");
    expect(amount).toHaveValue("50.00");
    await user.clear(amount);
    await user.type(amount, "20");
    await user.selectOptions(screen.getByTestId("payment-method"), "card");
    await user.type(screen.getByTestId("payment-reference"), "slip 0042");
    await user.click(screen.getByTestId("payment-save"));
    await waitFor(() => expect(screen.getByTestId("invoice-balance")).toHaveTextContent("EUR 30.00"));
    expect(callsOf("take_payment")).toEqual([
      { invoiceId: INVOICE_ID, input: { amountMinor: 2000, method: "card", reference: "slip 0042", receivedOn: todayDate() } },
    ]);
    expect(screen.getByTestId("invoice-status")).toHaveAttribute("data-status", "partially_paid");
    expect(screen.queryByTestId("payment-amount")).not.toBeInTheDocument();
    expect(screen.getAllByTestId("payment-row")).toHaveLength(1);
  });

  it("shows Rust's overpayment refusal in the dialog and keeps the amount", async () => {
    const user = openInvoice("front_desk", {
      take_payment: () => {
        throw conflict("This payment is more than the balance due (EUR 50.00): take at most that and give change");
      },
    });
    await user.click(await screen.findByTestId("payment-open"));
    const amount = await screen.findByTestId("payment-amount");
    await user.clear(amount);
    await user.type(amount, "80");
    await user.click(screen.getByTestId("payment-save"));
    const dialog = screen.getByRole("dialog");
    expect(await within(dialog).findByTestId("form-error")).toHaveTextContent("more than the balance due (EUR 50.00)");
    expect(amount).toHaveValue("80");
    expect(callsOf("take_payment")[0]).toMatchObject({ input: { amountMinor: 8000 } });
  });

  it("puts Rust's field errors next to their fields", async () => {
    const user = openInvoice("front_desk", {
      take_payment: () => {
        throw validation("receivedOn", "The payment date cannot be in the future");
      },
    });
    await user.click(await screen.findByTestId("payment-open"));
    await user.click(await screen.findByTestId("payment-save"));
    expect(await screen.findByTestId("payment-error-receivedOn")).toHaveTextContent("cannot be in the future");
    expect(screen.queryByTestId("form-error")).not.toBeInTheDocument();
  });

  it("refuses an amount it cannot read without calling Rust", async () => {
    const user = openInvoice("front_desk");
    await user.click(await screen.findByTestId("payment-open"));
    const amount = await screen.findByTestId("payment-amount");
    await user.clear(amount);
    await user.type(amount, "20.505");
    await user.click(screen.getByTestId("payment-save"));
    expect(await screen.findByTestId("payment-error-amountMinor")).toHaveTextContent("Enter an amount like 20");
    expect(callsOf("take_payment")).toEqual([]);
  });
});

describe("invoice page", () => {
  it("saves the PDF and shows where", async () => {
    const user = openInvoice("front_desk", { save_invoice_pdf: () => ({ path: "/home/frida/Clinic Desk/RIV01-2026-00001.pdf" }) });
    await user.click(await screen.findByTestId("invoice-save-pdf"));
    expect(await screen.findByTestId("pdf-saved-path")).toHaveTextContent("/home/frida/Clinic Desk/RIV01-2026-00001.pdf");
    expect(callsOf("save_invoice_pdf")).toEqual([{ invoiceId: INVOICE_ID, receipt: false }]);
    // No payments yet: no receipt to print.
    expect(screen.queryByTestId("invoice-save-receipt")).not.toBeInTheDocument();
  });

  it("a billing manager voids with a reason; Rust's reason error shows under it", async () => {
    const user = openInvoice("billing", {
      void_invoice: (args) => {
        if ((args as { reason: string }).reason.length < 5) throw validation("voidReason", "Say why in at least 5 characters");
        return invoiceView({ status: "void", voidReason: "Wrong patient" });
      },
    });
    await user.click(await screen.findByTestId("invoice-void"));
    await user.type(await screen.findByTestId("void-reason"), "no");
    await user.click(screen.getByTestId("void-confirm"));
    expect(await screen.findByTestId("void-error-voidReason")).toHaveTextContent("at least 5 characters");
    await user.clear(screen.getByTestId("void-reason"));
    await user.type(screen.getByTestId("void-reason"), "Wrong patient");
    await user.click(screen.getByTestId("void-confirm"));
    await waitFor(() => expect(callsOf("void_invoice")).toHaveLength(2));
    expect(callsOf("void_invoice")[1]).toEqual({ invoiceId: INVOICE_ID, reason: "Wrong patient" });
  });

  it("a billing manager claims from the patient's policy", async () => {
    const user = openInvoice("billing", { create_claim: () => ({ id: "claim-1", invoiceId: INVOICE_ID, policyId: "pol-1", claimedMinor: 4000, status: "draft", approvedMinor: 0, paidMinor: 0, denialReason: null }) });
    await user.click(await screen.findByTestId("invoice-claim"));
    await waitFor(() => expect(screen.getByTestId("claim-policy")).toHaveValue("pol-1"));
    await user.clear(screen.getByTestId("claim-amount"));
    await user.type(screen.getByTestId("claim-amount"), "40");
    await user.click(screen.getByTestId("claim-save"));
    await waitFor(() => expect(callsOf("create_claim")).toEqual([{ invoiceId: INVOICE_ID, policyId: "pol-1", claimedMinor: 4000 }]));
  });

  it("a refund goes back as a positive amount with its reason", async () => {
    const paid = invoiceView({ payments: [payment({ amountMinor: 5000, method: "card" })] });
    const user = openInvoice("billing", { get_invoice: () => paid, refund_payment: () => paid });
    await user.click(await screen.findByTestId("invoice-refund"));
    expect(await screen.findByTestId("refund-amount")).toHaveValue("50.00");
    await user.clear(screen.getByTestId("refund-amount"));
    await user.type(screen.getByTestId("refund-amount"), "12.5");
    await user.type(screen.getByTestId("refund-reason"), "Charged twice");
    await user.click(screen.getByTestId("refund-save"));
    await waitFor(() => expect(callsOf("refund_payment")).toHaveLength(1));
    expect(callsOf("refund_payment")[0]).toEqual({ invoiceId: INVOICE_ID, input: { amountMinor: 1250, method: "card", reason: "Charged twice", refundedOn: todayDate() } });
  });
});

describe("role gating", () => {
  it("front desk takes payments but does not void, refund, credit or claim", async () => {
    openInvoice("front_desk");
    expect(await screen.findByTestId("payment-open")).toBeInTheDocument();
    expect(screen.getByTestId("invoice-save-pdf")).toBeInTheDocument();
    for (const id of ["invoice-void", "invoice-refund", "invoice-credit-note", "invoice-claim"]) {
      expect(screen.queryByTestId(id)).not.toBeInTheDocument();
    }
  });

  it("billing sees Void and Take payment on an unpaid invoice", async () => {
    openInvoice("billing");
    expect(await screen.findByTestId("invoice-void")).toBeInTheDocument();
    expect(screen.getByTestId("payment-open")).toBeInTheDocument();
  });

  it("admin (view and manage, no payments) sees no Take payment", async () => {
    openInvoice("admin", { get_invoice: () => invoiceView({ payments: [payment({ amountMinor: 5000 })] }) });
    expect(await screen.findByTestId("invoice-status")).toHaveAttribute("data-status", "paid");
    expect(screen.queryByTestId("payment-open")).not.toBeInTheDocument();
    expect(screen.queryByTestId("invoice-void")).not.toBeInTheDocument();
    expect(screen.getByTestId("invoice-refund")).toBeInTheDocument();
    expect(screen.getByTestId("invoice-save-receipt")).toBeInTheDocument();
  });

  it("a nurse has no Account link on the patient page; front desk has", async () => {
    mockCommands({ current_session: () => sessionFixture("nurse"), get_patient: () => patient(), patient_appointments: () => [] });
    const { unmount } = renderApp(`/patients/${PATIENT_ID}`);
    expect(await screen.findByTestId("patient-name")).toBeInTheDocument();
    expect(screen.queryByTestId("patient-open-account")).not.toBeInTheDocument();
    unmount();

    mockCommands({ current_session: () => sessionFixture("front_desk"), get_patient: () => patient(), patient_appointments: () => [] });
    renderApp(`/patients/${PATIENT_ID}`);
    expect(await screen.findByTestId("patient-open-account")).toHaveAttribute("href", `/patients/${PATIENT_ID}/account`);
  });

  it("a doctor opening an invoice is told billing is not for their role, and nothing is asked of Rust", async () => {
    openInvoice("doctor");
    expect(await screen.findByTestId("no-access")).toBeInTheDocument();
    expect(callsOf("get_invoice")).toEqual([]);
  });
});

describe("patient account", () => {
  it("lists the invoices with number or Draft, status and amounts, and the balance", async () => {
    mockCommands({
      current_session: () => sessionFixture("front_desk"),
      get_patient: () => patient(),
      patient_account: () =>
        account({
          balanceMinor: 3000,
          invoices: [
            invoiceView({ id: "inv-2", number: null, status: "draft", issuedOn: null, dueOn: null }),
            invoiceView({ payments: [payment()], lines: [line()] }),
          ],
          policies: [policy()],
        }),
    });
    const user = userEvent.setup();
    renderApp(`/patients/${PATIENT_ID}/account`);
    expect(await screen.findByTestId("account-balance")).toHaveTextContent("EUR 30.00");
    const rows = screen.getAllByTestId("invoice-row");
    expect(rows.map((r) => within(r).getByTestId("invoice-row-open").textContent)).toEqual(["Draft", "RIV01-2026-00001"]);
    expect(rows[1]).toHaveTextContent("Partially paid");
    expect(rows[1]).toHaveTextContent("EUR 20.00");
    expect(screen.getAllByTestId("policy-row")[0]).toHaveTextContent("AOK Bayern");
    await user.click(screen.getByTestId("account-new-invoice"));
    await waitFor(() => expect(screen.getByTestId("location")).toHaveAttribute("data-path", `/patients/${PATIENT_ID}/invoices/new`));
  });

  it("adds an insurance policy", async () => {
    mockCommands({
      current_session: () => sessionFixture("front_desk"),
      get_patient: () => patient(),
      patient_account: () => account(),
      add_insurance_policy: () => policy(),
    });
    const user = userEvent.setup();
    renderApp(`/patients/${PATIENT_ID}/account`);
    await user.click(await screen.findByTestId("policy-add"));
    await user.type(screen.getByTestId("policy-payer"), "AOK Bayern");
    await user.type(screen.getByTestId("policy-memberId"), "M-123");
    await user.click(screen.getByTestId("policy-save"));
    await waitFor(() => expect(callsOf("add_insurance_policy")).toHaveLength(1));
    expect(callsOf("add_insurance_policy")[0]).toEqual({
      patientId: PATIENT_ID,
      input: { payer: "AOK Bayern", memberId: "M-123", groupNumber: null, validFrom: todayDate(), validTo: null },
    });
  });
});
