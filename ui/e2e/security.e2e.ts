// The dashboard's origin runs only its own code (the token sits in the tab's session storage):
// /schema/* loads nothing from another origin, and every page is sent with the
// Content-Security-Policy and works under it, without a single violation (the live WebSocket,
// the charts, the backtest report opened as a Blob URL included).
// The harness (browser, tabs, API, waits) is in e2e/harness.ts.
import type { Page } from "playwright-core";
import { describe, expect, test } from "vitest";
import { BASE, PAGES, UI_DEADLINE, api, consoleErrors, openTab, settle, signIn, useBrowser } from "./harness";

useBrowser();

const ORIGIN = new URL(BASE).origin;
const SCHEMA_PATHS = ["/schema", "/schema/openapi.json", "/schema/swagger", "/schema/redoc", "/schema/elements", "/schema/rapidoc"];

/** Record every request `page` makes to another origin. */
function foreignRequests(page: Page): string[] {
  const foreign: string[] = [];
  page.on("request", (request) => {
    const url = new URL(request.url());
    if (url.origin !== ORIGIN && url.protocol !== "data:" && url.protocol !== "blob:") foreign.push(request.url());
  });
  return foreign;
}

/** Collect the page's Content-Security-Policy violations in `window.__violations`, from the
 * first script of every document on (an init script is the browser's own, not the page's). */
async function watchViolations(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { __violations: string[] }).__violations = seen;
    document.addEventListener("securitypolicyviolation", (event) => seen.push(`${event.effectiveDirective} ${event.blockedURI}`));
  });
}

async function violations(page: Page): Promise<string[]> {
  return page.evaluate(() => [...((window as unknown as { __violations?: string[] }).__violations ?? [])]);
}

function policyOf(headers: Record<string, string>): Map<string, string> {
  const directives = (headers["content-security-policy"] ?? "").split(";").map((part) => part.trim().split(/\s+/));
  return new Map(directives.filter((words) => words[0]).map((words) => [words[0]!, words.slice(1).join(" ")]));
}

describe("the dashboard's origin runs only its own code", () => {
  test("/schema/* serves no API reference page and loads nothing from another origin", async () => {
    const page = await openTab("schema");
    const foreign = foreignRequests(page);
    for (const path of SCHEMA_PATHS) {
      const response = await page.goto(`${BASE}${path}`, { waitUntil: "networkidle" });
      expect(response, path).not.toBeNull();
      expect(policyOf(response!.headers()).get("script-src"), path).toBe("'self'");
      expect(await page.locator("script").count(), `${path} has a script element`).toBe(0);
      if (path.endsWith("/swagger") || path.endsWith("/redoc") || path.endsWith("/elements") || path.endsWith("/rapidoc")) {
        expect(response!.status(), path).toBe(404);
      }
    }
    expect(foreign).toEqual([]);
  });

  test("every page is sent with the policy and runs under it without a violation", async () => {
    const page = await openTab("pages");
    const foreign = foreignRequests(page);
    await watchViolations(page);
    await signIn(page);
    const found: string[] = [];
    for (const path of PAGES) {
      // A full load each time: the policy comes with the document.
      const response = await page.goto(`${BASE}${path}`);
      expect(response, path).not.toBeNull();
      const policy = policyOf(response!.headers());
      expect(policy.get("script-src"), path).toBe("'self'");
      expect(policy.get("frame-ancestors"), path).toBe("'none'");
      expect(response!.headers()["x-content-type-options"], path).toBe("nosniff");
      expect(response!.headers()["referrer-policy"], path).toBe("no-referrer");
      await settle(page, path); // waits for the live WebSocket too (connect-src 'self')
      found.push(...(await violations(page)).map((violation) => `${path}: ${violation}`));
    }
    expect(found).toEqual([]);
    expect(foreign).toEqual([]);
  });

  test("the backtest report opens from its Blob URL with its style (allowed by hash)", async () => {
    const run = await api<{ id: number }>("/backtests", { method: "POST", body: JSON.stringify({ seeds: "1" }) });
    const page = await openTab("report");
    await watchViolations(page);
    await signIn(page);
    await page.goto(`${BASE}/backtests?run=${run.id}`);
    await settle(page, "/backtests");
    const link = page.locator(`[data-testid=backtest-detail][data-id="${run.id}"] [data-testid=backtest-report]`);
    await link.waitFor({ state: "visible", timeout: UI_DEADLINE });
    const [report] = await Promise.all([page.waitForEvent("popup", { timeout: UI_DEADLINE }), link.click()]);
    await report.waitForLoadState("load");
    expect(report.url()).toMatch(/^blob:/);
    // The report's sheet sets the body's width; a blocked sheet would leave it at "none".
    expect(await report.evaluate(() => getComputedStyle(document.body).maxWidth)).toBe("820px");
    expect(await violations(page)).toEqual([]);
  });

  test("no policy violation reached the console", () => {
    const refused = consoleErrors.filter((problem) => /Content Security Policy|Refused to/i.test(problem.text));
    expect(refused.map((problem) => `[${problem.tab} ${new URL(problem.url || BASE).pathname}] ${problem.text}`)).toEqual([]);
  });
});
