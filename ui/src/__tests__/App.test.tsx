import { render, screen } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { App } from "../App";
import { appStatusFixture, mockCommands } from "../test/utils";

vi.mock("@tauri-apps/api/core", () => ({ invoke: vi.fn() }));

describe("App", () => {
  it("starts on the patient list with the shell and the sync badge", async () => {
    mockCommands({
      app_status: () => ({ ...appStatusFixture, sync: "offline" }),
      list_patients: () => ({ items: [], total: 0, page: 1, pageSize: 25 }),
    });
    render(<App />);
    expect(await screen.findByTestId("patient-list-empty")).toBeInTheDocument();
    expect(await screen.findByText("Sync: offline")).toBeInTheDocument();
    expect(screen.getByTestId("sync-status")).toHaveTextContent("Sync: offline");
    expect(screen.getByTestId("shortcut-help")).toHaveTextContent("register patient");
  });
});
