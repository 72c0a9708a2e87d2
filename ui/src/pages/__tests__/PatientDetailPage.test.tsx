import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { appStatusFixture, callsOf, mockCommands, patient, renderApp } from "../../test/utils";

vi.mock("@tauri-apps/api/core", () => ({ invoke: vi.fn() }));

describe("PatientDetailPage", () => {
  it("shows the banner and cards", async () => {
    mockCommands({ app_status: () => appStatusFixture, get_patient: () => patient() });
    renderApp("/patients/0190a0b0-0000-7000-8000-000000000001");

    expect(await screen.findByTestId("patient-name")).toHaveTextContent("Maria Lopez");
    expect(screen.getByTestId("patient-detail")).toBeInTheDocument();
    expect(screen.getByTestId("patient-mrn")).toHaveTextContent("RIV-000001");
    expect(screen.getByTestId("patient-dob")).toHaveTextContent("1980-04-12");
    expect(screen.getByTestId("patient-blood-group")).toHaveTextContent("O+");
    expect(screen.getByTestId("card-emergency")).toHaveTextContent("Juan Lopez");
    expect(screen.queryByTestId("patient-archived")).not.toBeInTheDocument();
    expect(callsOf("get_patient")[0]).toEqual({ id: "0190a0b0-0000-7000-8000-000000000001" });
  });

  it("archives after confirmation", async () => {
    let p = patient({ id: "p-1" });
    mockCommands({
      app_status: () => appStatusFixture,
      get_patient: () => p,
      archive_patient: () => {
        p = { ...p, archivedAt: "2025-02-01T00:00:00Z" };
        return p;
      },
    });
    const user = userEvent.setup();
    renderApp("/patients/p-1");

    await user.click(await screen.findByTestId("patient-archive"));
    expect(callsOf("archive_patient")).toHaveLength(0);
    await user.click(await screen.findByTestId("patient-archive-confirm"));

    expect(await screen.findByTestId("patient-archived")).toHaveTextContent("Archived");
    expect(callsOf("archive_patient")).toEqual([{ id: "p-1" }]);
    await waitFor(() => expect(screen.getByTestId("patient-archive")).toBeDisabled());
  });

  it("shows not found", async () => {
    mockCommands({
      app_status: () => appStatusFixture,
      get_patient: () => {
        throw { code: "not_found", message: "No patient with this id", fieldErrors: [] };
      },
    });
    renderApp("/patients/missing");
    expect(await screen.findByTestId("error-state")).toHaveTextContent("No patient with this id");
  });

  it("edits with the stored values prefilled", async () => {
    const p = patient({ id: "p-1", bloodGroup: null, notes: "Allergic to penicillin" });
    mockCommands({
      app_status: () => appStatusFixture,
      get_patient: () => p,
      update_patient: (args) => ({ ...p, ...(args as { input: object }).input }),
    });
    const user = userEvent.setup();
    renderApp("/patients/p-1/edit");

    const given = (await screen.findByTestId("field-givenName")) as HTMLInputElement;
    expect(given).toHaveValue("Maria");
    expect(screen.getByTestId("field-bloodGroup")).toHaveValue("");
    expect(screen.getByTestId("field-notes")).toHaveValue("Allergic to penicillin");
    await user.clear(given);
    await user.type(given, "Mary");
    await user.click(screen.getByTestId("patient-save"));

    await waitFor(() => expect(screen.getByTestId("location")).toHaveAttribute("data-path", "/patients/p-1"));
    const call = callsOf("update_patient")[0] as { id: string; input: Record<string, unknown> };
    expect(call.id).toBe("p-1");
    expect(call.input.givenName).toBe("Mary");
    expect(call.input.middleName).toBe("");
    expect(call.input.bloodGroup).toBeNull();
  });
});
