import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { http, HttpResponse } from "msw";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { server } from "../mocks/node";
import { MOCK_TOKEN } from "../mocks/handlers/util";
import { renderApp } from "../test/render";

// The mock's story (src/mocks/handlers/reports.ts): 2026-W47 (18-20 Nov, closed) and 2026-W48
// (23 Nov closed, 24 Nov the live last session). Pattern A (take-profit) is the best, B
// (stop-loss) the worst; C (end of day) never lost, so it has no profit factor.
const A = "TURNOVER_TOP+VOLUME_SURGE+OR_BREAKOUT +05m news 70-79 rank 1-3 take_profit";
const B = "TURNOVER_TOP+GAINER +15m news - rank 4-5 stop_loss";
const C = "TURNOVER_TOP+VOLUME_SURGE +10m news 80-89 rank 1-3 eod_exit";

/** The query strings the page sent to GET /api/v1/reports/<name>, in order. */
function recordQueries(name: string): Record<string, string>[] {
  const asked: Record<string, string>[] = [];
  server.events.on("request:start", ({ request }) => {
    const url = new URL(request.url);
    if (url.pathname === `/api/v1/reports/${name}`) asked.push(Object.fromEntries(url.searchParams));
  });
  return asked;
}

const patternRow = (name: string) => screen.getAllByTestId("report-pattern-row").find((row) => row.getAttribute("data-name") === name)!;

beforeEach(() => {
  sessionStorage.setItem("stockagent.token", MOCK_TOKEN);
});
afterEach(() => server.events.removeAllListeners());

describe("reports page: the period overview", () => {
  it("draws both charts and the figures from the daily results", async () => {
    const errors = vi.spyOn(console, "error");
    renderApp("/reports");

    const curve = await screen.findByTestId("chart-cumulative-pnl");
    expect(curve).toHaveAttribute("data-points", "5");
    expect(curve.querySelector(".recharts-wrapper")).not.toBeNull();
    expect(screen.getByTestId("chart-daily-return").querySelector(".recharts-wrapper")).not.toBeNull();

    expect(screen.getByTestId("report-total-pnl")).toHaveTextContent("-46,352원");
    expect(screen.getByTestId("report-win-rate")).toHaveTextContent("55.6%");
    expect(screen.getByTestId("report-win-rate")).toHaveTextContent("10승 / 18회");
    expect(screen.getByTestId("report-max-drawdown")).toHaveTextContent("-338,032원");
    expect(screen.getByTestId("report-best")).toHaveTextContent("2026-11-20");
    expect(within(screen.getByTestId("report-worst")).getByText("-250,586원")).toHaveClass("text-down");
    await screen.findByTestId("report-daily");
    expect(errors).not.toHaveBeenCalled();
  });

  it("shows empty charts and no figures when there are no results", async () => {
    server.use(http.get("*/api/v1/reports/metrics", () => HttpResponse.json([])));
    renderApp("/reports");

    expect(await screen.findByText("아직 거래일 결과가 없습니다")).toBeInTheDocument();
    expect(screen.getByTestId("chart-cumulative-pnl")).toHaveTextContent("표시할 데이터가 없습니다");
    expect(screen.getByTestId("chart-daily-return")).toHaveTextContent("표시할 데이터가 없습니다");
    expect(screen.getByTestId("report-win-rate")).toHaveTextContent("-");
    expect(screen.getByTestId("report-best")).toHaveTextContent("없음");
  });

  it("shows an error with a retry when the API fails", async () => {
    server.use(http.get("*/api/v1/reports/metrics", () => HttpResponse.json({ detail: "database unavailable" }, { status: 503 })));
    renderApp("/reports");

    expect(await screen.findByRole("alert")).toHaveTextContent("database unavailable");
  });
});

describe("reports page: the daily report", () => {
  it("opens on the last session the API answers, live, with its closed trades and patterns", async () => {
    const asked = recordQueries("daily");
    renderApp("/reports");

    const report = await screen.findByTestId("report-daily");
    expect(asked[0]).toEqual({}); // no date: the API picks the last session
    expect(report).toHaveAttribute("data-date", "2026-11-24");
    expect(screen.getByLabelText("조회 날짜")).toHaveValue("2026-11-24");
    expect(within(report).getByTestId("report-status")).toHaveTextContent("진행 중 (청산될 때마다 바뀜)");
    expect(within(report).getByTestId("report-status")).toHaveAttribute("data-final", "false");

    expect(screen.getByTestId("report-daily-pnl")).toHaveTextContent("+37,145원");
    expect(screen.getByTestId("report-daily-pnl")).toHaveTextContent("수수료·세금 23,855원");
    expect(screen.getByTestId("report-daily-win-rate")).toHaveTextContent("66.7%");
    expect(screen.getByTestId("report-daily-equity")).toHaveTextContent("49,916,503원 → 마감 전");
    // Three trades: too few for a best or worst pattern.
    expect(screen.getByTestId("report-best-pattern")).toHaveTextContent("없음 (거래 수 부족)");
    expect(screen.getByTestId("report-worst-pattern")).toHaveTextContent("없음 (거래 수 부족)");

    const closed = screen.getAllByTestId("report-closed-row");
    expect(closed).toHaveLength(3);
    expect(closed[0]).toHaveTextContent("삼성전자");
    expect(closed[0]).toHaveTextContent("09:05:40");
    expect(closed[0]).toHaveTextContent("71,300원");
    expect(closed[0]).toHaveTextContent("익절");
    expect(closed[0]).toHaveTextContent("+87,328원");
    expect(closed[0]).toHaveTextContent("+1.74%");
    expect(closed[0]).toHaveTextContent(A);
    expect(closed[1]).toHaveTextContent("042700"); // no name known: the code
    expect(within(closed[1]!).getByText("-83,916원")).toHaveClass("text-down");

    expect(screen.getAllByTestId("report-pattern-row").map((row) => row.getAttribute("data-name"))).toEqual([A, C, B]);
    expect(within(patternRow(A)).getByTestId("pattern-profit-factor")).toHaveTextContent(/^-$/);
    expect(within(patternRow(B)).getByTestId("pattern-profit-factor")).toHaveTextContent("0.00");
    expect(patternRow(A)).toHaveTextContent("거래량 급증");
    expect(patternRow(A)).toHaveTextContent("5~10분");
    expect(screen.getByRole("columnheader", { name: "거래당 기대손익" })).toBeInTheDocument();

    expect(screen.getByRole("button", { name: "다음 거래일" })).toBeDisabled();
  });

  it("steps back by trading day, asking the API for that date, and back to the last session", async () => {
    const user = userEvent.setup();
    const asked = recordQueries("daily");
    renderApp("/reports");
    await screen.findByTestId("report-daily");

    await user.click(screen.getByRole("button", { name: "이전 거래일" }));
    await waitFor(() => expect(screen.getByTestId("report-daily")).toHaveAttribute("data-date", "2026-11-23"));
    expect(asked.at(-1)).toEqual({ date: "2026-11-23" });
    expect(window.location.search).toBe("?date=2026-11-23");
    expect(screen.getByLabelText("조회 날짜")).toHaveValue("2026-11-23");
    expect(screen.getByTestId("report-status")).toHaveTextContent("확정");
    expect(screen.getByTestId("report-status")).toHaveAttribute("data-final", "true");
    expect(screen.getByTestId("report-daily-equity")).toHaveTextContent("50,167,089원 → 49,916,503원");
    // Ten trades, five of each pattern: both named, and marked in the table.
    expect(screen.getByTestId("report-best-pattern")).toHaveTextContent(A);
    expect(screen.getByTestId("report-best-pattern")).toHaveTextContent("5회 · 승률 80.0% · 거래당 +49,791원");
    expect(screen.getByTestId("report-worst-pattern")).toHaveTextContent(B);
    expect(patternRow(A)).toHaveAttribute("data-mark", "best");
    expect(patternRow(B)).toHaveAttribute("data-mark", "worst");
    expect(screen.getAllByTestId("report-closed-row")).toHaveLength(10);
    expect(screen.getByRole("button", { name: "다음 거래일" })).toBeEnabled();

    // Monday back to Friday: the weekend is skipped.
    await user.click(screen.getByRole("button", { name: "이전 거래일" }));
    await waitFor(() => expect(screen.getByTestId("report-daily")).toHaveAttribute("data-date", "2026-11-20"));
    expect(asked.at(-1)).toEqual({ date: "2026-11-20" });

    await user.click(screen.getByRole("button", { name: "다음 거래일" }));
    await waitFor(() => expect(screen.getByTestId("report-daily")).toHaveAttribute("data-date", "2026-11-23"));

    await user.click(screen.getByRole("button", { name: "최근 거래일" }));
    await waitFor(() => expect(screen.getByTestId("report-daily")).toHaveAttribute("data-date", "2026-11-24"));
    expect(window.location.search).toBe("");
  });

  it("asks for the date picked and says when that day has no results", async () => {
    const asked = recordQueries("daily");
    renderApp("/reports");
    const picker = await screen.findByLabelText("조회 날짜");
    await screen.findByTestId("report-daily");

    fireEvent.change(picker, { target: { value: "2026-11-01" } });

    expect(await screen.findByTestId("report-daily-missing")).toHaveTextContent("이 날짜의 결과가 없습니다");
    expect(asked.at(-1)).toEqual({ date: "2026-11-01" });
    expect(screen.queryByTestId("report-daily")).not.toBeInTheDocument();
    expect(screen.queryByRole("alert")).not.toBeInTheDocument();
    expect(picker).toHaveValue("2026-11-01");
  });

  it("says so when even the last session has no results yet", async () => {
    server.use(http.get("*/api/v1/reports/daily", () => HttpResponse.json({ status_code: 404, detail: "no results for 2026-11-25" }, { status: 404 })));
    renderApp("/reports");

    const missing = await screen.findByTestId("report-daily-missing");
    expect(missing).toHaveTextContent("이 날짜의 결과가 없습니다");
    expect(missing).toHaveTextContent("no results for 2026-11-25");
    expect(screen.getByRole("button", { name: "이전 거래일" })).toBeDisabled();
  });

  it("opens a bookmarked day", async () => {
    renderApp("/reports?date=2026-11-18");
    expect(await screen.findByTestId("report-daily")).toHaveAttribute("data-date", "2026-11-18");
    expect(screen.getByTestId("report-status")).toHaveTextContent("확정");
  });
});

describe("reports page: the weekly report", () => {
  it("opens on the last session's week with its days and patterns, best and worst marked", async () => {
    const user = userEvent.setup();
    const asked = recordQueries("weekly");
    renderApp("/reports");
    await user.click(await screen.findByRole("button", { name: "주간" }));

    const report = await screen.findByTestId("report-weekly");
    expect(screen.getByRole("button", { name: "주간" })).toHaveAttribute("aria-pressed", "true");
    expect(asked[0]).toEqual({});
    expect(report).toHaveAttribute("data-week", "2026-W48");
    expect(screen.getByLabelText("조회 주")).toHaveValue("2026-W48");
    expect(within(report).getByTestId("report-status")).toHaveTextContent("진행 중");
    expect(report).toHaveTextContent("2026-11-23 ~ 2026-11-24 · 거래일 2일");
    expect(screen.getByTestId("report-weekly-pnl")).toHaveTextContent("-213,441원");
    expect(screen.getByTestId("report-weekly-win-rate")).toHaveTextContent("6승 / 13회");

    const days = screen.getAllByTestId("report-weekly-day");
    expect(days.map((day) => day.getAttribute("data-date"))).toEqual(["2026-11-23", "2026-11-24"]);
    expect(days[1]).toHaveTextContent("마감 전");

    expect(screen.getByTestId("report-best-pattern")).toHaveTextContent(A);
    expect(screen.getByTestId("report-worst-pattern")).toHaveTextContent(B);
    expect(patternRow(A)).toHaveAttribute("data-mark", "best");
    expect(patternRow(B)).toHaveAttribute("data-mark", "worst");
    expect(within(patternRow(C)).getByTestId("pattern-profit-factor")).toHaveTextContent(/^-$/);
    expect(screen.getByRole("button", { name: "다음 주" })).toBeDisabled();
  });

  it("steps back by ISO week and says when a week has no session", async () => {
    const user = userEvent.setup();
    const asked = recordQueries("weekly");
    renderApp("/reports?view=weekly");
    await screen.findByTestId("report-weekly");

    await user.click(screen.getByRole("button", { name: "이전 주" }));
    await waitFor(() => expect(screen.getByTestId("report-weekly")).toHaveAttribute("data-week", "2026-W47"));
    expect(asked.at(-1)).toEqual({ week: "2026-W47" });
    expect(screen.getByLabelText("조회 주")).toHaveValue("2026-W47");
    expect(screen.getByTestId("report-status")).toHaveTextContent("확정");
    expect(screen.getAllByTestId("report-weekly-day")).toHaveLength(3);
    // Five trades over three patterns: none has enough for best or worst.
    expect(screen.getByTestId("report-best-pattern")).toHaveTextContent("없음");

    await user.click(screen.getByRole("button", { name: "이전 주" }));
    expect(await screen.findByTestId("report-weekly-missing")).toHaveTextContent("이 주에 시작된 거래일이 없습니다");
    expect(asked.at(-1)).toEqual({ week: "2026-W46" });

    await user.click(screen.getByRole("button", { name: "다음 주" }));
    await waitFor(() => expect(screen.getByTestId("report-weekly")).toHaveAttribute("data-week", "2026-W47"));
  });

  it("asks for the week picked and opens a day of it in the daily report", async () => {
    const user = userEvent.setup();
    const asked = recordQueries("weekly");
    renderApp("/reports?view=weekly");
    await screen.findByTestId("report-weekly");

    fireEvent.change(screen.getByLabelText("조회 주"), { target: { value: "2026-W47" } });
    await waitFor(() => expect(screen.getByTestId("report-weekly")).toHaveAttribute("data-week", "2026-W47"));
    expect(asked.at(-1)).toEqual({ week: "2026-W47" });

    await user.click(screen.getByRole("button", { name: "2026-11-20 일일 리포트 보기" }));
    expect(await screen.findByTestId("report-daily")).toHaveAttribute("data-date", "2026-11-20");
    expect(screen.getByRole("button", { name: "일일" })).toHaveAttribute("aria-pressed", "true");
  });
});

describe("reports page: patterns", () => {
  it("shows the API's span, best and worst and the full table, '-' for no profit factor", async () => {
    const user = userEvent.setup();
    const asked = recordQueries("patterns");
    renderApp("/reports");
    await user.click(await screen.findByRole("button", { name: "패턴" }));

    const report = await screen.findByTestId("report-patterns");
    expect(asked[0]).toEqual({}); // the API's default span: the last 30 days
    expect(screen.getByLabelText("시작일")).toHaveValue("2026-10-26");
    expect(screen.getByLabelText("종료일")).toHaveValue("2026-11-24");
    expect(screen.getByLabelText("최소 거래 수")).toHaveValue(5);
    expect(report).toHaveTextContent("5회 이상 거래된 패턴");

    expect(screen.getByTestId("report-best-pattern")).toHaveTextContent(A);
    expect(screen.getByTestId("report-best-pattern")).toHaveTextContent("7회");
    expect(screen.getByTestId("report-worst-pattern")).toHaveTextContent(B);
    const rows = screen.getAllByTestId("report-pattern-row");
    expect(rows.map((row) => row.getAttribute("data-name"))).toEqual([A, C, B]);
    expect(rows[0]).toHaveAttribute("data-mark", "best");
    expect(rows[2]).toHaveAttribute("data-mark", "worst");
    expect(rows[1]).not.toHaveAttribute("data-mark");
    expect(within(rows[1]!).getByTestId("pattern-profit-factor")).toHaveTextContent(/^-$/);
    expect(within(rows[1]!).getByRole("rowheader")).toHaveTextContent("거래대금 상위 종목 + 거래량 급증");
    expect(rows[1]).toHaveTextContent("장 마감 청산");
    expect(within(rows[0]!).getByTestId("pattern-profit-factor")).toHaveTextContent(/^\d+\.\d{2}$/);
  });

  it("sends the span and minimum trades, and picks best and worst by that minimum", async () => {
    const user = userEvent.setup();
    const asked = recordQueries("patterns");
    renderApp("/reports?view=patterns");
    await screen.findByTestId("report-patterns");

    const min = screen.getByLabelText("최소 거래 수");
    await user.clear(min);
    await user.type(min, "7");
    await user.click(screen.getByRole("button", { name: "조회" }));

    await waitFor(() => expect(asked.at(-1)).toEqual({ from: "2026-10-26", to: "2026-11-24", min_trades: "7" }));
    // Only A has seven trades: the best, and no worst.
    await waitFor(() => expect(screen.getByTestId("report-worst-pattern")).toHaveTextContent("없음"));
    expect(screen.getByTestId("report-best-pattern")).toHaveTextContent(A);
    expect(new URLSearchParams(window.location.search).get("min_trades")).toBe("7");
  });

  it("refuses a span that ends before it starts, and shows an empty span", async () => {
    const user = userEvent.setup();
    const asked = recordQueries("patterns");
    renderApp("/reports?view=patterns");
    await screen.findByTestId("report-patterns");
    const sent = asked.length;

    fireEvent.change(screen.getByLabelText("시작일"), { target: { value: "2026-11-30" } });
    await user.click(screen.getByRole("button", { name: "조회" }));
    expect(screen.getByRole("alert")).toHaveTextContent("시작일이 종료일보다 늦습니다");
    expect(asked).toHaveLength(sent);

    fireEvent.change(screen.getByLabelText("시작일"), { target: { value: "2026-09-01" } });
    fireEvent.change(screen.getByLabelText("종료일"), { target: { value: "2026-09-30" } });
    await user.click(screen.getByRole("button", { name: "조회" }));
    expect(await screen.findByTestId("report-patterns-empty")).toHaveTextContent("이 기간에 저장된 패턴이 없습니다");
    expect(asked.at(-1)).toEqual({ from: "2026-09-01", to: "2026-09-30", min_trades: "5" });
    expect(screen.getByTestId("report-best-pattern")).toHaveTextContent("없음");
  });
});
