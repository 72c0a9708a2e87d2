// A database whose key is missing from the keychain: the app starts, says what happened, and
// leaves the file exactly as it was (never a new empty database in its place).
import { after, afterEach, before, test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { readFile, readdir } from "node:fs/promises";
import { join } from "node:path";
import { find, openApp, screenshot, waitForText } from "./driver.mjs";

const dataDir = process.env.CLINIC_DESK_DATA_DIR;
const dbFile = join(dataDir ?? ".", "clinic.db");
const sha = async () => createHash("sha256").update(await readFile(dbFile)).digest("hex");
let driver;
let before_sha;

before(async () => {
  assert.ok(dataDir, "run through scripts/e2e.sh");
  before_sha = await sha();
  driver = await openApp();
});

afterEach(async (t) => {
  await screenshot(driver, `startup ${t.name}`).catch((e) => console.log(`no screenshot: ${e.message}`));
});

after(async () => {
  await driver?.quit();
});

test("the app explains that the database key is missing", async () => {
  await find(driver, "database-problem");
  await waitForText(driver, "database-problem", "key is missing from the system keychain");
  await waitForText(driver, "database-problem", "left untouched");
});

test("the database file is left exactly as it was", async () => {
  assert.equal(await sha(), before_sha, "the file was not modified");
  assert.deepEqual(await readdir(dataDir), ["clinic.db"], "no second database was made");
});
