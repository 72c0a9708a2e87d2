// Issue 8 end to end on the real app: the front desk sees a walk-in through to completed,
// invoices the completed appointment, takes a partial cash payment and saves the PDF; the file
// exists and its text shows the balance due.
import { after, afterEach, before, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import { Key } from "selenium-webdriver";
import {
  changeTemporaryPassword,
  chooseOption,
  click,
  clickWithText,
  createAccount,
  find,
  findWithText,
  logIn,
  logOut,
  openApp,
  registerPatient,
  screenshot,
  searchAndChoose,
  setInput,
  setUpClinic,
  textOf,
  typeInto,
  waitForText,
  waitGone,
} from "./driver.mjs";
import { clinicZoneNearLateMorning, wallClock } from "./clock.mjs";

const admin = { username: "morgan", password: "the river runs north" };
const desk = { username: "frida", password: "front desk sunflower" };
const zone = clinicZoneNearLateMorning();
const pad = (n) => String(n).padStart(2, "0");
let driver;

before(async () => {
  driver = await openApp();
});

afterEach(async (t) => {
  await screenshot(driver, `billing ${t.name}`).catch((e) => console.log(`no screenshot: ${e.message}`));
});

after(async () => {
  await driver?.quit();
});

test("the admin sets the time zone and makes a front-desk account", async () => {
  await find(driver, "setup-submit");
  await setUpClinic(driver, admin);
  await createAccount(driver, { username: desk.username, displayName: "Frida Front", role: "Front desk", password: "temporary sunflower" });
  await click(driver, "nav-settings");
  await searchAndChoose(driver, "settings-time-zone", zone, zone);
  await click(driver, "settings-save");
  await driver.sleep(500);
  await logOut(driver);
  await logIn(driver, desk.username, "temporary sunflower");
  await changeTemporaryPassword(driver, "temporary sunflower", desk.password);
});

test("a walk-in is seen through to completed", async () => {
  await click(driver, "nav-providers");
  await click(driver, "provider-create");
  await typeInto(driver, "provider-field-displayName", "Dr Lee");
  for (let day = 1; day <= 7; day++) await click(driver, `hours-add-${day}`);
  await click(driver, "provider-save");
  await findWithText(driver, "provider-row", "Dr Lee");
  await registerPatient(driver, "Irena", "Novak");
  const now = wallClock(zone, new Date(Date.now() - 2 * 60_000));
  await click(driver, "nav-schedule");
  await setInput(driver, "schedule-date", now.date);
  await click(driver, "book-open");
  await searchAndChoose(driver, "book-patient", "Novak", "Irena Novak");
  await searchAndChoose(driver, "book-provider", "Dr Lee", "Dr Lee");
  await click(driver, "book-walk-in");
  await setInput(driver, "book-date", now.date);
  await setInput(driver, "book-time", `${pad(now.hour)}:${pad(now.minute)}`);
  await typeInto(driver, "book-minutes", "15");
  await click(driver, "book-submit");
  await waitGone(driver, "booking-form");
  await clickWithText(driver, "appointment-event", "Irena Novak");
  await find(driver, "appointment-drawer");
  for (const move of ["appt-start", "appt-complete"]) {
    await click(driver, move);
    await driver.sleep(300);
  }
  await waitForText(driver, "appointment-drawer", "Completed");
  await driver.actions().sendKeys(Key.ESCAPE).perform();
  await waitGone(driver, "appointment-drawer");
});

test("the front desk invoices the appointment, takes part in cash and saves the PDF", async () => {
  await click(driver, "nav-patients");
  await clickWithText(driver, "patient-row", "Novak").catch(async () => {
    // WebKitWebDriver may refuse a click on a table row: its first cell takes it.
    const row = await findWithText(driver, "patient-row", "Novak");
    await row.findElement({ css: "td" }).click();
  });
  await click(driver, "patient-open-account");
  await click(driver, "account-new-invoice");
  await chooseOption(driver, "invoice-from-appointment", await firstAppointmentLabel());
  await typeInto(driver, "invoice-line-description-0", "Consultation");
  await typeInto(driver, "invoice-line-quantity-0", "1");
  await typeInto(driver, "invoice-line-price-0", "80.00");
  await waitForText(driver, "invoice-total", "80.00");
  await click(driver, "invoice-issue");
  await waitForText(driver, "invoice-number", "RIV-");
  await click(driver, "payment-open");
  await typeInto(driver, "payment-amount", "30");
  await click(driver, "payment-save");
  await waitForText(driver, "invoice-balance", "50.00");
  await waitForText(driver, "invoice-status", "Partially paid");
  await click(driver, "invoice-save-pdf");
  const saved = await find(driver, "pdf-saved-path");
  let path = "";
  await driver.wait(async () => (path = (await textOf(saved)).trim()).endsWith(".pdf"), 20_000, "waiting for the saved path");
  assert.ok(fs.existsSync(path), `${path} exists`);
  const text = execFileSync("pdftotext", ["-layout", path, "-"], { encoding: "utf8" });
  assert.match(text, /Balance due/);
  assert.match(text, /EUR 50\.00/);
  assert.match(text, /Irena Novak/);
});

/** The label of the first option of the "from an appointment" select (the completed visit). */
async function firstAppointmentLabel() {
  const select = await find(driver, "invoice-from-appointment");
  const options = await select.findElements({ css: "option" });
  for (const option of options) {
    const value = await option.getAttribute("value");
    if (value) return (await option.getText()).trim();
  }
  throw new Error("no appointment to invoice from");
}
