// The dashboard against a running demo, in Debian's headless Chromium (never a downloaded one).
// Every wait is on a condition with a deadline; the tests run in order against one demo day.
// The harness (browser, tabs, API, waits) is in e2e/harness.ts.
import type { Response } from "playwright-core";
import { describe, expect, test } from "vitest";
import { BASE, PHONE, LIVE_DEADLINE, UI_DEADLINE, PAGES, consoleErrors, tokenLeaks, emergencyRequests, api, type Position, type Order, until, openTab, tab, signIn, navigate, settle, shotName, screenshot, markDocument, documentMarked, useBrowser } from "./harness";

useBrowser();

interface DailyReport {
  date: string;
  final: boolean;
  closed: unknown[];
}
interface WeeklyReport {
  week: string;
  final: boolean;
  days: { date: string }[];
}
interface PatternReport {
  first: string;
  last: string;
  min_trades: number;
  patterns: { name: string }[];
}

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
    const heldAtStart = (await api<Position[]>("/account/positions")).filter((position) => position.managed).length;
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
    expect((await api<Position[]>("/account/positions")).filter((position) => position.managed).length).toBeGreaterThan(0);
    if (heldAtStart > 0 || ordersAtStart > 0) {
      console.warn(`note: ${heldAtStart} positions and ${ordersAtStart} orders existed before the pages opened`);
    }
    const card = dashboard.locator("[data-testid=position-card]").first();
    // Position cards are the agent's positions; the user's holdings are rows of their own table.
    const held = (await api<Position[]>("/account/positions")).filter((position) => position.managed);
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
    // The demo's simulated broker answers (#17): the card and the header say so, and the account
    // figures, reconciled every few seconds, carry no stale badge.
    await expect.poll(() => dashboard.locator("[data-testid=broker-state]").getAttribute("data-state"), { timeout: UI_DEADLINE }).toBe("up");
    expect(await dashboard.locator("[data-testid=broker-badge]").getAttribute("data-state")).toBe("up");
    expect(await dashboard.locator("[data-testid=stale-badge]").count(), "a stale badge on the demo's fresh figures").toBe(0);
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
      "/risk": ["risk-form", "kill-switch", "freeze-toggle", "emergency-liquidate"],
      "/system": ["actor-row"],
      "/reports": ["report-view-daily", "report-view-weekly", "report-view-patterns", "report-daily-view"],
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

  test("emergency liquidation asks first, then sells the agent's positions and leaves the user's", async () => {
    const page = tab("orders");
    await navigate(page, "/risk");
    await settle(page, "/risk");
    const agentPositions = (positions: Position[]) => positions.filter((position) => position.managed);
    const held = await until(
      "a position of the agent's to liquidate",
      async () => {
        const positions = agentPositions(await api<Position[]>("/account/positions"));
        return positions.length > 0 ? positions : undefined;
      },
      LIVE_DEADLINE,
    );
    // The user's own holdings in the shared account (the demo may start with some).
    const heldCodes = new Set(held.map((position) => position.code));
    const usersOnly = (await api<Position[]>("/account/positions")).filter((position) => !position.managed && !heldCodes.has(position.code));
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
    expect(agentPositions(await api<Position[]>("/account/positions")).length).toBeGreaterThan(0);

    await button.click();
    await dialog.waitFor({ state: "visible", timeout: UI_DEADLINE });
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.url().includes("/risk/emergency-sell") && r.request().method() === "POST", { timeout: UI_DEADLINE }),
      dialog.locator("[data-testid=confirm-yes]").click(),
    ]);
    expect(response.status()).toBe(202);
    // The "also sell my own holdings" option is unchecked by default.
    expect(response.request().postDataJSON()).toMatchObject({ confirm: "LIQUIDATE", scope: "agent" });
    await page.locator("[data-testid=emergency-result]").first().waitFor({ state: "visible", timeout: UI_DEADLINE });
    expect(emergencyRequests).toHaveLength(1);
    await screenshot(page, "laptop-risk-liquidated");

    // The API: every position of the agent's held when the button was pressed is sold (a sell
    // order each, and the agent holds none of the code). The liquidation engages the kill switch,
    // but an entry already on its way may still fill in another code; a sold code cannot come
    // back (one entry per code per day). The user's own holdings are not sold.
    const remaining = await until(
      `the liquidated codes ${[...heldCodes].join(", ")} to go flat`,
      async () => {
        const now = agentPositions(await api<Position[]>("/account/positions"));
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
    const after = await api<Position[]>("/account/positions");
    for (const holding of usersOnly) {
      expect(sells.some((order) => order.code === holding.code), `the user's ${holding.code} was sold`).toBe(false);
      expect(after.some((position) => !position.managed && position.code === holding.code), `the user's ${holding.code} is gone`).toBe(true);
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

  test("the Reports page shows the daily and weekly reports and the patterns, or their empty states", async () => {
    // The demo may not have closed a day yet, and a live day's figures move with each closed
    // trade: each view is checked against the answer the page itself received (a report, or a
    // 404 and the view's empty state), never against numbers that depend on timing.
    const page = tab("orders");
    const byId = (id: string) => page.locator(`[data-testid=${id}]`);
    /** The page's next answer from GET /api/v1/reports/<name> whose query has exactly `query`. */
    const answer = (name: string, query: Record<string, string>) =>
      page.waitForResponse(
        (r) => {
          const url = new URL(r.url());
          return url.pathname === `/api/v1/reports/${name}` && JSON.stringify(Object.fromEntries(url.searchParams)) === JSON.stringify(query);
        },
        { timeout: UI_DEADLINE },
      );
    const body = async <T,>(response: Response): Promise<T | null> => {
      expect([200, 404], `${response.url()}: HTTP ${response.status()}`).toContain(response.status());
      return response.status() === 200 ? ((await response.json()) as T) : null;
    };
    /** The view shows the report (`found`) when the API answered one, else its empty state. */
    const shows = async (ok: boolean, found: string, missing: string) => {
      await byId(ok ? found : missing).first().waitFor({ state: "visible", timeout: UI_DEADLINE });
      expect(await byId(ok ? missing : found).count()).toBe(0);
    };
    const badgeAgrees = async (report: string) => {
      const badge = byId(report).locator("[data-testid=report-status]");
      const final = await badge.getAttribute("data-final");
      expect(await badge.textContent()).toMatch(final === "true" ? /확정/ : /진행 중/);
    };
    const noError = async (where: string) => expect(await page.locator("main [role=alert]").count(), `an error shows on ${where}`).toBe(0);

    // Daily: without a date, the last session; the picker shows the date the API answered.
    const [firstDay] = await Promise.all([answer("daily", {}), page.goto(`${BASE}/reports`)]);
    await settle(page, "/reports");
    const daily = await body<DailyReport>(firstDay);
    const datePicker = page.getByLabel("조회 날짜");
    await shows(daily !== null, "report-daily", "report-daily-missing");
    if (daily) {
      expect(await byId("report-daily").getAttribute("data-date")).toBe(daily.date);
      expect(await datePicker.inputValue()).toBe(daily.date);
      await badgeAgrees("report-daily");
      expect(await byId("report-daily-pnl").textContent()).toMatch(/\d원/);
      // A day's closed trades only grow (the view is fetched again as orders fill).
      expect(await byId("report-closed-row").count()).toBeGreaterThanOrEqual(daily.closed.length);
    }
    await noError("the daily report");
    await screenshot(page, "laptop-reports-daily");

    // The previous trading day, asked for by date (a fresh demo has none: the empty state).
    const previousDay = page.getByRole("button", { name: "이전 거래일" });
    if (daily) {
      const [earlier] = await Promise.all([
        page.waitForResponse((r) => r.url().includes("/api/v1/reports/daily?date="), { timeout: UI_DEADLINE }),
        previousDay.click(),
      ]);
      const asked = new URL(earlier.url()).searchParams.get("date") ?? "";
      expect(asked < daily.date, `the previous day ${asked} is not before ${daily.date}`).toBe(true);
      await shows((await body<DailyReport>(earlier)) !== null, "report-daily", "report-daily-missing");
      expect(await datePicker.inputValue()).toBe(asked);
      await noError("the previous day's report");
      await screenshot(page, "laptop-reports-previous-day");
      await page.getByRole("button", { name: "최근 거래일" }).click();
      await expect.poll(() => datePicker.inputValue(), { timeout: UI_DEADLINE }).toBe(daily.date);
    } else {
      expect(await previousDay.isDisabled()).toBe(true);
    }

    // Weekly: without a week, the last session's week, day by day.
    const [thisWeek] = await Promise.all([answer("weekly", {}), byId("report-view-weekly").click()]);
    const weekly = await body<WeeklyReport>(thisWeek);
    await shows(weekly !== null, "report-weekly", "report-weekly-missing");
    if (weekly) {
      expect(await byId("report-weekly").getAttribute("data-week")).toBe(weekly.week);
      expect(await page.getByLabel("조회 주").inputValue()).toBe(weekly.week);
      await badgeAgrees("report-weekly");
      expect(await byId("report-weekly-day").count()).toBe(weekly.days.length);
      await screenshot(page, "laptop-reports-weekly");
      const [earlier] = await Promise.all([
        page.waitForResponse((r) => r.url().includes("/api/v1/reports/weekly?week="), { timeout: UI_DEADLINE }),
        page.getByRole("button", { name: "이전 주" }).click(),
      ]);
      expect((new URL(earlier.url()).searchParams.get("week") ?? "") < weekly.week).toBe(true);
      await shows((await body<WeeklyReport>(earlier)) !== null, "report-weekly", "report-weekly-missing");
      await noError("the previous week's report");
      await page.getByRole("button", { name: "최근 주" }).click();
      await expect.poll(() => byId("report-weekly").getAttribute("data-week"), { timeout: UI_DEADLINE }).toBe(weekly.week);
    } else {
      await screenshot(page, "laptop-reports-weekly");
    }
    await noError("the weekly report");

    // Patterns: the API's default span (the last 30 days), best and worst, the table or its empty state.
    const [span] = await Promise.all([answer("patterns", {}), byId("report-view-patterns").click()]);
    expect(span.status()).toBe(200);
    const patterns = (await span.json()) as PatternReport;
    await byId("report-patterns").waitFor({ state: "visible", timeout: UI_DEADLINE });
    expect(await byId("report-patterns").getAttribute("data-first")).toBe(patterns.first);
    expect(await byId("report-patterns").getAttribute("data-last")).toBe(patterns.last);
    expect(await page.getByLabel("시작일").inputValue()).toBe(patterns.first);
    expect(await page.getByLabel("종료일").inputValue()).toBe(patterns.last);
    expect(await page.getByLabel("최소 거래 수").inputValue()).toBe(String(patterns.min_trades));
    await byId("report-best-pattern").waitFor({ state: "visible" });
    await byId("report-worst-pattern").waitFor({ state: "visible" });
    if (patterns.patterns.length > 0) {
      expect(await byId("report-pattern-row").count()).toBe(patterns.patterns.length);
    } else {
      await byId("report-patterns-empty").waitFor({ state: "visible" });
    }
    await noError("the patterns");
    await screenshot(page, "laptop-reports-patterns");
  });

  test("the Dashboard at phone width (screenshot)", async () => {
    const page = await openTab("phone", PHONE);
    await signIn(page);
    await settle(page, "/");
    await screenshot(page, "phone-dashboard");
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow, "the dashboard scrolls sideways at phone width").toBeLessThanOrEqual(0);
  });

  test("the Tuning page shows how to start a study (the demo has none)", async () => {
    const page = tab("orders");
    await navigate(page, "/tuning");
    await settle(page, "/tuning");
    expect((await api<{ studies: unknown[] }>("/tuning/studies")).studies).toEqual([]);
    const empty = page.locator("[data-testid=tuning-empty]");
    await empty.waitFor({ state: "visible", timeout: UI_DEADLINE });
    expect(await empty.textContent()).toContain("stockagent tune --study NAME --trials N --seeds 1-5");
    expect(await page.locator("[data-testid=study-detail]").count()).toBe(0);
    await screenshot(page, "laptop-tuning-empty");
  });

  test("a one-seed backtest run from the Backtests page shows in the list with its detail", async () => {
    const page = tab("orders");
    await navigate(page, "/backtests");
    await settle(page, "/backtests");
    const before = new Set((await api<{ id: number }[]>("/backtests")).map((run) => run.id));
    const form = page.locator("[data-testid=backtest-form]");
    await form.locator("[data-testid=backtest-mode-seeds]").check();
    await form.locator("input[name=seeds]").fill("1");
    // The run happens while the POST waits (a second or two a day; longer beside the demo).
    const BACKTEST_DEADLINE = 90_000;
    const [response] = await Promise.all([
      page.waitForResponse((r) => new URL(r.url()).pathname === "/api/v1/backtests" && r.request().method() === "POST", { timeout: BACKTEST_DEADLINE }),
      page.locator("[data-testid=backtest-form][aria-busy=true]").waitFor({ state: "attached", timeout: UI_DEADLINE }),
      form.locator("[data-testid=backtest-run]").click(),
    ]);
    expect(response.request().postDataJSON()).toEqual({ seeds: "1" });
    expect(response.status(), await response.text()).toBe(201);
    const run = (await response.json()) as { id: number; source: string; span: string; days: number };
    expect(before.has(run.id), `run ${run.id} existed before`).toBe(false);
    expect(run).toMatchObject({ source: "seeds", span: "1-1", days: 1 });

    await page.locator(`[data-testid=backtest-row][data-id="${run.id}"]`).waitFor({ state: "visible", timeout: UI_DEADLINE });
    const detail = page.locator(`[data-testid=backtest-detail][data-id="${run.id}"]`);
    const day = detail.locator("[data-testid=backtest-day-row]");
    await day.first().waitFor({ state: "visible", timeout: UI_DEADLINE });
    expect(await day.count()).toBe(1);
    expect(await day.first().getAttribute("data-seed")).toBe("1");
    await detail.locator("[data-testid=backtest-equity]").waitFor({ state: "visible", timeout: UI_DEADLINE });
    // The report was fetched with the token and is linked as a Blob URL, never with the token.
    const report = detail.locator("[data-testid=backtest-report]");
    await report.waitFor({ state: "visible", timeout: UI_DEADLINE });
    expect(await report.getAttribute("href")).toMatch(/^blob:/);
    expect(await page.locator("[data-testid=backtest-form]").getAttribute("aria-busy")).toBe("false");

    const stored = await api<{ run: { id: number }; result: { days: { seed: number }[] } }>(`/backtests/${run.id}`);
    expect(stored.result.days.map((d) => d.seed)).toEqual([1]);
    expect((await api<{ id: number }[]>("/backtests"))[0]?.id).toBe(run.id);
    await screenshot(page, "laptop-backtest-run");
  });

  test("no console errors and no token in any URL", () => {
    expect(tokenLeaks).toEqual([]);
    expect(consoleErrors.map((problem) => `[${problem.tab} ${new URL(problem.url || BASE).pathname}] ${problem.text}`)).toEqual([]);
  });
});
