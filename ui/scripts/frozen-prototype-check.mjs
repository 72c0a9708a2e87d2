// Loads every runtime dependency with Object.prototype frozen, as Tauri's `freezePrototype`
// runs the app. A library that assigns `toString`/`valueOf` on a plain object throws there
// (the "override mistake") and blanks the window; recharts did. Prints one line per failure.
import { readFileSync } from "node:fs";

Object.freeze(Object.prototype);
const { dependencies } = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"));
let failed = 0;
for (const name of Object.keys(dependencies)) {
  try {
    await import(name);
  } catch (e) {
    failed += 1;
    console.log(`${name}: ${e instanceof Error ? e.message : String(e)}`);
  }
}
process.exit(failed === 0 ? 0 : 1);
