import { defineConfig, mergeConfig } from "vitest/config";
import viteConfig from "./vite.config.ts";

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
