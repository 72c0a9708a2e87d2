// The front desk's first task end to end, in the real app: register a patient (seeing and fixing
// a field error from the Rust side), find them with Ctrl+K, open and edit them.
import { after, afterEach, before, test } from "node:test";
import assert from "node:assert/strict";
import { By, Key } from "selenium-webdriver";
import { click, clinicWithFrontDesk, find, openApp, screenshot, typeInto, waitForText, waitGone } from "./driver.mjs";

let driver;

before(async () => {
  driver = await openApp();
});

afterEach(async (t) => {
  // A picture of the window after every step, to see what the person saw (kept when a step fails).
  await screenshot(driver, t.name).catch((e) => console.log(`no screenshot: ${e.message}`));
});

after(async () => {
  await driver?.quit();
});

test("after setup, the front desk logs in to the patient list with the sync status shown", async () => {
  await clinicWithFrontDesk(driver);
  await find(driver, "nav-patients");
  await waitForText(driver, "sync-status", "Not syncing");
});

test("register a patient: a bad email is refused next to the field, then fixed and saved", async () => {
  await click(driver, "nav-register");
  await typeInto(driver, "field-givenName", "Philippa");
  await typeInto(driver, "field-familyName", "Quenby");
  await typeInto(driver, "field-dateOfBirth", "1984-03-27");
  const sex = await find(driver, "field-sex");
  await sex.findElement(By.css('option[value="female"]')).click();
  await typeInto(driver, "field-phone", "+1 555 0100 4321");
  await typeInto(driver, "field-email", "philippa.quenby@");
  await click(driver, "patient-save");

  await waitForText(driver, "error-email", "valid email");
  await screenshot(driver, "register-email-error-shown");
  assert.equal(await (await find(driver, "field-givenName")).getAttribute("value"), "Philippa", "what was typed is kept");
  assert.equal(await (await find(driver, "field-phone")).getAttribute("value"), "+1 555 0100 4321");

  await typeInto(driver, "field-email", "philippa.quenby@example.com");
  await click(driver, "patient-save");
  await find(driver, "patient-detail");
  await waitForText(driver, "patient-name", "Philippa Quenby");
  assert.match(await (await find(driver, "patient-mrn")).getText(), /[A-Z]+-\d{6}/);
});

test("find the patient with Ctrl+K, open and edit them", async () => {
  await click(driver, "nav-patients");
  await find(driver, "patient-row").catch(() => {});
  await driver.findElement(By.css("body")).sendKeys(Key.chord(Key.CONTROL, "k"));
  const search = await find(driver, "spotlight-search");
  await search.sendKeys("Quenb");
  await waitForText(driver, "search-result", "Quenby");
  await search.sendKeys(Key.ENTER);
  await waitGone(driver, "spotlight-search");

  await waitForText(driver, "patient-name", "Philippa Quenby");
  await click(driver, "patient-edit");
  await typeInto(driver, "field-city", "Springfield");
  await typeInto(driver, "field-phone", "+1 555 0100 9999");
  await click(driver, "patient-save");
  await find(driver, "patient-detail");
  await waitForText(driver, "patient-detail", "Springfield");
  await waitForText(driver, "patient-detail", "+1 555 0100 9999");
});

test("a misspelt name still finds the patient", async () => {
  await driver.findElement(By.css("body")).sendKeys(Key.chord(Key.CONTROL, "k"));
  const search = await find(driver, "spotlight-search");
  await typeInto(driver, "spotlight-search", "Quenbu");
  assert.ok(search);
  await waitForText(driver, "search-result", "Quenby");
  await search.sendKeys(Key.ESCAPE);
  await waitGone(driver, "spotlight-search");
});
