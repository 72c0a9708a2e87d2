import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import type { SyncStatus } from "../../bindings/SyncStatus";
import { emitTauriEvent, listenerCount } from "../../test/tauriEvents";
import { enrolledStatus, syncStatusFixture } from "../../test/syncFixtures";
import { callsOf, mockCommands, renderApp, renderWithProviders } from "../../test/utils";
import { SyncIndicator } from "../SyncIndicator";

vi.mock("@tauri-apps/api/core", () => ({ invoke: vi.fn() }));
vi.mock("@tauri-apps/api/event", () => import("../../test/tauriEvents"));

describe("sync indicator", () => {
  it("says each state in a few words", async () => {
    const cases: Array<[SyncStatus, string]> = [
      [syncStatusFixture(), "Not syncing"],
      [enrolledStatus({ state: "offline", waiting: 3 }), "Offline — 3 changes waiting"],
      [enrolledStatus({ state: "offline", waiting: 1 }), "Offline — 1 change waiting"],
      [enrolledStatus({ state: "offline" }), "Offline"],
      [enrolledStatus({ state: "syncing", progress: { phase: "sending", done: 45, total: 100 } }), "Syncing… 45%"],
      [enrolledStatus({ state: "syncing", progress: { phase: "receiving", done: 0, total: 0 } }), "Syncing…"],
      // 19:05 UTC is 14:05 in New York, where Vitest runs: the computer's own clock.
      [enrolledStatus(), "Synced at 14:05"],
      [enrolledStatus({ waiting: 2 }), "Synced at 14:05 · 2 waiting"],
      [enrolledStatus({ state: "needs_attention" }), "Sync needs attention"],
    ];
    for (const [status, label] of cases) {
      mockCommands({ sync_status: () => status });
      const view = renderWithProviders(<SyncIndicator />);
      const indicator = await screen.findByTestId("sync-status");
      await waitFor(() => expect(indicator).toHaveAttribute("data-state", status.state));
      expect(indicator).toHaveTextContent(label, { normalizeWhitespace: true });
      expect(indicator.textContent).toBe(label);
      expect(screen.queryByTestId("sync-conflicts-badge")).not.toBeInTheDocument();
      view.unmount();
    }
  });

  it("shows double bookings as a red badge that opens the double bookings page", async () => {
    mockCommands({ sync_status: () => enrolledStatus({ conflicts: 2 }) });
    const user = userEvent.setup();
    renderWithProviders(<SyncIndicator />);
    expect(await screen.findByTestId("sync-conflicts-badge")).toHaveTextContent("2 double bookings");
    // A link once the session says this role views the schedule.
    await user.click(await screen.findByRole("link", { name: "2 double bookings" }));
    await waitFor(() => expect(screen.getByTestId("location")).toHaveAttribute("data-path", "/schedule/conflicts"));
  });

  it("opens the details with the last error, and Sync now asks Rust and re-reads the status", async () => {
    mockCommands({
      sync_status: () => enrolledStatus({ state: "offline", lastError: "The clinic's server cannot be reached" }),
      sync_now: () => null,
    });
    const user = userEvent.setup();
    renderWithProviders(<SyncIndicator />);
    await user.click(await screen.findByText("Offline"));
    expect(await screen.findByTestId("sync-details")).toHaveTextContent("https://clinic-server.local:8443");
    expect(screen.getByTestId("sync-last-error")).toHaveTextContent("The clinic's server cannot be reached");
    const reads = callsOf("sync_status").length;
    await user.click(screen.getByTestId("sync-now"));
    await waitFor(() => expect(callsOf("sync_status").length).toBeGreaterThan(reads));
    expect(callsOf("sync_now")).toEqual([undefined]);
  });

  it("re-reads on the sync-changed event, and refreshes the lists once a sync finishes", async () => {
    let status = enrolledStatus({ state: "syncing", progress: { phase: "receiving", done: 10, total: 100 } });
    mockCommands({
      sync_status: () => status,
      list_patients: () => ({ items: [], total: 0, page: 1, pageSize: 25 }),
    });
    renderApp("/");
    expect(await screen.findByText("Syncing… 10%")).toBeInTheDocument();
    await screen.findByTestId("patient-list-empty");
    await waitFor(() => expect(listenerCount("sync-changed")).toBe(1));
    const listReads = callsOf("list_patients").length;

    status = enrolledStatus({ received: 12 });
    emitTauriEvent("sync-changed");
    expect(await screen.findByText("Synced at 14:05")).toBeInTheDocument();
    await waitFor(() => expect(callsOf("list_patients").length).toBeGreaterThan(listReads));
  });

  it("leaves the lists alone after a sync that brought nothing in", async () => {
    let status = enrolledStatus({ state: "syncing", progress: { phase: "sending", done: 1, total: 2 } });
    mockCommands({
      sync_status: () => status,
      list_patients: () => ({ items: [], total: 0, page: 1, pageSize: 25 }),
    });
    renderApp("/");
    await screen.findByTestId("patient-list-empty");
    await waitFor(() => expect(listenerCount("sync-changed")).toBe(1));
    const listReads = callsOf("list_patients").length;

    status = enrolledStatus({ received: 0, lastSyncedAt: "2026-11-23T19:06:00Z" });
    emitTauriEvent("sync-changed");
    expect(await screen.findByText("Synced at 14:06")).toBeInTheDocument();
    // Re-reading would re-run (and re-audit) every open read each half minute.
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(callsOf("list_patients").length).toBe(listReads);
  });
});
