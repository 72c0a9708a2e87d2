import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import type { ListPatientsRequest } from "../../bindings/ListPatientsRequest";
import type { PatientPage } from "../../bindings/PatientPage";
import { appStatusFixture, callsOf, mockCommands, renderApp, summary } from "../../test/utils";

vi.mock("@tauri-apps/api/core", () => ({ invoke: vi.fn() }));

const page: PatientPage = {
  items: [
    summary(),
    summary({
      id: "p-2",
      mrn: "RIV-000002",
      givenName: "Ahmed",
      familyName: "Nasser",
      dateOfBirth: "1975-11-30",
      sex: "male",
      phone: null,
      archived: true,
    }),
  ],
  total: 60,
  page: 1,
  pageSize: 25,
};

describe("PatientListPage", () => {
  it("renders rows from list_patients inside the app shell", async () => {
    mockCommands({ app_status: () => appStatusFixture, list_patients: () => page });
    renderApp("/");

    const rows = await screen.findAllByTestId("patient-row");
    expect(rows).toHaveLength(2);
    expect(within(rows[0]!).getByText("Lopez, Maria")).toBeInTheDocument();
    expect(rows[0]).toHaveTextContent("RIV-000001");
    expect(rows[0]).toHaveTextContent("1980-04-12");
    expect(rows[0]).toHaveTextContent("Female");
    expect(rows[0]).toHaveTextContent("+1 555 0100");
    expect(rows[1]).toHaveTextContent("Nasser, Ahmed");
    expect(rows[1]).toHaveTextContent("Archived");
    expect(screen.getByTestId("patient-total")).toHaveTextContent("60 patients");

    const request: ListPatientsRequest = { page: 1, pageSize: 25, sort: "family_name", includeArchived: false };
    expect(callsOf("list_patients")[0]).toEqual({ request });

    // Shell: clinic name, site code, sync indicator, navigation.
    expect(await screen.findByTestId("clinic-name")).toHaveTextContent("Riverside Clinic");
    expect(screen.getByTestId("site-code")).toHaveTextContent("RIV-01");
    await waitFor(() => expect(screen.getByTestId("sync-status")).toHaveTextContent("Not syncing"));
    expect(screen.getByTestId("nav-patients")).toBeInTheDocument();
    expect(screen.getByTestId("nav-register")).toBeInTheDocument();
  });

  it("opens a patient when a row is clicked", async () => {
    mockCommands({ app_status: () => appStatusFixture, list_patients: () => page });
    const user = userEvent.setup();
    renderApp("/");
    const rows = await screen.findAllByTestId("patient-row");
    await user.click(rows[1]!);
    await waitFor(() => expect(screen.getByTestId("location")).toHaveAttribute("data-path", "/patients/p-2"));
  });

  it("asks for page 2, another sort and archived patients", async () => {
    mockCommands({ app_status: () => appStatusFixture, list_patients: () => page });
    const user = userEvent.setup();
    renderApp("/");
    await screen.findAllByTestId("patient-row");

    await user.selectOptions(screen.getByTestId("patient-sort"), "mrn");
    await user.click(screen.getByTestId("show-archived"));
    await user.click(screen.getByRole("button", { name: "2" }));

    await waitFor(() =>
      expect(callsOf("list_patients").at(-1)).toEqual({
        request: { page: 2, pageSize: 25, sort: "mrn", includeArchived: true },
      }),
    );
  });

  it("shows an empty state when there are no patients", async () => {
    mockCommands({
      app_status: () => appStatusFixture,
      list_patients: () => ({ items: [], total: 0, page: 1, pageSize: 25 }),
    });
    renderApp("/");
    expect(await screen.findByTestId("patient-list-empty")).toHaveTextContent("No patients yet.");
  });

  it("shows the error when list_patients fails", async () => {
    mockCommands({
      app_status: () => appStatusFixture,
      list_patients: () => {
        throw { code: "database", message: "Database file is locked", fieldErrors: [] };
      },
    });
    renderApp("/");
    expect(await screen.findByTestId("error-state")).toHaveTextContent("Database file is locked");
  });
});
