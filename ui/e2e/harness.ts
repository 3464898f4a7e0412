// The end-to-end harness: the demo's address and token, the REST API as the tests' view of the
// truth, and a Chromium whose tabs record console errors, token leaks and liquidation requests.
// e2e/run.mjs starts the demo and sets E2E_BASE_URL, E2E_DATA_DIR and E2E_ARTIFACTS.
import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, expect } from "vitest";

function env(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the end-to-end tests with \`npm run e2e\` (e2e/run.mjs)`);
  return value;
}

export const BASE = env("E2E_BASE_URL");
export const ARTIFACTS = env("E2E_ARTIFACTS");
const CHROMIUM = process.env.E2E_CHROMIUM ?? "/usr/bin/chromium";
export const TOKEN = readFileSync(join(env("E2E_DATA_DIR"), "api-token"), "utf8").trim();

export const LAPTOP = { width: 1366, height: 768 };
export const PHONE = { width: 390, height: 844 };
export const LIVE_DEADLINE = 120_000; // a position and an order appear ~35 s into the demo at 60x
export const UI_DEADLINE = 20_000;
export const PAGES = ["/", "/trades", "/strategy", "/scanner", "/risk", "/orders", "/reports", "/backtests", "/tuning", "/system"] as const;

interface Problem {
  tab: string;
  url: string;
  text: string;
}
export const consoleErrors: Problem[] = [];
export const tokenLeaks: string[] = [];
export const emergencyRequests: string[] = [];

// --- the REST API, as the tests' own view of the truth ------------------------------------

export async function api<T>(path: string, init: RequestInit = {}): Promise<T> {
  const response = await fetch(`${BASE}/api/v1${path}`, {
    ...init,
    headers: { Authorization: `Bearer ${TOKEN}`, Accept: "application/json", "Content-Type": "application/json" },
    signal: AbortSignal.timeout(10_000),
  });
  if (!response.ok) throw new Error(`${init.method ?? "GET"} ${path}: HTTP ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

export interface Position {
  code: string;
  quantity: number;
  /** True for the agent's own lot; false for the user's holding in the same account. */
  managed: boolean;
}
export interface Order {
  id: number;
  code: string;
  side: string;
  status: string;
  purpose: string;
  quantity: number;
  filled_quantity: number;
}

/** Poll `probe` until it returns a value (not undefined) or the deadline passes. */
export async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs: number, everyMs = 500): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000}s waiting for ${what}${last ? ` (last error: ${String(last)})` : ""}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

// --- the browser -----------------------------------------------------------------------

let browser: Browser;
let context: BrowserContext;
const tabs = new Map<string, Page>();

/** The reports API answers 404 for a day or a week without results, which the Reports page shows
 * as its empty state; Chromium still logs each 404 as a console error. Those, and only those,
 * are not counted. */
const REPORT_NOT_FOUND = /^\/api\/v1\/reports\/(daily|weekly)$/;
function expectedNotFound(text: string, url: string): boolean {
  if (!text.startsWith("Failed to load resource: the server responded with a status of 404")) return false;
  try {
    const at = new URL(url);
    return at.origin === new URL(BASE).origin && REPORT_NOT_FOUND.test(at.pathname);
  } catch {
    return false;
  }
}

export async function openTab(name: string, viewport = LAPTOP): Promise<Page> {
  const page = await context.newPage();
  await page.setViewportSize(viewport);
  page.on("console", (message) => {
    if (message.type() === "error" && !expectedNotFound(message.text(), message.location().url)) {
      const where = message.location();
      consoleErrors.push({ tab: name, url: page.url(), text: `${message.text()}${where.url ? ` (${where.url}:${where.lineNumber})` : ""}` });
    }
  });
  page.on("pageerror", (error) => consoleErrors.push({ tab: name, url: page.url(), text: `uncaught: ${error.stack ?? error.message}` }));
  page.on("request", (request) => {
    if (request.url().includes(TOKEN)) tokenLeaks.push(request.url());
    if (request.url().includes("/risk/emergency-sell")) emergencyRequests.push(`${request.method()} ${request.url()}`);
  });
  page.on("websocket", (socket) => {
    if (socket.url().includes(TOKEN)) tokenLeaks.push(socket.url());
  });
  page.on("framenavigated", (frame) => {
    if (frame === page.mainFrame() && frame.url().includes(TOKEN)) tokenLeaks.push(frame.url());
  });
  tabs.set(name, page);
  return page;
}

export function tab(name: string): Page {
  const page = tabs.get(name);
  if (!page) throw new Error(`no tab ${name}: an earlier step failed`);
  return page;
}

export async function signIn(page: Page): Promise<void> {
  await page.goto(`${BASE}/`);
  await page.waitForURL(/\/sign-in/, { timeout: UI_DEADLINE });
  await page.locator("#token").fill(TOKEN);
  await page.locator("form button[type=submit]").click();
  await page.waitForURL((url) => !url.pathname.startsWith("/sign-in"), { timeout: UI_DEADLINE });
  await page.locator("main#main").waitFor({ timeout: UI_DEADLINE });
  expect(page.url()).not.toContain(TOKEN);
  const stored = await page.evaluate(() => ({
    session: sessionStorage.getItem("stockagent.token"),
    local: JSON.stringify({ ...localStorage }),
  }));
  expect(stored.session).toBe(TOKEN);
  expect(stored.local).not.toContain(TOKEN);
}

/** Client-side navigation through the nav (keeps the live connection), like a user. */
export async function navigate(page: Page, path: string): Promise<void> {
  const link = page.locator(`nav#main-nav a[href="${path}"]`);
  if (await link.isVisible()) await link.click();
  else await page.goto(`${BASE}${path}`);
  await page.waitForURL((url) => url.pathname === path || url.pathname.startsWith(`${path}/`), { timeout: UI_DEADLINE });
}

/** The page at `path` has its heading, no query is still loading and the live connection is up. */
export async function settle(page: Page, path: string): Promise<void> {
  // The nav marks the current page once the route has rendered (a lazy page keeps the old one
  // on screen until its code has loaded).
  await page.locator(`a[href="${path}"][aria-current=page]`).first().waitFor({ state: "attached", timeout: UI_DEADLINE });
  await page.locator("main h1").first().waitFor({ timeout: UI_DEADLINE });
  await page.waitForFunction(
    () =>
      [...document.querySelectorAll("main [role=status]")].every((node) => !/불러오는 중|Loading/.test(node.textContent ?? "")) &&
      document.querySelector("[data-testid=connection-state]")?.getAttribute("data-state") === "live",
    null,
    { timeout: UI_DEADLINE },
  );
  await page.waitForLoadState("networkidle", { timeout: 5_000 }).catch(() => undefined);
  await page.evaluate(() => document.fonts.ready.then(() => undefined));
}

export function shotName(path: string): string {
  return path === "/" ? "dashboard" : path.slice(1);
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
}

/** Mark the document; the mark survives client-side updates but not a reload. */
export async function markDocument(page: Page): Promise<void> {
  await page.evaluate(() => {
    (window as unknown as { __e2eMark?: boolean }).__e2eMark = true;
  });
}
export async function documentMarked(page: Page): Promise<boolean> {
  return page.evaluate(() => (window as unknown as { __e2eMark?: boolean }).__e2eMark === true);
}

/** Start Chromium before the file's tests, screenshot every tab of a failed test, close at the end. */
export function useBrowser(): void {
  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
    });
    context = await browser.newContext({ viewport: LAPTOP, locale: "ko-KR", timezoneId: "Asia/Seoul" });
    context.setDefaultTimeout(UI_DEADLINE);
  });

  afterEach(async (ctx) => {
    if (ctx.task.result?.state !== "fail") return;
    const label = ctx.task.name.replace(/[^a-z0-9]+/gi, "-").slice(0, 60);
    for (const [name, page] of tabs) {
      if (!page.isClosed()) await page.screenshot({ path: join(ARTIFACTS, `FAILED-${label}-${name}.png`), fullPage: true }).catch(() => undefined);
    }
  });

  afterAll(async () => {
    await browser?.close();
  });
}
