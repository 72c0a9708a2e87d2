// Issue 5 end to end on the real app: a clinic-server runs with a self-signed certificate; the
// admin enrols this site with its address, fingerprint and a one-time code; the front desk
// registers a patient and syncs; a second computer (the same app on another data folder) joins
// the clinic from its first-run screen, fills up from the server, and its front desk finds the
// patient registered at the first.
import { after, afterEach, before, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import readline from "node:readline";
import { By, Key } from "selenium-webdriver";
import {
  changeTemporaryPassword,
  click,
  createAccount,
  find,
  logIn,
  logOut,
  openApp,
  registerPatient,
  screenshot,
  setUpClinic,
  typeInto,
  waitForText,
} from "./driver.mjs";

const admin = { username: "morgan", password: "the river runs north" };
const desk = { username: "frida", password: "front desk sunflower" };
const ORG = "Riverside Family Clinic";
const work = fs.mkdtempSync(path.join(process.env.E2E_WORK || "/tmp", "clinic-sync-e2e-"));
const serverData = path.join(work, "server");
let server;
let serverUrl;
let fingerprint;
let driver;

/** Runs a clinic-server admin command and returns what it printed. */
function serverCommand(...args) {
  const bin = process.env.CLINIC_SERVER_BIN;
  if (!bin) throw new Error("run through scripts/e2e.sh: CLINIC_SERVER_BIN is not set");
  return execFileSync(bin, ["--data-dir", serverData, ...args], { encoding: "utf8" });
}

/** A one-time enrolment code, as an administrator would make it on the server. */
function enrolmentCode() {
  const line = serverCommand("enrolment-code", ORG).split("\n")[0];
  return line.slice(line.lastIndexOf(": ") + 2).trim();
}

/** Starts `clinic-server serve --self-signed` on a free port; resolves with its address. */
function startServer() {
  return new Promise((resolve, reject) => {
    const child = spawn(process.env.CLINIC_SERVER_BIN, ["--data-dir", serverData, "serve", "--self-signed", "--listen", "127.0.0.1:0"], {
      stdio: ["ignore", "pipe", "ignore"],
    });
    const found = {};
    readline.createInterface({ input: child.stdout }).on("line", (line) => {
      const url = line.match(/listening on (https:\/\/\S+)/);
      if (url) found.url = url[1];
      const print = line.match(/fingerprint: (\S+)/);
      if (print) found.fingerprint = print[1];
      if (found.url && found.fingerprint) resolve({ child, ...found });
    });
    child.on("error", reject);
    child.on("exit", (code) => reject(new Error(`clinic-server stopped early (${code})`)));
  });
}

/** Opens the sync popover and presses "Sync now", then waits for the indicator to say synced. */
async function syncNowAndWait() {
  await click(driver, "sync-status");
  await click(driver, "sync-now");
  await driver.wait(
    async () => (await (await find(driver, "sync-status")).getAttribute("data-state")) === "online",
    30_000,
    "waiting for the indicator to say synced",
  );
  await waitForText(driver, "sync-status", "Synced");
  await driver.findElement(By.css("body")).sendKeys(Key.ESCAPE);
}

before(async () => {
  serverCommand("org", "create", ORG);
  ({ child: server, url: serverUrl, fingerprint } = await startServer());
  driver = await openApp();
});

afterEach(async (t) => {
  await screenshot(driver, `sync ${t.name}`).catch((e) => console.log(`no screenshot: ${e.message}`));
});

after(async () => {
  await driver?.quit();
  server?.kill();
  fs.rmSync(work, { recursive: true, force: true });
});

test("the admin enrols this site with the self-signed clinic server", async () => {
  await find(driver, "setup-submit");
  await setUpClinic(driver, admin);
  await createAccount(driver, { username: desk.username, displayName: "Frida Front", role: "Front desk", password: "temporary sunflower" });
  await click(driver, "nav-sync");
  await waitForText(driver, "sync-settings-state", "Not syncing");
  await typeInto(driver, "sync-server-url", serverUrl);
  await typeInto(driver, "sync-fingerprint", fingerprint);
  await typeInto(driver, "sync-code", enrolmentCode());
  await click(driver, "sync-enrol");
  // The site's records go to the server straight away.
  await waitForText(driver, "sync-settings-state", "Synced", 30_000);
  await driver.wait(
    async () => (await (await find(driver, "sync-status")).getAttribute("data-state")) === "online",
    30_000,
    "waiting for the first sync",
  );
  const page = await driver.findElement(By.css("body")).getAttribute("textContent");
  assert.ok(page.includes(ORG), "the settings name the clinic's organisation on the server");
  const sites = serverCommand("site", "list", ORG);
  assert.match(sites, /^RIV\t/m, `the server lists this site: ${sites}`);
});

test("the front desk registers a patient and syncs it", async () => {
  await logOut(driver);
  await logIn(driver, desk.username, "temporary sunflower");
  await changeTemporaryPassword(driver, "temporary sunflower", desk.password);
  await registerPatient(driver, "Efua", "Syncwell");
  await syncNowAndWait();
  await driver.quit();
  driver = undefined;
});

test("a second computer joins the clinic and finds the patient", async () => {
  const second = path.join(work, "second-site");
  fs.mkdirSync(second, { recursive: true });
  driver = await openApp({ args: ["--data-dir", second] });
  await click(driver, "setup-mode-join");
  await typeInto(driver, "join-server-url", serverUrl);
  await typeInto(driver, "join-fingerprint", fingerprint);
  await typeInto(driver, "join-code", enrolmentCode());
  await typeInto(driver, "join-site-name", "Front desk 2");
  await typeInto(driver, "join-site-code", "DESK2");
  await click(driver, "join-submit");
  // It fetches the clinic's accounts and records, then asks for a login.
  await find(driver, "login-username", 60_000);
  await logIn(driver, desk.username, desk.password);
  await find(driver, "nav-patients");
  await driver.findElement(By.css("body")).sendKeys(Key.chord(Key.CONTROL, "k"));
  const search = await find(driver, "spotlight-search");
  await search.sendKeys("Syncw");
  await waitForText(driver, "search-result", "Efua Syncwell");
  await search.sendKeys(Key.ESCAPE);
  const sites = serverCommand("site", "list", ORG);
  assert.match(sites, /^DESK2\t/m, `the server lists the second site: ${sites}`);
});
