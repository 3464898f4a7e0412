#!/usr/bin/env node
// The dashboard's end-to-end run: start `stockagent demo` on a free loopback port with a
// temporary data directory, run the browser tests against it (vitest, e2e/vitest.config.ts),
// and always stop the demo afterwards (SIGTERM to its process group, SIGKILL after a grace
// period), whatever happened. A failure prints the tail of the demo's log.
//
//   node e2e/run.mjs [vitest args...]      (from ui/; `npm run e2e`, `make ui-e2e`)
//
// Environment: CI=true makes a missing Chromium or dashboard build a failure instead of a skip;
// E2E_SPEED (default 60) is the demo's market seconds per real second; E2E_CHROMIUM overrides
// /usr/bin/chromium; E2E_KEEP_DATA=1 keeps the demo's data directory.
import { spawn } from "node:child_process";
import { accessSync, constants, createWriteStream, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const ui = resolve(here, "..");
const repo = resolve(ui, "..");
const artifacts = join(here, "artifacts");
const ci = process.env.CI === "true";
const chromium = process.env.E2E_CHROMIUM ?? "/usr/bin/chromium";
const speed = process.env.E2E_SPEED ?? "60";
const stockagent = join(repo, ".venv", "bin", "stockagent");
const demoLog = join(artifacts, "demo.log");
const VITEST_DEADLINE_MS = 8 * 60_000;
const STARTUP_DEADLINE_MS = 60_000;
const GRACE_MS = 10_000;

function say(message) {
  process.stderr.write(`ui-e2e: ${message}\n`);
}

function skipOrFail(reason) {
  if (ci) {
    say(`${reason} (required with CI=true)`);
    process.exit(1);
  }
  say(`skipped: ${reason}`);
  process.exit(0);
}

function executable(path) {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

if (!executable(chromium)) skipOrFail(`no Chromium at ${chromium} (apt-get install chromium)`);
if (!existsSync(join(repo, "web", "static", "index.html"))) skipOrFail("the dashboard is not built (make ui)");
if (!executable(stockagent)) skipOrFail(`no ${stockagent} (make demo or make test creates it)`);

function freePort() {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolvePort(address.port));
    });
  });
}

function tail(path, lines = 80) {
  try {
    return readFileSync(path, "utf8").split("\n").slice(-lines).join("\n");
  } catch {
    return "(no log)";
  }
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

rmSync(artifacts, { recursive: true, force: true });
mkdirSync(artifacts, { recursive: true });
const dataDir = mkdtempSync(join(tmpdir(), "stockagent-e2e-"));
const port = await freePort();
const baseUrl = `http://127.0.0.1:${port}`;

// The demo sees only our settings: a developer's STOCKAGENT_* (a PostgreSQL URL, another port,
// a config file) must not leak into the run.
const demoEnv = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith("STOCKAGENT_")));
demoEnv.STOCKAGENT_DATA_DIR = dataDir;
demoEnv.PYTHONUNBUFFERED = "1";

const log = createWriteStream(demoLog);
await new Promise((r) => log.on("open", r));
say(`demo on ${baseUrl} (speed ${speed}x), data in ${dataDir}, log ${demoLog}`);
const demo = spawn(stockagent, ["demo", "--port", String(port), "--speed", speed], {
  cwd: repo,
  env: demoEnv,
  detached: true, // its own process group, so the whole group can be signalled
  stdio: ["ignore", log, log],
});
let demoExited = demo.exitCode !== null;
const demoDone = new Promise((r) =>
  demo.on("exit", (code, signal) => {
    demoExited = true;
    r({ code, signal });
  }),
);

let vitest = null;
let stopping = null;

function signalGroup(pid, signal) {
  try {
    process.kill(-pid, signal);
  } catch {
    try {
      process.kill(pid, signal);
    } catch {
      /* already gone */
    }
  }
}

// Vitest and its workers share a process group; Playwright closes Chromium on SIGTERM.
async function stopVitest() {
  if (!vitest || vitest.exitCode !== null || vitest.signalCode !== null) return;
  signalGroup(vitest.pid, "SIGTERM");
  await Promise.race([new Promise((r) => vitest.once("exit", r)), sleep(5_000)]);
  signalGroup(vitest.pid, "SIGKILL");
}

async function stopDemo() {
  stopping ??= (async () => {
    await stopVitest();
    if (!demoExited) {
      signalGroup(demo.pid, "SIGTERM");
      const ended = await Promise.race([demoDone, sleep(GRACE_MS).then(() => null)]);
      if (ended === null) {
        say(`the demo did not stop within ${GRACE_MS / 1000}s of SIGTERM: SIGKILL`);
        signalGroup(demo.pid, "SIGKILL");
        await Promise.race([demoDone, sleep(2_000)]);
      }
    }
    // Whatever is left of the group (nothing, normally).
    signalGroup(demo.pid, "SIGKILL");
  })();
  return stopping;
}

async function finish(status, why) {
  await stopDemo();
  if (status !== 0) {
    if (why) say(why);
    say(`--- last lines of the demo's log (${demoLog}) ---`);
    process.stderr.write(`${tail(demoLog)}\n`);
    say(`--- end of the demo's log; data directory kept at ${dataDir} ---`);
  } else if (process.env.E2E_KEEP_DATA !== "1") {
    rmSync(dataDir, { recursive: true, force: true });
  }
  process.exit(status);
}

for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) {
  process.on(signal, () => void finish(130, `interrupted (${signal})`));
}
process.on("uncaughtException", (error) => void finish(1, `runner error: ${error.stack ?? error}`));
// Last resort if the runner itself dies synchronously: never leave the demo behind.
process.on("exit", () => {
  if (!demoExited) signalGroup(demo.pid, "SIGKILL");
});

// Ready when the API answers and the token file exists.
const tokenFile = join(dataDir, "api-token");
const startDeadline = Date.now() + STARTUP_DEADLINE_MS;
for (;;) {
  if (demoExited) await finish(1, "the demo exited during start-up");
  if (Date.now() > startDeadline) {
    await finish(1, `within ${STARTUP_DEADLINE_MS / 1000}s the demo did not answer ${baseUrl}/api/v1/health, print "Dashboard ${baseUrl}/" and write its api-token`);
  }
  try {
    const response = await fetch(`${baseUrl}/api/v1/health`, { signal: AbortSignal.timeout(2_000) });
    // The demo's console names the dashboard's address (checked here, as a user reads it).
    const announced = readFileSync(demoLog, "utf8").includes(`Dashboard ${baseUrl}/ `);
    if (response.ok && announced && existsSync(tokenFile) && readFileSync(tokenFile, "utf8").trim()) break;
  } catch {
    /* not listening yet */
  }
  await sleep(250);
}
say(`demo ready after ${((Date.now() - startDeadline + STARTUP_DEADLINE_MS) / 1000).toFixed(1)}s; running the browser tests`);

vitest = spawn(
  process.execPath,
  [join(ui, "node_modules", "vitest", "vitest.mjs"), "run", "--config", join(here, "vitest.config.ts"), ...process.argv.slice(2)],
  {
    cwd: ui,
    env: {
      ...process.env,
      E2E_BASE_URL: baseUrl,
      E2E_DATA_DIR: dataDir,
      E2E_ARTIFACTS: artifacts,
      E2E_CHROMIUM: chromium,
      E2E_DEMO_LOG: demoLog,
    },
    detached: true,
    stdio: "inherit",
  },
);
const vitestTimer = setTimeout(() => {
  say(`the browser tests ran over ${VITEST_DEADLINE_MS / 60_000} minutes: stopping them`);
  void stopVitest();
}, VITEST_DEADLINE_MS);
const { code, signal } = await new Promise((r) => vitest.on("exit", (c, s) => r({ code: c, signal: s })));
clearTimeout(vitestTimer);
// Nothing of vitest's group may outlive the run.
signalGroup(vitest.pid, "SIGKILL");
if (demoExited) await finish(1, "the demo exited while the tests ran");
await finish(code === 0 ? 0 : 1, code === 0 ? null : `browser tests failed (${signal ?? `exit ${code}`}); screenshots in ${artifacts}`);
