import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import type { InvoiceDraftInput } from "../../bindings/InvoiceDraftInput";
import { priceLine } from "../../lib/invoiceMath";
import {
  account,
  completedAppointment,
  conflict,
  draftView,
  INVOICE_ID,
  invoiceView,
  line,
  PATIENT_ID,
  service,
  validation,
} from "../../test/billingFixtures";
import { callsOf, mockCommands, patient, renderApp, sessionFixture, type Handler } from "../../test/utils";

vi.mock("@tauri-apps/api/core", () => ({ invoke: vi.fn() }));

const NEW = `/patients/${PATIENT_ID}/invoices/new`;

function openNewInvoice(handlers: Record<string, Handler> = {}) {
  mockCommands({
    current_session: () => sessionFixture("front_desk"),
    patient_account: () => account(),
    list_services: () => [service(), service({ id: "svc-old", code: "OLD", name: "Retired", active: false })],
    patient_appointments: () => [completedAppointment(), completedAppointment({ id: "appt-2", status: "scheduled" })],
    get_patient: () => patient(),
    ...handlers,
  });
  const user = userEvent.setup();
  renderApp(NEW);
  return user;
}

async function typeLine(user: ReturnType<typeof userEvent.setup>, i: number, v: { description: string; quantity: string; price: string; discount?: string; tax?: string }) {
  await user.type(await screen.findByTestId(`invoice-line-description-${i}`), v.description);
  await user.clear(screen.getByTestId(`invoice-line-quantity-${i}`));
  await user.type(screen.getByTestId(`invoice-line-quantity-${i}`), v.quantity);
  await user.type(screen.getByTestId(`invoice-line-price-${i}`), v.price);
  if (v.discount) await user.type(screen.getByTestId(`invoice-line-discount-${i}`), v.discount);
  if (v.tax) await user.type(screen.getByTestId(`invoice-line-tax-${i}`), v.tax);
}

describe("invoice editor", () => {
  it("shows live totals by Rust's rule: 3 × 33.33, 10 % off, 7.7 % tax = 96.92", async () => {
    const user = openNewInvoice();
    await typeLine(user, 0, { description: "Physiotherapy", quantity: "3", price: "33.33", discount: "10", tax: "7.7" });
    expect(screen.getByTestId("invoice-line-total-0")).toHaveTextContent("EUR 96.92");
    expect(screen.getByTestId("invoice-subtotal")).toHaveTextContent("EUR 99.99");
    expect(screen.getByTestId("invoice-discount")).toHaveTextContent("-EUR 10.00");
    expect(screen.getByTestId("invoice-tax")).toHaveTextContent("EUR 6.93");
    expect(screen.getByTestId("invoice-total")).toHaveTextContent("EUR 96.92");

    // A second line adds to the sums.
    await user.click(screen.getByTestId("invoice-add-line"));
    await typeLine(user, 1, { description: "Tape", quantity: "1", price: "0.05", tax: "10" });
    expect(screen.getByTestId("invoice-total")).toHaveTextContent("EUR 96.98");
  });

  it("sends integer minor units and basis points, then opens the saved draft", async () => {
    let saved = draftView();
    const user = openNewInvoice({
      create_invoice: (args) => {
        const { draft } = args as { draft: InvoiceDraftInput };
        saved = draftView({ lines: draft.lines.map((l) => ({ ...l, ...priceLine(l) })), dueDays: draft.dueDays, notes: draft.notes });
        return saved;
      },
      get_invoice: () => saved,
    });
    await typeLine(user, 0, { description: "Physiotherapy", quantity: "3", price: "33.33", discount: "10", tax: "7.7" });
    await user.click(screen.getByTestId("invoice-save-draft"));
    await waitFor(() => expect(screen.getByTestId("location")).toHaveAttribute("data-path", `/invoices/${INVOICE_ID}`));
    expect(callsOf("create_invoice")).toEqual([
      {
        patientId: PATIENT_ID,
        appointmentId: null,
        draft: {
          lines: [{ serviceId: null, description: "Physiotherapy", quantity: 3, unitPriceMinor: 3333, discountBp: 1000, taxRateBp: 770 }],
          notes: null,
          dueDays: 14,
        },
      },
    ]);
    // The draft opens in the editor again, with what was typed.
    expect(await screen.findByTestId("invoice-line-price-0")).toHaveValue("33.33");
    expect(screen.getByTestId("invoice-line-tax-0")).toHaveValue("7.7");
  });

  it("shows a Rust field error under its line's field and keeps what was typed", async () => {
    const user = openNewInvoice({
      create_invoice: () => {
        throw validation("lines[0].quantity", "Bill 1 to 10000 units");
      },
    });
    await typeLine(user, 0, { description: "Physiotherapy", quantity: "20000", price: "10" });
    await user.click(screen.getByTestId("invoice-save-draft"));
    expect(await screen.findByTestId("invoice-error-lines[0].quantity")).toHaveTextContent("Bill 1 to 10000 units");
    expect(screen.getByTestId("invoice-line-quantity-0")).toHaveValue("20000");
    expect(screen.getByTestId("invoice-line-description-0")).toHaveValue("Physiotherapy");
    expect(screen.queryByTestId("invoice-error")).not.toBeInTheDocument();
  });

  it("does not send an amount it cannot read, and says so under the field", async () => {
    const user = openNewInvoice({ create_invoice: () => draftView() });
    await typeLine(user, 0, { description: "Physiotherapy", quantity: "1", price: "12.345" });
    await user.click(screen.getByTestId("invoice-save-draft"));
    expect(await screen.findByTestId("invoice-error-lines[0].unitPriceMinor")).toHaveTextContent("Enter an amount like 12.50");
    expect(callsOf("create_invoice")).toEqual([]);
  });

  it("fills a line from the fee schedule", async () => {
    const user = openNewInvoice();
    const picker = await screen.findByTestId("invoice-line-service-0");
    await within(picker).findByText("CONS-15 — Consultation, 15 minutes");
    // Inactive services are not offered for new lines.
    expect(within(picker).queryByText(/Retired/)).not.toBeInTheDocument();
    await user.selectOptions(picker, "svc-1");
    expect(screen.getByTestId("invoice-line-description-0")).toHaveValue("Consultation, 15 minutes");
    expect(screen.getByTestId("invoice-line-price-0")).toHaveValue("45.00");
    expect(screen.getByTestId("invoice-total")).toHaveTextContent("EUR 45.00");
  });

  it("pre-fills the lines of a completed appointment and sends its id", async () => {
    const user = openNewInvoice({
      appointment_invoice_lines: () => [{ serviceId: "svc-1", description: "Consultation, 15 minutes", quantity: 1, unitPriceMinor: 4500, discountBp: 0, taxRateBp: 1900 }],
      create_invoice: () => draftView(),
      get_invoice: () => draftView(),
    });
    const select = await screen.findByTestId("invoice-from-appointment");
    // Only completed appointments are offered.
    await waitFor(() => expect(within(select).getAllByRole("option")).toHaveLength(2));
    await user.selectOptions(select, "appt-1");
    await waitFor(() => expect(screen.getByTestId("invoice-line-description-0")).toHaveValue("Consultation, 15 minutes"));
    expect(callsOf("appointment_invoice_lines")).toEqual([{ appointmentId: "appt-1" }]);
    expect(screen.getByTestId("invoice-total")).toHaveTextContent("EUR 53.55");
    await user.click(screen.getByTestId("invoice-save-draft"));
    await waitFor(() => expect(callsOf("create_invoice")).toHaveLength(1));
    expect(callsOf("create_invoice")[0]).toMatchObject({ appointmentId: "appt-1", draft: { lines: [{ serviceId: "svc-1", unitPriceMinor: 4500, taxRateBp: 1900 }] } });
  });

  it("issuing saves, numbers the invoice and shows it read-only", async () => {
    let current = draftView();
    const user = openNewInvoice({
      create_invoice: () => current,
      issue_invoice: () => {
        current = invoiceView();
        return current;
      },
      get_invoice: () => current,
    });
    await typeLine(user, 0, { description: "Consultation", quantity: "1", price: "50" });
    await user.click(screen.getByTestId("invoice-issue"));
    await waitFor(() => expect(screen.getByTestId("invoice-number")).toHaveTextContent("RIV01-2026-00001"));
    expect(screen.getByTestId("invoice-status")).toHaveAttribute("data-status", "issued");
    expect(screen.getByTestId("invoice-balance")).toHaveTextContent("EUR 50.00");
    expect(screen.queryByTestId("invoice-editor")).not.toBeInTheDocument();
    expect(callsOf("issue_invoice")).toEqual([{ invoiceId: INVOICE_ID }]);
  });

  it("after a refused Issue, trying again updates the created draft instead of creating another", async () => {
    let attempts = 0;
    const user = openNewInvoice({
      create_invoice: () => draftView(),
      update_invoice_draft: () => draftView(),
      issue_invoice: () => {
        attempts += 1;
        if (attempts === 1) throw conflict("The invoice could not be numbered: try again");
        return invoiceView();
      },
      get_invoice: () => invoiceView(),
    });
    await typeLine(user, 0, { description: "Consultation", quantity: "1", price: "50" });
    await user.click(screen.getByTestId("invoice-issue"));
    expect(await screen.findByTestId("invoice-error")).toHaveTextContent("could not be numbered");
    await user.click(screen.getByTestId("invoice-issue"));
    await waitFor(() => expect(screen.getByTestId("invoice-number")).toHaveTextContent("RIV01-2026-00001"));
    expect(callsOf("create_invoice")).toHaveLength(1);
    expect(callsOf("update_invoice_draft")).toHaveLength(1);
  });

  it("opens an existing draft in the editor and saves it with update_invoice_draft", async () => {
    mockCommands({
      current_session: () => sessionFixture("front_desk"),
      get_invoice: () => draftView({ lines: [line({ description: "Dressing", quantity: 2, unitPriceMinor: 1250, taxRateBp: 700 })] }),
      list_services: () => [],
      get_patient: () => patient(),
    });
    const user = userEvent.setup();
    renderApp(`/invoices/${INVOICE_ID}`);
    expect(await screen.findByTestId("invoice-line-price-0")).toHaveValue("12.50");
    expect(screen.getByTestId("invoice-total")).toHaveTextContent("EUR 26.75");
    expect(screen.queryByTestId("invoice-from-appointment")).not.toBeInTheDocument();
    await user.click(screen.getByTestId("invoice-save-draft"));
    await waitFor(() => expect(callsOf("update_invoice_draft")).toHaveLength(1));
    expect(callsOf("update_invoice_draft")[0]).toMatchObject({ invoiceId: INVOICE_ID, draft: { lines: [{ description: "Dressing", quantity: 2, unitPriceMinor: 1250, taxRateBp: 700 }] } });
  });
});
