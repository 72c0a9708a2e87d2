// Issue 4 end to end on the real app: first-run setup, the admin makes a front-desk account,
// the front desk logs in, cannot reach clinical screens, uses break-the-glass with a reason,
// the screen locks when idle and keeps what was typed, and the admin sees it all in the audit
// viewer.
import { after, afterEach, before, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import {
  byTestId,
  changeTemporaryPassword,
  chooseOption,
  click,
  createAccount,
  find,
  logIn,
  logOut,
  openApp,
  registerPatient,
  screenshot,
  setUpClinic,
  textOf,
  textsOf,
  typeInto,
  valueOf,
  waitForText,
  waitGone,
} from "./driver.mjs";

const admin = { username: "morgan", password: "the river runs north" };
const desk = { username: "frida", password: "front desk sunflower" };
let driver;

before(async () => {
  driver = await openApp();
});

afterEach(async (t) => {
  await screenshot(driver, `accounts ${t.name}`).catch((e) => console.log(`no screenshot: ${e.message}`));
});

after(async () => {
  await driver?.quit();
});

test("first run: the setup screen makes the clinic and its first admin", async () => {
  await find(driver, "setup-submit");
  // A weak password is refused by the Rust side with a reason next to the field.
  await typeInto(driver, "setup-clinicName", "Riverside Family Clinic");
  await typeInto(driver, "setup-siteName", "Front desk");
  await typeInto(driver, "setup-siteCode", "RIV");
  await typeInto(driver, "setup-username", admin.username);
  await typeInto(driver, "setup-displayName", "Morgan Manager");
  await typeInto(driver, "setup-password", "password1");
  await typeInto(driver, "setup-confirm", "password1");
  await click(driver, "setup-submit");
  await waitForText(driver, "setup-error-password", "common");
  await setUpClinic(driver, admin);
  await find(driver, "nav-users");
  await find(driver, "nav-audit");
});

test("the admin makes a front-desk account and sets the idle lock to one minute", async () => {
  await createAccount(driver, { username: desk.username, displayName: "Frida Front", role: "Front desk", password: "temporary sunflower" });
  await click(driver, "nav-settings");
  await typeInto(driver, "settings-idle-minutes", "1");
  await click(driver, "settings-save");
  await driver.sleep(500);
  await logOut(driver);
});

test("the front desk logs in, must choose a new password, and sees no admin or clinical screens", async () => {
  await logIn(driver, desk.username, "wrong password here");
  await waitForText(driver, "login-error", "do not match");
  await logIn(driver, desk.username, "temporary sunflower");
  await changeTemporaryPassword(driver, "temporary sunflower", desk.password);
  for (const hidden of ["nav-users", "nav-audit", "nav-settings"]) {
    assert.equal((await driver.findElements(byTestId(hidden))).length, 0, `${hidden} is hidden from the front desk`);
  }
  await registerPatient(driver, "Odette", "Varga");
  await click(driver, "patient-open-chart");
  await waitForText(driver, "chart-forbidden", "no access to clinical records");
});

test("break-the-glass: with a reason, the chart opens for a limited time", async () => {
  await click(driver, "break-glass-open");
  await typeInto(driver, "break-glass-reason", "short");
  await click(driver, "break-glass-confirm");
  await waitForText(driver, "break-glass-error-reason", "at least 10");
  await typeInto(driver, "break-glass-reason", "Collapsed in the waiting room; paramedics ask for her history");
  await click(driver, "break-glass-confirm");
  await find(driver, "patient-chart");
  await waitForText(driver, "chart-emergency-banner", "Emergency access until");
});

test("idle lock: the screen locks after a minute and the half-typed form survives unlocking", async () => {
  await click(driver, "nav-register");
  await typeInto(driver, "field-givenName", "Half-typed");
  await typeInto(driver, "field-familyName", "Registration");
  // No input for the idle time (1 minute): the lock screen covers the app.
  await find(driver, "lock-screen", 100_000);
  await screenshot(driver, "accounts idle lock screen");
  await typeInto(driver, "lock-password", "not my password");
  await click(driver, "lock-unlock");
  await waitForText(driver, "lock-error", "do not match");
  await typeInto(driver, "lock-password", desk.password);
  await click(driver, "lock-unlock");
  await waitGone(driver, "lock-screen");
  assert.equal(await valueOf(driver, "field-givenName"), "Half-typed");
  assert.equal(await valueOf(driver, "field-familyName"), "Registration");
  await logOut(driver);
});

test("the admin sees the alert and the front desk's trail in the audit viewer", async () => {
  await logIn(driver, admin.username, admin.password);
  await waitForText(driver, "security-alerts", "1");
  await click(driver, "nav-audit");
  await waitForText(driver, "alert-row", "paramedics");
  await chooseOption(driver, "audit-filter-action", "Break-the-glass");
  await waitForText(driver, "audit-row", "frida");
  await waitForText(driver, "audit-row", "Odette Varga");
  await chooseOption(driver, "audit-filter-action", "All actions");
  await waitForText(driver, "audit-row", "Login failed");
  const texts = await textsOf(driver, "audit-row");
  for (const expected of ["Permission denied", "Chart opened", "Session locked", "Login failed", "Patient created"]) {
    assert.ok(texts.some((t) => t.includes(expected)), `the trail shows "${expected}"`);
  }
  await click(driver, "audit-verify");
  await waitForText(driver, "audit-verify-result", "Intact");
  await click(driver, "audit-export");
  await waitForText(driver, "audit-export-result", ".csv");
  const path = (await textOf(await find(driver, "audit-export-result"))).match(/(\/\S+\.csv)/)?.[1];
  assert.ok(path && existsSync(path), `the CSV was written (${path})`);
  const csv = readFileSync(path, "utf8");
  assert.match(csv.split("\n")[0], /^occurred_at,site,seq,username,role,action/);
  assert.ok(csv.includes("break_the_glass") && csv.includes("frida"), "the export holds the break-the-glass event");
  assert.ok(!csv.includes("Odette"), "the export names no patient");
});
