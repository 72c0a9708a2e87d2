// Issue 7 end to end on the real app: the front desk books an appointment from the day view,
// fails to double-book the same slot (and sees why), reschedules it, and checks the patient in
// from today's queue.
import { after, afterEach, before, test } from "node:test";
import assert from "node:assert/strict";
import { Key } from "selenium-webdriver";
import {
  byTestId,
  changeTemporaryPassword,
  click,
  clickWithText,
  createAccount,
  find,
  findWithText,
  logIn,
  logOut,
  openApp,
  registerPatient,
  retryWhileRerendering,
  screenshot,
  searchAndChoose,
  setInput,
  setUpClinic,
  typeInto,
  waitForText,
  waitGone,
} from "./driver.mjs";
import { clinicZoneNearLateMorning, wallClock } from "./clock.mjs";

const admin = { username: "morgan", password: "the river runs north" };
const desk = { username: "frida", password: "front desk sunflower" };

// The clinic's time zone is chosen so that its wall clock reads late morning now, whenever the
// suite runs: bookings later "today" are then in the future and inside working hours.
const zone = clinicZoneNearLateMorning();
const clinic = wallClock(zone);
const pad = (n) => String(n).padStart(2, "0");
const booked = `${pad(clinic.hour + 2)}:00`;
const moved = `${pad(clinic.hour + 3)}:00`;
let driver;

before(async () => {
  console.log(`clinic time zone ${zone}: now ${clinic.date} ${pad(clinic.hour)}:${pad(clinic.minute)}; booking ${booked}, moving to ${moved}`);
  assert.ok(clinic.hour >= 8 && clinic.hour <= 13, "a zone near late morning was found");
  driver = await openApp();
});

afterEach(async (t) => {
  await screenshot(driver, `schedule ${t.name}`).catch((e) => console.log(`no screenshot: ${e.message}`));
});

after(async () => {
  await driver?.quit();
});

test("the admin sets the clinic's time zone and makes a front-desk account", async () => {
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

test("the front desk adds a provider working every day and registers two patients", async () => {
  await click(driver, "nav-providers");
  await click(driver, "provider-create");
  await typeInto(driver, "provider-field-displayName", "Dr Lee");
  await typeInto(driver, "provider-field-specialty", "General practice");
  for (let day = 1; day <= 7; day++) await click(driver, `hours-add-${day}`);
  await click(driver, "provider-save");
  await findWithText(driver, "provider-row", "Dr Lee");
  await registerPatient(driver, "Odette", "Varga");
  await registerPatient(driver, "Pavel", "Novak");
});

test("books from the day view", async () => {
  await click(driver, "nav-schedule");
  await setInput(driver, "schedule-date", clinic.date);
  await click(driver, "book-open");
  await searchAndChoose(driver, "book-patient", "Varga", "Odette Varga");
  await searchAndChoose(driver, "book-provider", "Dr Lee", "Dr Lee");
  await setInput(driver, "book-date", clinic.date);
  await setInput(driver, "book-time", booked);
  await typeInto(driver, "book-minutes", "30");
  await typeInto(driver, "book-reason", "Blood pressure review");
  await click(driver, "book-submit");
  await waitGone(driver, "booking-form");
  await findWithText(driver, "appointment-event", "Odette Varga");
});

test("double-booking the same slot is refused with the reason next to the provider", async () => {
  await click(driver, "book-open");
  await searchAndChoose(driver, "book-patient", "Novak", "Pavel Novak");
  await searchAndChoose(driver, "book-provider", "Dr Lee", "Dr Lee");
  await setInput(driver, "book-date", clinic.date);
  await setInput(driver, "book-time", booked);
  await typeInto(driver, "book-minutes", "30");
  await click(driver, "book-submit");
  await waitForText(driver, "book-error-providerId", `already has an appointment from ${booked}`);
  await screenshot(driver, "schedule double booking refused");
  await driver.actions().sendKeys(Key.ESCAPE).perform();
  await waitGone(driver, "booking-form");
  const events = await driver.findElements(byTestId("appointment-event"));
  assert.equal(events.length, 1, "the refused booking saved nothing");
});

test("reschedules the appointment from its drawer", async () => {
  await clickWithText(driver, "appointment-event", "Odette Varga");
  await find(driver, "appointment-drawer");
  await setInput(driver, "resched-time", moved);
  await click(driver, "resched-submit");
  await waitForText(driver, "appointment-drawer", moved);
  await driver.actions().sendKeys(Key.ESCAPE).perform();
  await waitGone(driver, "appointment-drawer");
});

test("checks the patient in from today's queue with one click", async () => {
  await click(driver, "nav-queue");
  await waitForText(driver, "queue-upcoming", "Odette Varga");
  await waitForText(driver, "queue-upcoming", moved); // the new time
  await click(driver, "queue-check-in");
  await waitForText(driver, "queue-waiting", "Odette Varga");
  await retryWhileRerendering(driver, "the checked-in row", async () => {
    const row = await findWithText(driver, "queue-row", "Odette Varga");
    assert.equal(await row.getAttribute("data-status"), "checked_in");
  });
});
