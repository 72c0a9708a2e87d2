import { act, fireEvent, render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { App } from "../../App";
import type { CommandError } from "../../bindings/CommandError";
import type { SessionInfo } from "../../bindings/SessionInfo";
import { appStatusFixture, callsOf, mockCommands, sessionFixture } from "../../test/utils";

vi.mock("@tauri-apps/api/core", () => ({ invoke: vi.fn() }));

const emptyList = () => ({ items: [], total: 0, page: 1, pageSize: 25 });

function refuse(code: CommandError["code"], message: string, field?: string): never {
  const err: CommandError = { code, message, fieldErrors: field ? [{ field, message }] : [] };
  throw err;
}

describe("session gate", () => {
  afterEach(() => {
    vi.useRealTimers();
    window.location.hash = "";
  });

  it("first run shows setup; a Rust field error sits by its field; success opens the app", async () => {
    let setUp = false;
    mockCommands({
      app_status: () => ({ ...appStatusFixture, needsSetup: !setUp }),
      current_session: () => (setUp ? sessionFixture("admin") : null),
      set_up_clinic: (args) => {
        const input = (args as { input: { password: string } }).input;
        if (input.password === "password1") refuse("validation", "This password is one of the most common", "password");
        setUp = true;
        return sessionFixture("admin");
      },
      list_patients: emptyList,
      list_security_alerts: () => [],
    });
    const user = userEvent.setup();
    render(<App />);
    await user.type(await screen.findByTestId("setup-clinicName"), "Riverside");
    await user.type(screen.getByTestId("setup-siteName"), "Front desk");
    await user.type(screen.getByTestId("setup-siteCode"), "RIV");
    await user.type(screen.getByTestId("setup-username"), "morgan");
    await user.type(screen.getByTestId("setup-displayName"), "Morgan Manager");
    await user.type(screen.getByTestId("setup-password"), "password1");
    await user.type(screen.getByTestId("setup-confirm"), "password1");
    await user.click(screen.getByTestId("setup-submit"));
    expect(await screen.findByTestId("setup-error-password")).toHaveTextContent("most common");
    expect(screen.getByTestId("setup-clinicName")).toHaveValue("Riverside");

    await user.clear(screen.getByTestId("setup-password"));
    await user.type(screen.getByTestId("setup-password"), "the river runs north");
    await user.clear(screen.getByTestId("setup-confirm"));
    await user.type(screen.getByTestId("setup-confirm"), "the river runs north");
    await user.click(screen.getByTestId("setup-submit"));
    expect(await screen.findByTestId("patient-list-empty")).toBeInTheDocument();
    expect(screen.getByTestId("nav-users")).toBeInTheDocument();
    expect(callsOf("set_up_clinic").at(-1)).toEqual({
      input: {
        clinicName: "Riverside",
        siteName: "Front desk",
        siteCode: "RIV",
        username: "morgan",
        displayName: "Morgan Manager",
        password: "the river runs north",
      },
    });
  });

  it("setup refuses two different passwords without calling Rust", async () => {
    mockCommands({ app_status: () => ({ ...appStatusFixture, needsSetup: true }), current_session: () => null });
    const user = userEvent.setup();
    render(<App />);
    await user.type(await screen.findByTestId("setup-password"), "the river runs north");
    await user.type(screen.getByTestId("setup-confirm"), "the river runs south");
    await user.click(screen.getByTestId("setup-submit"));
    expect(await screen.findByText("The two passwords differ")).toBeInTheDocument();
    expect(callsOf("set_up_clinic")).toHaveLength(0);
  });

  it("login: a failure keeps the username, clears the password and says why; success shows the app", async () => {
    mockCommands({
      current_session: () => null,
      log_in: (args) => {
        const { password } = args as { username: string; password: string };
        if (password !== "front desk sunflower") refuse("invalid_credentials", "The username and password do not match an account");
        return sessionFixture("front_desk");
      },
      list_patients: emptyList,
    });
    const user = userEvent.setup();
    render(<App />);
    await user.type(await screen.findByTestId("login-username"), "frida");
    await user.type(screen.getByTestId("login-password"), "wrong");
    await user.click(screen.getByTestId("login-submit"));
    expect(await screen.findByTestId("login-error")).toHaveTextContent("do not match");
    expect(screen.getByTestId("login-username")).toHaveValue("frida");
    expect(screen.getByTestId("login-password")).toHaveValue("");

    await user.type(screen.getByTestId("login-password"), "front desk sunflower");
    await user.click(screen.getByTestId("login-submit"));
    expect(await screen.findByTestId("patient-list-empty")).toBeInTheDocument();
    // The front desk sees no admin screens.
    expect(screen.queryByTestId("nav-users")).not.toBeInTheDocument();
    expect(screen.queryByTestId("nav-audit")).not.toBeInTheDocument();
    expect(screen.queryByTestId("nav-settings")).not.toBeInTheDocument();
    expect(screen.getByTestId("nav-register")).toBeInTheDocument();
  });

  it("a reset password must be changed before anything else is reachable", async () => {
    let session: SessionInfo = sessionFixture("front_desk", { mustChangePassword: true });
    mockCommands({
      current_session: () => session,
      change_own_password: (args) => {
        const { new: next } = args as { current: string; new: string };
        if (next.length < 8) refuse("validation", "Use at least 8 characters", "newPassword");
        session = sessionFixture("front_desk");
        return session;
      },
      list_patients: emptyList,
    });
    const user = userEvent.setup();
    render(<App />);
    await user.type(await screen.findByTestId("change-current"), "temporary sunflower");
    expect(screen.queryByTestId("nav-patients")).not.toBeInTheDocument();
    await user.type(screen.getByTestId("change-new"), "short");
    await user.type(screen.getByTestId("change-confirm"), "short");
    await user.click(screen.getByTestId("change-submit"));
    expect(await screen.findByTestId("change-error-newPassword")).toHaveTextContent("at least 8");

    await user.clear(screen.getByTestId("change-new"));
    await user.type(screen.getByTestId("change-new"), "front desk sunflower");
    await user.clear(screen.getByTestId("change-confirm"));
    await user.type(screen.getByTestId("change-confirm"), "front desk sunflower");
    await user.click(screen.getByTestId("change-submit"));
    expect(await screen.findByTestId("patient-list-empty")).toBeInTheDocument();
    expect(callsOf("change_own_password").at(-1)).toEqual({ current: "temporary sunflower", new: "front desk sunflower" });
  });

  it("idle lock: after the idle minutes the lock screen covers the app, and the typed form survives unlocking", async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    window.location.hash = "#/patients/new";
    let locked = false;
    mockCommands({
      current_session: () => sessionFixture("front_desk", { idleLockMinutes: 1, locked }),
      lock_session: () => {
        locked = true;
        return sessionFixture("front_desk", { idleLockMinutes: 1, locked: true });
      },
      unlock_session: (args) => {
        if ((args as { password: string }).password !== "front desk sunflower") {
          refuse("invalid_credentials", "The username and password do not match an account");
        }
        locked = false;
        return sessionFixture("front_desk", { idleLockMinutes: 1 });
      },
      record_activity: () => null,
    });
    render(<App />);
    const given = await screen.findByTestId("field-givenName");
    fireEvent.change(given, { target: { value: "Half-typed" } });
    expect(screen.queryByTestId("lock-screen")).not.toBeInTheDocument();

    // 50 seconds idle: not yet.
    await act(async () => {
      await vi.advanceTimersByTimeAsync(50_000);
    });
    expect(screen.queryByTestId("lock-screen")).not.toBeInTheDocument();
    await act(async () => {
      await vi.advanceTimersByTimeAsync(15_000);
    });
    expect(await screen.findByTestId("lock-screen")).toBeInTheDocument();
    expect(callsOf("lock_session")).toHaveLength(1);

    fireEvent.change(screen.getByTestId("lock-password"), { target: { value: "not mine" } });
    fireEvent.click(screen.getByTestId("lock-unlock"));
    expect(await screen.findByTestId("lock-error")).toHaveTextContent("do not match");

    fireEvent.change(screen.getByTestId("lock-password"), { target: { value: "front desk sunflower" } });
    fireEvent.click(screen.getByTestId("lock-unlock"));
    await waitFor(() => expect(screen.queryByTestId("lock-screen")).not.toBeInTheDocument());
    expect(screen.getByTestId("field-givenName")).toHaveValue("Half-typed");
  });

  it("activity keeps the session open past the idle time", async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    mockCommands({
      current_session: () => sessionFixture("front_desk", { idleLockMinutes: 1 }),
      list_patients: emptyList,
      lock_session: () => sessionFixture("front_desk", { idleLockMinutes: 1, locked: true }),
      record_activity: () => null,
    });
    render(<App />);
    await screen.findByTestId("patient-list-empty");
    for (let i = 0; i < 4; i++) {
      await act(async () => {
        await vi.advanceTimersByTimeAsync(40_000);
      });
      fireEvent.keyDown(window, { key: "a" });
    }
    expect(screen.queryByTestId("lock-screen")).not.toBeInTheDocument();
    expect(callsOf("lock_session")).toHaveLength(0);
    // Activity is reported to the Rust side, which locks on its own when it hears nothing.
    expect(callsOf("record_activity").length).toBeGreaterThan(0);
  });

  it("a command refused because the session ended goes back to the login with the reason", async () => {
    let ended = false;
    mockCommands({
      current_session: () => (ended ? null : sessionFixture("front_desk")),
      list_patients: () => {
        if (ended) refuse("session_ended", "Your account was disabled: the session has ended");
        return emptyList();
      },
    });
    render(<App />);
    await screen.findByTestId("patient-list-empty");
    ended = true;
    fireEvent.click(screen.getByTestId("show-archived"));
    expect(await screen.findByTestId("login-error")).toHaveTextContent("the session has ended");
  });
});

describe("log out and lock from the user menu", () => {
  it("log out shows the login and forgets the user's data", async () => {
    let loggedIn = true;
    mockCommands({
      current_session: () => (loggedIn ? sessionFixture("front_desk") : null),
      list_patients: emptyList,
      log_out: () => {
        loggedIn = false;
        return null;
      },
    });
    const user = userEvent.setup();
    render(<App />);
    await screen.findByTestId("patient-list-empty");
    await user.click(screen.getByTestId("user-menu"));
    await user.click(await screen.findByTestId("log-out"));
    expect(await screen.findByTestId("login-username")).toBeInTheDocument();
    expect(screen.queryByTestId("patient-list-empty")).not.toBeInTheDocument();
    expect(callsOf("log_out")).toHaveLength(1);
  });

  it("the user menu names the app's version", async () => {
    mockCommands({ list_patients: emptyList });
    const user = userEvent.setup();
    render(<App />);
    await screen.findByTestId("patient-list-empty");
    await user.click(screen.getByTestId("user-menu"));
    expect(await screen.findByTestId("app-version")).toHaveTextContent("Clinic Desk 0.1.0");
    expect(callsOf("app_version")).toEqual([undefined]);
  });

  it("lock shows the lock screen at once", async () => {
    mockCommands({
      list_patients: emptyList,
      lock_session: () => sessionFixture("front_desk", { locked: true }),
    });
    const user = userEvent.setup();
    render(<App />);
    await screen.findByTestId("patient-list-empty");
    await user.click(screen.getByTestId("user-menu"));
    await user.click(await screen.findByTestId("lock-now"));
    expect(await screen.findByTestId("lock-screen")).toBeInTheDocument();
    expect(callsOf("lock_session")).toHaveLength(1);
  });
});
