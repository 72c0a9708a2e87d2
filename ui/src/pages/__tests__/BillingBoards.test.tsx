import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import type { ClaimListing } from "../../bindings/ClaimListing";
import type { ClaimMove } from "../../bindings/ClaimMove";
import type { Role } from "../../bindings/Role";
import { claimListing, service, validation } from "../../test/billingFixtures";
import { callsOf, mockCommands, renderApp, sessionFixture, type Handler } from "../../test/utils";

vi.mock("@tauri-apps/api/core", () => ({ invoke: vi.fn() }));

const SETTINGS = { currency: "EUR", taxId: "DE123456789", address: "1 Main St", phone: null };

function open(path: string, role: Role, handlers: Record<string, Handler> = {}) {
  mockCommands({
    current_session: () => sessionFixture(role),
    get_billing_settings: () => SETTINGS,
    list_patients: () => ({ items: [], total: 0, page: 1, pageSize: 25 }),
    ...handlers,
  });
  const user = userEvent.setup();
  renderApp(path);
  return user;
}

describe("claims board", () => {
  /** A board whose move_claim applies the move to its list, as Rust would. */
  function board(claims: ClaimListing[], refuse?: (m: ClaimMove) => unknown) {
    let list = claims;
    return open("/claims", "billing", {
      list_claims: () => list,
      move_claim: (args) => {
        const { claimId, claimMove } = args as { claimId: string; claimMove: ClaimMove };
        if (refuse) {
          const err = refuse(claimMove);
          if (err) throw err;
        }
        list = list.map((c) => {
          if (c.id !== claimId) return c;
          if (claimMove.move === "submit") return { ...c, status: "submitted" };
          if (claimMove.move === "approve") return { ...c, status: claimMove.approvedMinor === c.claimedMinor ? "approved" : "partially_approved", approvedMinor: claimMove.approvedMinor };
          if (claimMove.move === "deny") return { ...c, status: "denied", denialReason: claimMove.reason };
          return { ...c, status: "paid", paidMinor: claimMove.paidMinor };
        });
        return list.find((c) => c.id === claimId);
      },
    });
  }

  it("puts claims in columns by status with the moves each allows", async () => {
    board([
      claimListing(),
      claimListing({ id: "c2", status: "submitted" }),
      claimListing({ id: "c3", status: "partially_approved", approvedMinor: 6000 }),
      claimListing({ id: "c4", status: "denied", denialReason: "Not covered" }),
      claimListing({ id: "c5", status: "paid", approvedMinor: 8000, paidMinor: 8000 }),
    ]);
    const draft = await screen.findByTestId("claims-column-draft");
    expect(within(draft).getByTestId("claim-card")).toHaveTextContent("EUR 80.00");
    expect(within(draft).getByTestId("claim-submit")).toBeInTheDocument();
    const submitted = screen.getByTestId("claims-column-submitted");
    expect(within(submitted).getByTestId("claim-approve")).toBeInTheDocument();
    expect(within(submitted).getByTestId("claim-deny")).toBeInTheDocument();
    const approved = screen.getByTestId("claims-column-approved");
    expect(within(approved).getByTestId("claim-card")).toHaveAttribute("data-status", "partially_approved");
    expect(within(approved).getByTestId("claim-record-payment")).toBeInTheDocument();
    expect(within(screen.getByTestId("claims-column-denied")).getByTestId("claim-card")).toHaveTextContent("Not covered");
    expect(within(screen.getByTestId("claims-column-paid")).queryByRole("button")).not.toBeInTheDocument();
    expect(callsOf("list_claims")).toEqual([{ status: null }]);
  });

  it("moves a claim from draft to paid", async () => {
    const user = board([claimListing()]);
    await user.click(await screen.findByTestId("claim-submit"));
    const submitted = screen.getByTestId("claims-column-submitted");
    await user.click(await within(submitted).findByTestId("claim-approve"));
    const amount = screen.getByTestId("claim-approve-input");
    expect(amount).toHaveValue("80.00");
    await user.clear(amount);
    await user.type(amount, "60");
    await user.click(screen.getByTestId("claim-approve-confirm"));
    const approved = screen.getByTestId("claims-column-approved");
    expect(await within(approved).findByTestId("claim-card")).toHaveAttribute("data-status", "partially_approved");
    await user.click(within(approved).getByTestId("claim-record-payment"));
    expect(screen.getByTestId("claim-record-payment-input")).toHaveValue("60.00");
    await user.click(screen.getByTestId("claim-record-payment-confirm"));
    await waitFor(() => expect(within(screen.getByTestId("claims-column-paid")).getByTestId("claim-card")).toBeInTheDocument());
    expect(callsOf("move_claim")).toEqual([
      { claimId: "claim-1", claimMove: { move: "submit" } },
      { claimId: "claim-1", claimMove: { move: "approve", approvedMinor: 6000 } },
      { claimId: "claim-1", claimMove: { move: "record_payment", paidMinor: 6000 } },
    ]);
  });

  it("denies with the payer's reason, showing Rust's field error first", async () => {
    const user = board([claimListing({ status: "submitted" })], (m) =>
      m.move === "deny" && m.reason === "" ? validation("denialReason", "This field is required") : null,
    );
    await user.click(await screen.findByTestId("claim-deny"));
    await user.click(screen.getByTestId("claim-deny-confirm"));
    expect(await screen.findByTestId("claim-error-denialReason")).toHaveTextContent("This field is required");
    await user.type(screen.getByTestId("claim-deny-input"), "Not covered by the plan");
    await user.click(screen.getByTestId("claim-deny-confirm"));
    const denied = screen.getByTestId("claims-column-denied");
    expect(await within(denied).findByTestId("claim-card")).toHaveTextContent("Not covered by the plan");
  });
});

describe("reports", () => {
  const handlers: Record<string, Handler> = {
    cash_up: (args) => ({
      date: (args as { date: string }).date,
      rows: [
        { currency: "EUR", method: "cash", count: 3, amountMinor: 12_000 },
        { currency: "EUR", method: "card", count: 1, amountMinor: 4_550 },
      ],
      totals: [{ currency: "EUR", amountMinor: 16_550 }],
    }),
    outstanding_balances: () => [
      {
        patientId: "p1",
        patientName: "Zoë Ñúñez-Øberg",
        mrn: "RIV-000002",
        currency: "EUR",
        days0To30Minor: 1000,
        days31To60Minor: 2000,
        days61To90Minor: 0,
        over90Minor: 500,
        totalMinor: 3500,
        oldestIssuedOn: "2025-10-01",
      },
    ],
    claims_report: () => [{ status: "submitted", count: 2, claimedMinor: 16_000, approvedMinor: 0, paidMinor: 0 }],
    export_billing_csv: (args) => ({ path: `/exports/${(args as { report: string }).report}.csv`, rows: 2 }),
  };

  it("shows the cash-up by method, outstanding balances by age and claims by status", async () => {
    open("/reports", "billing", handlers);
    const cash = await screen.findAllByTestId("cashup-row");
    expect(cash.map((r) => r.textContent)).toEqual(["Cash3EUR 120.00", "Card1EUR 45.50"]);
    expect(screen.getByTestId("cashup-total")).toHaveTextContent("EUR 165.50");
    const owed = await screen.findByTestId("outstanding-row");
    expect(owed).toHaveTextContent("Zoë Ñúñez-Øberg");
    expect(within(owed).getAllByRole("cell").map((c) => c.textContent).slice(2, 7)).toEqual(["EUR 10.00", "EUR 20.00", "EUR 0.00", "EUR 5.00", "EUR 35.00"]);
    const claims = await screen.findByTestId("claims-report-row");
    expect(claims).toHaveTextContent("Submitted");
    await waitFor(() => expect(claims).toHaveTextContent("EUR 160.00"));
  });

  it("exports each report as CSV and shows the saved path", async () => {
    const user = open("/reports", "admin", handlers);
    const date = await screen.findByTestId("cashup-date");
    await user.clear(date);
    await user.type(date, "2026-03-02");
    await waitFor(() => expect(callsOf("cash_up")).toContainEqual({ date: "2026-03-02" }));
    await user.click(screen.getByTestId("export-cash_up"));
    expect(await screen.findByTestId("export-cash_up-path")).toHaveTextContent("/exports/cash_up.csv");
    await user.click(screen.getByTestId("export-outstanding"));
    expect(await screen.findByTestId("export-outstanding-path")).toHaveTextContent("/exports/outstanding.csv");
    expect(callsOf("export_billing_csv")).toEqual([
      { report: "cash_up", date: "2026-03-02" },
      { report: "outstanding", date: null },
    ]);
  });

  it("is not offered to front desk", async () => {
    open("/reports", "front_desk", handlers);
    expect(await screen.findByTestId("no-access")).toBeInTheDocument();
    expect(screen.queryByTestId("nav-reports")).not.toBeInTheDocument();
    expect(callsOf("cash_up")).toEqual([]);
  });
});

describe("fee schedule and navigation", () => {
  it("billing adds a service with its price in minor units and tax in basis points", async () => {
    const user = open("/fees", "billing", {
      list_services: () => [service()],
      list_appointment_types: () => [],
      save_service: (args) => ({ ...service(), ...(args as { input: object }).input, id: "svc-2" }),
    });
    expect(await screen.findByTestId("service-row")).toHaveTextContent("EUR 45.00");
    await user.click(screen.getByTestId("service-create"));
    await user.type(await screen.findByTestId("service-code"), "XRAY-1");
    await user.type(screen.getByTestId("service-name"), "X-ray, one view");
    await user.type(screen.getByTestId("service-price"), "62.4");
    await user.clear(screen.getByTestId("service-tax"));
    await user.type(screen.getByTestId("service-tax"), "7.7");
    await user.click(screen.getByTestId("service-save"));
    await waitFor(() => expect(callsOf("save_service")).toHaveLength(1));
    expect(callsOf("save_service")[0]).toEqual({
      serviceId: null,
      input: { code: "XRAY-1", name: "X-ray, one view", priceMinor: 6240, taxRateBp: 770, active: true, appointmentTypeId: null },
    });
  });

  it("front desk reads the fee schedule without editing it", async () => {
    open("/fees", "front_desk", { list_services: () => [service()] });
    expect(await screen.findByTestId("service-row")).toBeInTheDocument();
    expect(screen.queryByTestId("service-create")).not.toBeInTheDocument();
    expect(screen.queryByTestId("service-edit")).not.toBeInTheDocument();
  });

  it("shows the billing nav items by permission", async () => {
    const expectNav = async (role: Role, expected: string[]) => {
      mockCommands({ current_session: () => sessionFixture(role), list_patients: () => ({ items: [], total: 0, page: 1, pageSize: 25 }) });
      const { unmount } = renderApp("/");
      // The session loads after the shell: wait for a role's own item (Schedule, for every role here).
      await screen.findByTestId("nav-schedule");
      expect(["nav-claims", "nav-reports", "nav-fees"].filter((id) => screen.queryByTestId(id) !== null)).toEqual(expected);
      unmount();
    };
    await expectNav("billing", ["nav-claims", "nav-reports", "nav-fees"]);
    await expectNav("admin", ["nav-claims", "nav-reports", "nav-fees"]);
    await expectNav("front_desk", ["nav-fees"]);
    await expectNav("nurse", []);
  });
});
