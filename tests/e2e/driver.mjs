// Opens a WebDriver session on the real Clinic Desk app through tauri-driver, plus the few
// waiting helpers the suites share.
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { Builder, By, Capabilities, until } from "selenium-webdriver";

const TIMEOUT = 20_000;

export async function openApp() {
  const application = process.env.CLINIC_DESK_APP;
  const server = process.env.WEBDRIVER_URL;
  if (!application || !server) throw new Error("run through scripts/e2e.sh: CLINIC_DESK_APP and WEBDRIVER_URL are not set");
  const capabilities = new Capabilities();
  capabilities.set("tauri:options", { application });
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
      for (const el of await driver.findElements(byTestId(id))) {
        if (await el.isDisplayed().catch(() => false)) return false;
      }
      return true;
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

/** Waits until the element with this test id contains `text`. */
export async function waitForText(driver, id, text, timeout = TIMEOUT) {
  await driver.wait(
    async () => {
      const els = await driver.findElements(byTestId(id));
      for (const el of els) if ((await textOf(el)).includes(text)) return true;
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
