import { render, screen } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { App } from "../App";
import { syncStatusFixture } from "../test/syncFixtures";
import { mockCommands } from "../test/utils";

vi.mock("@tauri-apps/api/core", () => ({ invoke: vi.fn() }));

describe("App", () => {
  it("starts on the patient list with the shell and the sync indicator", async () => {
    mockCommands({
      sync_status: () => syncStatusFixture({ state: "offline", serverUrl: "https://clinic-server.local:8443", waiting: 3 }),
      list_patients: () => ({ items: [], total: 0, page: 1, pageSize: 25 }),
    });
    render(<App />);
    expect(await screen.findByTestId("patient-list-empty")).toBeInTheDocument();
    expect(await screen.findByText("Offline — 3 changes waiting")).toBeInTheDocument();
    expect(screen.getByTestId("sync-status")).toHaveAttribute("data-state", "offline");
    expect(screen.getByTestId("shortcut-help")).toHaveTextContent("register patient");
  });
});
