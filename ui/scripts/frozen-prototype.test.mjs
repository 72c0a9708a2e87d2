// Runs frozen-prototype-check.mjs in its own Node process (freezing Object.prototype inside
// Vitest's worker would break Vitest itself). Plain JS so the app's type check stays browser-only.
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

describe("runtime dependencies under Tauri's frozen Object.prototype", () => {
  it("all load without assigning to a frozen built-in", () => {
    // Vitest runs from ui/ (npm --prefix ui test); jsdom gives import.meta.url no file path.
    const script = join(process.cwd(), "scripts", "frozen-prototype-check.mjs");
    const run = spawnSync(process.execPath, [script], { encoding: "utf8" });
    expect(run.stdout.trim(), run.stderr).toBe("");
    expect(run.status).toBe(0);
  });
});
