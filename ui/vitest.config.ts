import { defineConfig, mergeConfig } from "vitest/config";
import viteConfig from "./vite.config.ts";

// A fixed zone that is neither UTC nor the clinic fixtures' (Europe/Berlin), with daylight
// saving: code that converts clinic wall-clock times by accident fails here on every machine.
(globalThis as unknown as { process: { env: Record<string, string | undefined> } }).process.env.TZ = "America/New_York";

export default mergeConfig(
  viteConfig,
  defineConfig({
    test: {
      environment: "jsdom",
      globals: true,
      setupFiles: ["./src/test/setup.ts"],
      css: false,
      // jsdom + Mantine forms are slow on a small CI machine.
      testTimeout: 30_000,
      // Two cores on the build machine: keep it light.
      pool: "threads",
      maxWorkers: 2,
    },
  }),
);
