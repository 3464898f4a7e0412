// The dashboard against a running demo, in Debian's headless Chromium (never a downloaded one).
// e2e/run.mjs starts the demo and sets E2E_BASE_URL, E2E_DATA_DIR and E2E_ARTIFACTS.
// Every wait is on a condition with a deadline; the tests run in order against one demo day.
import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";

function env(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the end-to-end tests with \`npm run e2e\` (e2e/run.mjs)`);
  return value;
}

const BASE = env("E2E_BASE_URL");
const ARTIFACTS = env("E2E_ARTIFACTS");
const CHROMIUM = process.env.E2E_CHROMIUM ?? "/usr/bin/chromium";
const TOKEN = readFileSync(join(env("E2E_DATA_DIR"), "api-token"), "utf8").trim();

const LAPTOP = { width: 1366, height: 768 };
const PHONE = { width: 390, height: 844 };
const LIVE_DEADLINE = 120_000; // a position and an order appear ~35 s into the demo at 60x
const UI_DEADLINE = 20_000;
const PAGES = ["/", "/trades", "/strategy", "/scanner", "/risk", "/orders", "/reports", "/system"] as const;

interface Problem {
  tab: string;
  url: string;
  text: string;
}
const consoleErrors: Problem[] = [];
const tokenLeaks: string[] = [];
const emergencyRequests: string[] = [];

// --- the REST API, as the tests' own view of the truth ------------------------------------

async function api<T>(path: string, init: RequestInit = {}): Promise<T> {
  const response = await fetch(`${BASE}/api/v1${path}`, {
    ...init,
    headers: { Authorization: `Bearer ${TOKEN}`, Accept: "application/json", "Content-Type": "application/json" },
    signal: AbortSignal.timeout(10_000),
  });
  if (!response.ok) throw new Error(`${init.method ?? "GET"} ${path}: HTTP ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

interface Position {
  code: string;
  quantity: number;
}
interface Order {
  id: number;
  code: string;
  side: string;
  status: string;
  purpose: string;
  quantity: number;
  filled_quantity: number;
}

/** Poll `probe` until it returns a value (not undefined) or the deadline passes. */
async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs: number, everyMs = 500): Promise<T> {
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

async function openTab(name: string, viewport = LAPTOP): Promise<Page> {
  const page = await context.newPage();
  await page.setViewportSize(viewport);
  page.on("console", (message) => {
    if (message.type() === "error") {
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

function tab(name: string): Page {
  const page = tabs.get(name);
  if (!page) throw new Error(`no tab ${name}: an earlier step failed`);
  return page;
}

async function signIn(page: Page): Promise<void> {
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
async function navigate(page: Page, path: string): Promise<void> {
  const link = page.locator(`nav#main-nav a[href="${path}"]`);
  if (await link.isVisible()) await link.click();
  else await page.goto(`${BASE}${path}`);
  await page.waitForURL((url) => url.pathname === path || url.pathname.startsWith(`${path}/`), { timeout: UI_DEADLINE });
}

/** The page at `path` has its heading, no query is still loading and the live connection is up. */
async function settle(page: Page, path: string): Promise<void> {
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

function shotName(path: string): string {
  return path === "/" ? "dashboard" : path.slice(1);
}

async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
}

/** Mark the document; the mark survives client-side updates but not a reload. */
async function markDocument(page: Page): Promise<void> {
  await page.evaluate(() => {
    (window as unknown as { __e2eMark?: boolean }).__e2eMark = true;
  });
}
async function documentMarked(page: Page): Promise<boolean> {
  return page.evaluate(() => (window as unknown as { __e2eMark?: boolean }).__e2eMark === true);
}

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

describe("the dashboard against the demo", () => {
  test("signs in with the token (kept in session storage, never in a URL)", async () => {
    // Two tabs (session storage is per tab): one watches the dashboard, one the orders.
    await signIn(await openTab("dashboard"));
    await signIn(await openTab("orders"));
    expect(tokenLeaks).toEqual([]);
  });

  test("a position appears live on the Dashboard and an order on the Orders page", async () => {
    const dashboard = tab("dashboard");
    const orders = tab("orders");
    await navigate(orders, "/orders");
    await markDocument(dashboard);
    await markDocument(orders);
    const heldAtStart = (await api<Position[]>("/account/positions")).length;
    const ordersAtStart = (await api<Order[]>("/orders")).length;
    await Promise.all([
      dashboard.locator("[data-testid=position-card]").first().waitFor({ timeout: LIVE_DEADLINE }),
      orders.locator("[data-testid=order-row]").first().waitFor({ timeout: LIVE_DEADLINE }),
      // The fill is announced as a notification.
      orders.locator("[data-testid=toast]").first().waitFor({ timeout: LIVE_DEADLINE }),
    ]);
    // Live: no reload happened, and the API agrees.
    expect(await documentMarked(dashboard), "the dashboard reloaded").toBe(true);
    expect(await documentMarked(orders), "the orders page reloaded").toBe(true);
    expect((await api<Position[]>("/account/positions")).length).toBeGreaterThan(0);
    if (heldAtStart > 0 || ordersAtStart > 0) {
      console.warn(`note: ${heldAtStart} positions and ${ordersAtStart} orders existed before the pages opened`);
    }
    const card = dashboard.locator("[data-testid=position-card]").first();
    const held = await api<Position[]>("/account/positions");
    const cardText = (await card.textContent()) ?? "";
    expect(held.some((position) => cardText.includes(position.code)), `position card "${cardText}" names no held code`).toBe(true);
  });

  test("the Dashboard shows deposit, equity, daily P&L and system status", async () => {
    const dashboard = tab("dashboard");
    for (const id of ["account-deposit", "account-equity", "daily-pnl", "system-status"]) {
      await dashboard.locator(`[data-testid=${id}]`).first().waitFor({ state: "visible", timeout: UI_DEADLINE });
    }
    const equity = (await dashboard.locator("[data-testid=account-equity]").first().textContent()) ?? "";
    expect(equity, "equity in won with thousands separators").toMatch(/\d{1,3}(,\d{3})+/);
  });

  test("a strategy parameter changed in the form shows in the history", async () => {
    const page = tab("orders");
    await navigate(page, "/strategy");
    const before = await api<{ news_score_threshold: number }>("/strategy/config");
    // Lower, so the demo keeps trading; never below the API's minimum.
    const next = before.news_score_threshold >= 10 ? before.news_score_threshold - 5 : before.news_score_threshold + 5;
    const form = page.locator("[data-testid=strategy-form]");
    const input = form.locator("[name=news_score_threshold]");
    await input.waitFor({ timeout: UI_DEADLINE });
    await expect.poll(() => input.inputValue(), { timeout: UI_DEADLINE }).toBe(String(before.news_score_threshold));
    await input.fill(String(next));
    await page.locator("[data-testid=strategy-save]").click();
    const row = page
      .locator("[data-testid=strategy-history-row]")
      .filter({ hasText: "news_score_threshold" })
      .filter({ hasText: new RegExp(`${before.news_score_threshold}\\s*→\\s*${next}(?!\\d)`) });
    await row.first().waitFor({ timeout: UI_DEADLINE });
    const after = await api<{ news_score_threshold: number }>("/strategy/config");
    expect(after.news_score_threshold).toBe(next);
    const history = await api<{ key: string; new_value: unknown }[]>("/strategy/history?limit=5");
    expect(history.some((change) => change.key.endsWith("news_score_threshold") && Number(change.new_value) === next)).toBe(true);
  });

  test("every page renders at laptop width (screenshots in e2e/artifacts/)", async () => {
    const page = tab("orders");
    const failures: string[] = [];
    for (const path of PAGES) {
      try {
        // A fresh load of each address: deep links work, and nothing of the previous page shows.
        await page.goto(`${BASE}${path}`);
        await settle(page, path);
      } catch (error) {
        failures.push(`${path}: ${String(error).split("\n")[0]}`);
      }
      await screenshot(page, `laptop-${shotName(path)}`);
    }
    expect(failures).toEqual([]);
  });

  test("each page's controls carry their test ids", async () => {
    const page = tab("orders");
    const expected: Record<string, string[]> = {
      "/strategy": ["strategy-toggle", "strategy-form", "strategy-save"],
      "/scanner": ["scanner-row"],
      "/risk": ["risk-form", "kill-switch", "emergency-liquidate"],
      "/system": ["actor-row"],
    };
    const missing: string[] = [];
    for (const [path, ids] of Object.entries(expected)) {
      await page.goto(`${BASE}${path}`);
      await settle(page, path);
      for (const id of ids) {
        const found = await page
          .locator(`[data-testid=${id}]`)
          .first()
          .waitFor({ state: "visible", timeout: 10_000 })
          .then(() => true)
          .catch(() => false);
        if (!found) missing.push(`${path}: [data-testid=${id}]`);
      }
    }
    expect(missing).toEqual([]);
  });

  test("emergency liquidation asks first, then sells every position", async () => {
    const page = tab("orders");
    await navigate(page, "/risk");
    await settle(page, "/risk");
    const held = await until(
      "a position to liquidate",
      async () => {
        const positions = await api<Position[]>("/account/positions");
        return positions.length > 0 ? positions : undefined;
      },
      LIVE_DEADLINE,
    );
    const ordersBefore = new Set((await api<Order[]>("/orders")).map((order) => order.id));

    const button = page.locator("[data-testid=emergency-liquidate]");
    const dialog = page.locator("[data-testid=confirm-dialog]");
    await button.click();
    await dialog.waitFor({ state: "visible", timeout: UI_DEADLINE });
    await screenshot(page, "laptop-risk-confirm");
    await dialog.locator("[data-testid=confirm-no]").click();
    await dialog.waitFor({ state: "hidden", timeout: UI_DEADLINE });
    // Nothing sent on cancel: no request left the page, and the positions are still there.
    await page.waitForLoadState("networkidle", { timeout: 3_000 }).catch(() => undefined);
    expect(emergencyRequests, "cancel must not send the liquidation").toEqual([]);
    expect((await api<Position[]>("/account/positions")).length).toBeGreaterThan(0);

    await button.click();
    await dialog.waitFor({ state: "visible", timeout: UI_DEADLINE });
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.url().includes("/risk/emergency-sell") && r.request().method() === "POST", { timeout: UI_DEADLINE }),
      dialog.locator("[data-testid=confirm-yes]").click(),
    ]);
    expect(response.status()).toBe(202);
    expect(response.request().postDataJSON()).toMatchObject({ confirm: "LIQUIDATE" });
    await page.locator("[data-testid=emergency-result]").first().waitFor({ state: "visible", timeout: UI_DEADLINE });
    expect(emergencyRequests).toHaveLength(1);
    await screenshot(page, "laptop-risk-liquidated");

    // The API: every position held when the button was pressed is sold (a sell order each, and
    // the code is flat). Liquidation does not halt entries, so the strategy may open a position
    // in another code afterwards; a sold code cannot come back (one entry per code per day).
    const heldCodes = new Set(held.map((position) => position.code));
    const remaining = await until(
      `the liquidated codes ${[...heldCodes].join(", ")} to go flat`,
      async () => {
        const now = await api<Position[]>("/account/positions");
        return now.some((position) => heldCodes.has(position.code)) ? undefined : now;
      },
      90_000,
    );
    if (remaining.length > 0) {
      console.warn(`note: entries opened after the liquidation: ${remaining.map((p) => p.code).join(", ")}`);
    }
    const sells = (await api<Order[]>("/orders")).filter((order) => !ordersBefore.has(order.id) && order.side.toLowerCase() === "sell");
    for (const position of held) {
      expect(sells.some((order) => order.code === position.code), `no sell order for ${position.code}`).toBe(true);
    }
  });

  test("the round trips closed by the liquidation show on the Trades page, with a detail view", async () => {
    const page = tab("orders");
    await navigate(page, "/trades");
    await settle(page, "/trades");
    // Trades are written when the sell fills; the list may need the page's own refresh.
    const row = page.locator("[data-testid=trade-row]").first();
    const appeared = await row.waitFor({ timeout: 30_000 }).then(() => true, () => false);
    if (!appeared) {
      await page.reload();
      await row.waitFor({ timeout: UI_DEADLINE });
    }
    await screenshot(page, "laptop-trades-after-liquidation");
    // A user opens the detail through the row's link.
    const link = row.locator('a[href^="/trades/"]').first();
    const trades = JSON.stringify(await api<unknown>("/trades")).slice(0, 300);
    expect(await link.isVisible(), `the trade row has no visible link to its detail (GET /trades: ${trades})`).toBe(true);
    await link.click();
    await page.locator("[data-testid=trade-detail]").first().waitFor({ state: "visible", timeout: UI_DEADLINE });
    await screenshot(page, "laptop-trade-detail");
  });

  test("the Dashboard at phone width (screenshot)", async () => {
    const page = await openTab("phone", PHONE);
    await signIn(page);
    await settle(page, "/");
    await screenshot(page, "phone-dashboard");
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow, "the dashboard scrolls sideways at phone width").toBeLessThanOrEqual(0);
  });

  test("no console errors and no token in any URL", () => {
    expect(tokenLeaks).toEqual([]);
    expect(consoleErrors.map((problem) => `[${problem.tab} ${new URL(problem.url || BASE).pathname}] ${problem.text}`)).toEqual([]);
  });
});
