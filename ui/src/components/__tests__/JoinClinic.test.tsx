import { render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { App } from "../../App";
import type { JoinClinicInput } from "../../bindings/JoinClinicInput";
import type { SyncStatus } from "../../bindings/SyncStatus";
import { enrolledStatus } from "../../test/syncFixtures";
import { emitTauriEvent } from "../../test/tauriEvents";
import { appStatusFixture, callsOf, mockCommands, validationError } from "../../test/utils";

vi.mock("@tauri-apps/api/core", () => ({ invoke: vi.fn() }));
vi.mock("@tauri-apps/api/event", () => import("../../test/tauriEvents"));

const fetching = (done: number, overrides: Partial<SyncStatus> = {}): SyncStatus =>
  enrolledStatus({ state: "syncing", lastSyncedAt: null, initialised: false, progress: { phase: "receiving", done, total: 200 }, ...overrides });

const barValue = () => within(screen.getByTestId("join-progress-bar")).getByRole("progressbar").getAttribute("aria-valuenow");

describe("joining an existing clinic", () => {
  it("the setup page's join mode sends what was typed; a Rust field error stays by its field", async () => {
    let joined = false;
    mockCommands({
      app_status: () => ({ ...appStatusFixture, clinicName: joined ? "Riverside Clinic" : "", needsSetup: !joined, joining: joined }),
      current_session: () => null,
      sync_status: () => fetching(90),
      join_clinic: (args) => {
        const { input } = args as { input: JoinClinicInput };
        if (input.siteCode === "DESK") throw validationError("siteCode", "Another site of this clinic already uses the code DESK");
        joined = true;
        return fetching(0);
      },
    });
    const user = userEvent.setup();
    render(<App />);
    // A new clinic stays the default.
    expect(await screen.findByTestId("setup-clinicName")).toBeVisible();
    expect(screen.getByTestId("setup-mode-new")).toHaveAttribute("aria-selected", "true");

    await user.click(screen.getByTestId("setup-mode-join"));
    await user.type(await screen.findByTestId("join-server-url"), "https://clinic-server.local:8443");
    await user.type(screen.getByTestId("join-fingerprint"), "AB:CD:EF");
    await user.type(screen.getByTestId("join-code"), "K7Q2-9XFA");
    await user.type(screen.getByTestId("join-site-name"), "Front desk 2");
    await user.type(screen.getByTestId("join-site-code"), "DESK");
    await user.click(screen.getByTestId("join-submit"));
    expect(await screen.findByTestId("join-error-siteCode")).toHaveTextContent("already uses the code DESK");
    expect(screen.getByTestId("join-server-url")).toHaveValue("https://clinic-server.local:8443");
    expect(screen.getByTestId("join-site-name")).toHaveValue("Front desk 2");

    await user.type(screen.getByTestId("join-site-code"), "2");
    await user.click(screen.getByTestId("join-submit"));
    expect(await screen.findByText("Joining Riverside Clinic")).toBeInTheDocument();
    expect(callsOf("join_clinic").at(-1)).toEqual({
      input: {
        serverUrl: "https://clinic-server.local:8443",
        fingerprint: "AB:CD:EF",
        code: "K7Q2-9XFA",
        siteName: "Front desk 2",
        siteCode: "DESK2",
      },
    });
    await waitFor(() => expect(barValue()).toBe("45"));
    expect(screen.getByTestId("join-progress")).toHaveTextContent("45%");
    expect(callsOf("set_up_clinic")).toHaveLength(0);
  });

  it("the joining screen follows the progress, shows why it waits, and opens the login once done", async () => {
    let status = fetching(0, { state: "offline", progress: null, lastError: "The clinic's server cannot be reached." });
    mockCommands({
      app_status: () => ({ ...appStatusFixture, joining: !status.initialised }),
      current_session: () => null,
      sync_status: () => status,
    });
    render(<App />);
    expect(await screen.findByTestId("join-last-error")).toHaveTextContent("cannot be reached");
    expect(screen.getByText("Fetching the clinic's records…")).toBeInTheDocument();
    expect(screen.getByTestId("join-progress")).toHaveTextContent("Connecting to the clinic's server");
    expect(screen.getByTestId("join-last-error")).toHaveTextContent("keeps trying");
    expect(barValue()).toBe("0");
    // Nobody can log in before the accounts arrive.
    expect(callsOf("current_session")).toHaveLength(0);

    status = fetching(150);
    // Rust says "sync-changed" after each step of the sync: the screen re-reads the status.
    emitTauriEvent("sync-changed");
    await waitFor(() => expect(barValue()).toBe("75"), { timeout: 3000 });
    expect(screen.queryByTestId("join-last-error")).not.toBeInTheDocument();

    status = enrolledStatus();
    emitTauriEvent("sync-changed");
    expect(await screen.findByTestId("login-username", {}, { timeout: 3000 })).toBeInTheDocument();
  });
});
