// Issue 6 end to end on the real app: a doctor records a penicillin allergy, writes and signs a
// visit note, is warned when prescribing amoxicillin and prescribes it with a recorded reason;
// a nurse records vitals (an implausible pulse is refused next to its field) but cannot
// prescribe; the front desk cannot open the chart at all.
import { after, afterEach, before, test } from "node:test";
import assert from "node:assert/strict";
import { By } from "selenium-webdriver";
import {
  byTestId,
  changeTemporaryPassword,
  chooseOption,
  click,
  createAccount,
  find,
  findWithText,
  logIn,
  logOut,
  openApp,
  registerPatient,
  retryWhileRerendering,
  screenshot,
  setUpClinic,
  typeInto,
  waitForText,
} from "./driver.mjs";

const admin = { username: "morgan", password: "the river runs north" };
const staff = {
  desk: { username: "frida", displayName: "Frida Front", role: "Front desk", password: "front desk sunflower" },
  doctor: { username: "dora", displayName: "Dr Dora Okafor", role: "Doctor", password: "doctor lighthouse" },
  nurse: { username: "nils", displayName: "Nils Nurse", role: "Nurse", password: "nurse tide pool" },
};
const TEMPORARY = "temporary passphrase";
let driver;

before(async () => {
  driver = await openApp();
});

afterEach(async (t) => {
  await screenshot(driver, `chart ${t.name}`).catch((e) => console.log(`no screenshot: ${e.message}`));
});

after(async () => {
  await driver?.quit();
});

/** Logs in for the first time with the temporary password and chooses the real one. */
async function firstLogIn(who) {
  await logIn(driver, who.username, TEMPORARY);
  await changeTemporaryPassword(driver, TEMPORARY, who.password);
}

/** Opens the patient's chart from the patient list. */
async function openChart(family) {
  await click(driver, "nav-patients");
  // WebKitWebDriver does not click a table row itself: click its first cell.
  await retryWhileRerendering(driver, `the row of ${family}`, async () => {
    const row = await findWithText(driver, "patient-row", family);
    await row.findElement(By.css("td")).click();
  });
  await find(driver, "patient-detail");
  await click(driver, "patient-open-chart");
}

test("the admin makes a doctor, a nurse and a front-desk account", async () => {
  await find(driver, "setup-submit");
  await setUpClinic(driver, admin);
  for (const who of Object.values(staff)) {
    await createAccount(driver, { ...who, password: TEMPORARY });
  }
  await logOut(driver);
});

test("the front desk registers a patient but cannot open the chart", async () => {
  await firstLogIn(staff.desk);
  await registerPatient(driver, "Irene", "Kowalski");
  await click(driver, "patient-open-chart");
  await waitForText(driver, "chart-forbidden", "no access to clinical records");
  assert.equal((await driver.findElements(byTestId("chart-banner"))).length, 0, "no clinical data is shown");
  await logOut(driver);
});

test("the doctor records a penicillin allergy", async () => {
  await firstLogIn(staff.doctor);
  await openChart("Kowalski");
  await waitForText(driver, "banner-allergies", "not recorded");
  await click(driver, "allergy-add");
  await typeInto(driver, "allergy-substance", "Penicillin");
  await chooseOption(driver, "allergy-severity", "Severe");
  await click(driver, "allergy-save");
  await waitForText(driver, "banner-allergies", "Penicillin");
});

test("the doctor writes and signs a visit note", async () => {
  await click(driver, "tab-encounters");
  await click(driver, "encounter-new");
  await typeInto(driver, "encounter-reason", "Sore throat and fever");
  await typeInto(driver, "encounter-subjective", "Three days of sore throat, fever at night");
  await typeInto(driver, "encounter-assessment", "Acute tonsillitis");
  await typeInto(driver, "encounter-plan", "Antibiotics for 7 days, review if not better");
  await click(driver, "encounter-sign");
  await findWithText(driver, "encounter-list", "Sore throat and fever");
});

test("prescribing amoxicillin warns of the allergy and needs a reason", async () => {
  await click(driver, "tab-medications");
  await click(driver, "prescribe-open");
  await typeInto(driver, "rx-medication", "Amoxicillin");
  await typeInto(driver, "rx-strength", "500 mg");
  await typeInto(driver, "rx-dose", "1 capsule");
  await typeInto(driver, "rx-frequency", "three times a day");
  await typeInto(driver, "rx-duration", "7");
  await typeInto(driver, "rx-quantity", "21");
  await click(driver, "rx-save");
  await waitForText(driver, "allergy-warning", "Penicillin");
  await screenshot(driver, "chart allergy warning");
  await typeInto(driver, "override-reason", "Rash only in childhood; tolerated amoxicillin in 2019");
  await click(driver, "rx-save");
  await waitForText(driver, "medication-list", "Amoxicillin");
  await waitForText(driver, "rx-override-reason", "tolerated amoxicillin in 2019");
  await logOut(driver);
});

test("a nurse records vitals, and an implausible pulse is refused next to its field", async () => {
  await firstLogIn(staff.nurse);
  await openChart("Kowalski");
  await waitForText(driver, "banner-allergies", "Penicillin");
  await click(driver, "tab-medications");
  await findWithText(driver, "medication-list", "Amoxicillin");
  assert.equal((await driver.findElements(byTestId("prescribe-open"))).length, 0, "a nurse does not prescribe");
  await click(driver, "tab-vitals");
  await typeInto(driver, "vitals-systolic", "128");
  await typeInto(driver, "vitals-diastolic", "82");
  await typeInto(driver, "vitals-pulse", "0");
  await typeInto(driver, "vitals-temperature", "37.2");
  await typeInto(driver, "vitals-height", "172");
  await typeInto(driver, "vitals-weight", "72.5");
  await click(driver, "vitals-save");
  await waitForText(driver, "vitals-error-pulsePerMin", "A pulse is 20 to 300 beats a minute");
  await typeInto(driver, "vitals-pulse", "76");
  await click(driver, "vitals-save");
  await waitForText(driver, "vitals-table", "128/82");
  await waitForText(driver, "vitals-table", "24.5"); // BMI of 72.5 kg at 1.72 m
  await find(driver, "vitals-chart"); // the charts load on first use
  await driver.sleep(1000);
  await screenshot(driver, "chart vitals with charts");
  assert.equal((await driver.findElements(byTestId("screen-crash"))).length, 0, "the vitals charts draw without an error");
  await logOut(driver);
});

test("the front desk still cannot open the chart", async () => {
  await logIn(driver, staff.desk.username, staff.desk.password);
  await openChart("Kowalski");
  await waitForText(driver, "chart-forbidden", "no access to clinical records");
});
