import { act, fireEvent, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { patientSpotlight } from "../../lib/patientSpotlight";
import { appStatusFixture, callsOf, mockCommands, renderApp, summary } from "../../test/utils";

vi.mock("@tauri-apps/api/core", () => ({ invoke: vi.fn() }));

const results = [
  summary({ id: "p-1", givenName: "Maria", familyName: "Lopez", mrn: "RIV-000001" }),
  summary({ id: "p-2", givenName: "Mario", familyName: "Lopes", mrn: "RIV-000007", phone: null }),
];

describe("global patient search", () => {
  afterEach(() => act(() => patientSpotlight.close()));

  it("opens on Ctrl+K, shows ranked results unfiltered and opens the chosen patient", async () => {
    mockCommands({
      app_status: () => appStatusFixture,
      list_patients: () => ({ items: [], total: 0, page: 1, pageSize: 25 }),
      search_patients: () => results,
    });
    const user = userEvent.setup();
    renderApp("/");
    await screen.findByTestId("patient-list-empty");

    fireEvent.keyDown(document.documentElement, { key: "k", code: "KeyK", ctrlKey: true });
    const input = await screen.findByTestId("spotlight-search");
    // A typo: neither result contains "lpoez", Spotlight must not filter them out.
    await user.type(input, "lpoez");

    const items = await screen.findAllByTestId("search-result");
    expect(items).toHaveLength(2);
    expect(items[0]).toHaveTextContent("Maria Lopez");
    expect(items[0]).toHaveTextContent("RIV-000001");
    expect(items[0]).toHaveTextContent("1980-04-12");
    expect(items[0]).toHaveTextContent("+1 555 0100");
    await waitFor(() => expect(callsOf("search_patients").at(-1)).toEqual({ query: "lpoez", limit: 20 }));
    // Debounced: not one call per keystroke.
    expect(callsOf("search_patients").length).toBeLessThan(5);

    // Enter opens the first (best) result.
    await waitFor(() => expect(items[0]).toHaveAttribute("data-selected"));
    await user.keyboard("{Enter}");
    await waitFor(() => expect(screen.getByTestId("location")).toHaveAttribute("data-path", "/patients/p-1"));
  });

  it("opens a result on click", async () => {
    mockCommands({
      app_status: () => appStatusFixture,
      list_patients: () => ({ items: [], total: 0, page: 1, pageSize: 25 }),
      search_patients: () => results,
    });
    const user = userEvent.setup();
    renderApp("/");
    await user.click(await screen.findByTestId("search-button"));
    await user.type(await screen.findByTestId("spotlight-search"), "555");
    const items = await screen.findAllByTestId("search-result");
    await user.click(items[1]!);
    await waitFor(() => expect(screen.getByTestId("location")).toHaveAttribute("data-path", "/patients/p-2"));
  });

  it("opens registration with Alt+N", async () => {
    mockCommands({
      app_status: () => appStatusFixture,
      list_patients: () => ({ items: [], total: 0, page: 1, pageSize: 25 }),
    });
    renderApp("/");
    await screen.findByTestId("patient-list-empty");
    // The shortcut is there once the session says this role may register patients.
    await screen.findByTestId("nav-register");
    fireEvent.keyDown(document.documentElement, { key: "n", code: "KeyN", altKey: true });
    await waitFor(() => expect(screen.getByTestId("location")).toHaveAttribute("data-path", "/patients/new"));
  });
});
