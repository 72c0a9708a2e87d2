// Opens a WebDriver session on the real Clinic Desk app through tauri-driver, plus the few
// waiting helpers the suites share.
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { Builder, By, Capabilities, until } from "selenium-webdriver";

const TIMEOUT = 20_000;

export async function openApp({ args = [] } = {}) {
  const application = process.env.CLINIC_DESK_APP;
  const server = process.env.WEBDRIVER_URL;
  if (!application || !server) throw new Error("run through scripts/e2e.sh: CLINIC_DESK_APP and WEBDRIVER_URL are not set");
  const capabilities = new Capabilities();
  capabilities.set("tauri:options", { application, args });
  capabilities.setBrowserName("wry");
  const driver = await new Builder().usingServer(server).withCapabilities(capabilities).build();
  await driver.manage().setTimeouts({ implicit: 0, script: TIMEOUT });
  return driver;
}

export const byTestId = (id) => By.css(`[data-testid="${id}"]`);

/** The visible element with this test id, once it is there. */
export async function find(driver, id, timeout = TIMEOUT) {
  const el = await driver.wait(until.elementLocated(byTestId(id)), timeout, `waiting for [data-testid=${id}]`);
  await driver.wait(until.elementIsVisible(el), timeout, `waiting for [data-testid=${id}] to show`);
  return el;
}

/**
 * Clicks the element with this test id once nothing covers it: a closing dialog's backdrop
 * fades out for a moment, and a person would wait for it too.
 */
export async function click(driver, id, timeout = TIMEOUT) {
  await driver.wait(
    async () => {
      try {
        await (await find(driver, id, timeout)).click();
        return true;
      } catch (e) {
        if (e.name === "ElementClickInterceptedError" || e.name === "StaleElementReferenceError") return false;
        throw e;
      }
    },
    timeout,
    `waiting to click [data-testid=${id}]`,
  );
}

/** Waits until no element with this test id is displayed (e.g. a closing dialog's fade-out). */
export async function waitGone(driver, id, timeout = TIMEOUT) {
  await driver.wait(
    async () => {
      try {
        for (const el of await driver.findElements(byTestId(id))) {
          if (await el.isDisplayed().catch(() => false)) return false;
        }
        return true;
      } catch (e) {
        // The page re-rendered while we looked: look again.
        if (isStale(e)) return false;
        throw e;
      }
    },
    timeout,
    `waiting for [data-testid=${id}] to go away`,
  );
}

/** The element's text as shown, or its text content when WebKit reports none. */
export async function textOf(el) {
  const shown = await el.getText();
  return shown || (await el.getAttribute("textContent")) || "";
}

/**
 * Whether the element shows `text`. WebKitWebDriver sometimes leaves the labels of Mantine
 * badges and buttons out of the shown text of a freshly rendered page; the DOM has them.
 */
async function hasText(el, text) {
  if ((await textOf(el)).includes(text)) return true;
  return ((await el.getAttribute("textContent")) || "").includes(text);
}

/** A list re-rendering under us replaces its nodes: that is "not yet", not a failure. */
function isStale(e) {
  return e?.name === "StaleElementReferenceError";
}

/** The texts of every element with this test id, read again if the list re-rendered meanwhile. */
export async function textsOf(driver, id, timeout = TIMEOUT) {
  let texts = [];
  await driver.wait(
    async () => {
      try {
        const els = await driver.findElements(byTestId(id));
        texts = await Promise.all(els.map(textOf));
        return true;
      } catch (e) {
        if (isStale(e)) return false;
        throw e;
      }
    },
    timeout,
    `reading [data-testid=${id}]`,
  );
  return texts;
}

/** Waits until the element with this test id contains `text`. */
export async function waitForText(driver, id, text, timeout = TIMEOUT) {
  await driver.wait(
    async () => {
      try {
        const els = await driver.findElements(byTestId(id));
        for (const el of els) if (await hasText(el, text)) return true;
      } catch (e) {
        if (!isStale(e)) throw e;
      }
      return false;
    },
    timeout,
    `waiting for [data-testid=${id}] to contain "${text}"`,
  );
}

/** Saves a screenshot of the window (after two animation frames, so it is the current one). */
export async function screenshot(driver, name) {
  const dir = process.env.E2E_ARTIFACTS || "/tmp/clinic-desk-e2e-artifacts";
  await mkdir(dir, { recursive: true });
  await driver.executeAsyncScript("const done = arguments[0]; requestAnimationFrame(() => requestAnimationFrame(done));");
  const file = join(dir, `${name.replace(/[^a-z0-9]+/gi, "-")}.png`);
  await writeFile(file, await driver.takeScreenshot(), "base64");
  return file;
}

/** Replaces an input's value the way a person would: select all, type. */
export async function typeInto(driver, id, text) {
  const el = await find(driver, id);
  await el.clear();
  // clear() does not always reach React's state in WebKit: select and delete as well.
  await el.sendKeys("\uE009a", "\uE017");
  if (text) await el.sendKeys(text);
  return el;
}

/** The value of the input with this test id. */
export async function valueOf(driver, id) {
  return (await find(driver, id)).getAttribute("value");
}

/** First-run setup through the setup screen: the clinic, this site and the first admin. */
export async function setUpClinic(driver, { username, password }) {
  await typeInto(driver, "setup-clinicName", "Riverside Family Clinic");
  await typeInto(driver, "setup-siteName", "Front desk");
  await typeInto(driver, "setup-siteCode", "RIV");
  await typeInto(driver, "setup-username", username);
  await typeInto(driver, "setup-displayName", "Morgan Manager");
  await typeInto(driver, "setup-password", password);
  await typeInto(driver, "setup-confirm", password);
  await click(driver, "setup-submit");
  await find(driver, "nav-patients");
}

/** Logs in through the login screen. */
export async function logIn(driver, username, password) {
  await typeInto(driver, "login-username", username);
  await typeInto(driver, "login-password", password);
  await click(driver, "login-submit");
}

/** Logs out through the user menu (the menu may need opening first). */
export async function logOut(driver) {
  const direct = await driver.findElements(byTestId("log-out"));
  if (!(direct.length && (await direct[0].isDisplayed()))) await click(driver, "user-menu");
  await click(driver, "log-out");
  await find(driver, "login-username");
}

/** An admin makes an account with a temporary password on the users screen. */
export async function createAccount(driver, { username, displayName, role, password }) {
  await click(driver, "nav-users");
  await click(driver, "user-create");
  await typeInto(driver, "user-field-username", username);
  await typeInto(driver, "user-field-displayName", displayName);
  await chooseOption(driver, "user-field-role", role);
  await typeInto(driver, "user-field-password", password);
  await click(driver, "user-save");
  await waitGone(driver, "user-save");
  await driver.wait(
    async () => (await driver.findElements(By.css(`[data-testid="user-row"][data-username="${username}"]`))).length > 0,
    TIMEOUT,
    `waiting for the account ${username} in the list`,
  );
}

/** Picks an option of a Mantine Select (or a native select) by its visible label. */
export async function chooseOption(driver, id, label) {
  const el = await find(driver, id);
  if ((await el.getTagName()).toLowerCase() === "select") {
    await el.findElement(By.xpath(`.//option[normalize-space(.)="${label}"]`)).click();
    return;
  }
  await el.click();
  const option = await driver.wait(
    until.elementLocated(By.xpath(`//*[@role="option"][normalize-space(.)="${label}"]`)),
    TIMEOUT,
    `waiting for the option ${label}`,
  );
  await driver.wait(until.elementIsVisible(option), TIMEOUT);
  await option.click();
}

/** A first login with a temporary password goes through the forced password change. */
export async function changeTemporaryPassword(driver, temporary, chosen) {
  await typeInto(driver, "change-current", temporary);
  await typeInto(driver, "change-new", chosen);
  await typeInto(driver, "change-confirm", chosen);
  await click(driver, "change-submit");
  await find(driver, "nav-patients");
}

/**
 * A clinic ready for the front desk: setup with an admin, the admin makes a front-desk account,
 * logs out, and the front desk logs in and chooses their own password.
 */
export async function clinicWithFrontDesk(driver) {
  const admin = { username: "morgan", password: "the river runs north" };
  const desk = { username: "frida", password: "front desk sunflower" };
  await setUpClinic(driver, admin);
  await createAccount(driver, { username: desk.username, displayName: "Frida Front", role: "Front desk", password: "temporary sunflower" });
  await logOut(driver);
  await logIn(driver, desk.username, "temporary sunflower");
  await changeTemporaryPassword(driver, "temporary sunflower", desk.password);
  return { admin, desk };
}

/** Registers a patient through the registration form and waits for their page. */
export async function registerPatient(driver, given, family) {
  await click(driver, "nav-register");
  await typeInto(driver, "field-givenName", given);
  await typeInto(driver, "field-familyName", family);
  await typeInto(driver, "field-dateOfBirth", "1979-06-02");
  const sex = await find(driver, "field-sex");
  await sex.findElement(By.css('option[value="female"]')).click();
  await click(driver, "patient-save");
  await find(driver, "patient-detail");
  await waitForText(driver, "patient-name", `${given} ${family}`);
}

/**
 * Sets a date or time input to a value in its wire format (YYYY-MM-DD, HH:MM). WebKit's date
 * and time fields take typed keys in the locale's order, so the value is set the way React
 * sees a person's edit: the native setter, then an input event.
 */
export async function setInput(driver, id, value) {
  await retryWhileRerendering(driver, `setting [data-testid=${id}]`, async () => {
    const el = await find(driver, id);
    await driver.executeScript(
      `const el = arguments[0];
       Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, "value").set.call(el, arguments[1]);
       el.dispatchEvent(new Event("input", { bubbles: true }));`,
      el,
      value,
    );
  });
}

/**
 * Runs `action` again while the page re-renders under it (a stale node, or one a fading layer
 * still covers): a person would simply try again a moment later.
 */
export async function retryWhileRerendering(driver, what, action, timeout = TIMEOUT) {
  await driver.wait(
    async () => {
      try {
        await action();
        return true;
      } catch (e) {
        if (isStale(e) || e?.name === "ElementClickInterceptedError") return false;
        throw e;
      }
    },
    timeout,
    `waiting for ${what}`,
  );
}

/** Clicks the element with this test id whose text contains `text`. */
export async function clickWithText(driver, id, text) {
  await retryWhileRerendering(driver, `a click on [data-testid=${id}] with "${text}"`, async () => {
    await (await findWithText(driver, id, text)).click();
  });
}

/** Types into a searchable select and picks the first shown option whose label contains `text`. */
export async function searchAndChoose(driver, id, typed, text) {
  // Other selects on the page may hold a hidden option with the same label: take a shown one.
  const options = By.xpath(`//*[@role="option"][contains(normalize-space(.), "${text}")]`);
  const chosen = async () => ((await (await find(driver, id)).getAttribute("value")) ?? "").includes(text);
  // A click can land on an option list that the search's answer is just replacing; then the
  // select stays empty, and typing again opens the list afresh.
  for (let attempt = 1; attempt <= 3; attempt++) {
    await typeInto(driver, id, typed);
    let shown;
    await driver.wait(
      async () => {
        try {
          for (const el of await driver.findElements(options)) {
            if (await el.isDisplayed()) {
              shown = el;
              return true;
            }
          }
        } catch (e) {
          if (!isStale(e)) throw e;
        }
        return false;
      },
      TIMEOUT,
      `waiting for a shown option with "${text}"`,
    );
    try {
      await shown.click();
      if (attempt < 3) {
        await driver.wait(chosen, TIMEOUT / 4);
        return;
      }
    } catch (e) {
      if (attempt === 3 || !(isStale(e) || e.name === "TimeoutError")) throw e;
    }
  }
  await driver.wait(chosen, TIMEOUT, `waiting for [data-testid=${id}] to show the chosen "${text}"`);
}

/** The element with this test id whose text contains `text`, once there. */
export async function findWithText(driver, id, text, timeout = TIMEOUT) {
  let found;
  await driver.wait(
    async () => {
      try {
        for (const el of await driver.findElements(byTestId(id))) {
          if (await hasText(el, text)) {
            found = el;
            return true;
          }
        }
      } catch (e) {
        if (!isStale(e)) throw e;
      }
      return false;
    },
    timeout,
    `waiting for [data-testid=${id}] with "${text}"`,
  );
  return found;
}
