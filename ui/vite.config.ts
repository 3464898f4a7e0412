/// <reference types="vitest/config" />
import { fileURLToPath } from "node:url";
import tailwindcss from "@tailwindcss/vite";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// The agent's API in development: `make demo` prints the port (api.port, default 8000).
const apiPort = process.env.STOCKAGENT_API_PORT ?? "8000";
const api = `http://127.0.0.1:${apiPort}`;

export default defineConfig(({ mode }) => ({
  plugins: [react(), tailwindcss()],
  // `npm run dev:mock` serves MSW's worker from mock-public/; the build never ships it.
  publicDir: mode === "mock" ? "mock-public" : false,
  build: {
    // The Litestar app serves this folder at `/` (web/dashboard.py); it is gitignored.
    outDir: fileURLToPath(new URL("../web/static", import.meta.url)),
    emptyOutDir: true,
    chunkSizeWarningLimit: 1024,
  },
  server: {
    host: "127.0.0.1",
    proxy: {
      "/api": { target: api, changeOrigin: false },
      "/schema": { target: api },
      "/ws": { target: api.replace("http", "ws"), ws: true },
    },
  },
  test: {
    environment: "jsdom",
    globals: true,
    setupFiles: ["./src/test/setup.ts"],
    include: ["src/**/*.test.{ts,tsx}"],
    restoreMocks: true,
  },
}));
