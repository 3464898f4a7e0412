// The end-to-end tests: run by e2e/run.mjs (`npm run e2e`, `make ui-e2e`), which starts the
// demo and passes its address in E2E_BASE_URL. The files run one after the other (each in order)
// against the same demo.
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  root: fileURLToPath(new URL(".", import.meta.url)),
  // Vite's cache beside the unit tests' one (ui/node_modules), not in e2e/.
  cacheDir: fileURLToPath(new URL("../node_modules/.vite-e2e", import.meta.url)),
  test: {
    environment: "node",
    include: ["**/*.e2e.ts"],
    fileParallelism: false,
    sequence: { concurrent: false, shuffle: false },
    testTimeout: 150_000,
    hookTimeout: 60_000,
    reporters: ["verbose"],
  },
});
