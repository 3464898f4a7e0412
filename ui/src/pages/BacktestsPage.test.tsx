import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { http, HttpResponse } from "msw";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { resetBacktestsMock } from "../mocks/handlers/backtests";
import { resetStrategyMock } from "../mocks/handlers/strategy";
import { MOCK_TOKEN } from "../mocks/handlers/util";
import { server } from "../mocks/node";
import { renderApp } from "../test/render";

/** Hold every POST /backtests until `release()`, recording its body; the mock then answers. */
function holdPosts() {
  const bodies: unknown[] = [];
  let release = () => {};
  const gate = new Promise<void>((resolve) => (release = resolve));
  server.use(
    http.post("*/api/v1/backtests", async ({ request }) => {
      bodies.push(await request.clone().json());
      await gate;
      return undefined; // on to the mock's own handler
    }),
  );
  return { bodies, release: () => release() };
}

/** Record every POST /backtests body; the mock answers. */
function recordPosts() {
  const bodies: unknown[] = [];
  server.use(
    http.post("*/api/v1/backtests", async ({ request }) => {
      bodies.push(await request.clone().json());
      return undefined;
    }),
  );
  return bodies;
}

/** jsdom's Blob has no text(); FileReader reads it. */
function readText(blob: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error);
    reader.readAsText(blob);
  });
}

const rowIds = () => screen.getAllByTestId("backtest-row").map((row) => row.getAttribute("data-id"));

beforeEach(() => {
  resetBacktestsMock();
  resetStrategyMock();
  sessionStorage.setItem("stockagent.token", MOCK_TOKEN);
  // jsdom has no Blob URLs; the report link is one.
  URL.createObjectURL = vi.fn(() => "blob:http://localhost/report-1");
  URL.revokeObjectURL = vi.fn();
});

describe("backtests page", () => {
  it("lists the stored runs, newest first, and shows the newest run's detail", async () => {
    const errors = vi.spyOn(console, "error");
    const user = userEvent.setup();
    renderApp("/backtests");

    await screen.findAllByTestId("backtest-row");
    expect(rowIds()).toEqual(["2", "1"]);
    const detail = await screen.findByTestId("backtest-detail");
    expect(detail).toHaveAttribute("data-id", "2");
    // Fetched days: one row a day, the skipped day and why, patterns, and the equity curve.
    expect(await screen.findAllByTestId("backtest-day-row")).toHaveLength(4);
    expect(screen.getByTestId("backtest-skipped")).toHaveTextContent("2026-11-19: no minute bars stored (stockagent data fetch)");
    const patterns = screen.getAllByTestId("backtest-pattern-row");
    expect(patterns).toHaveLength(2);
    expect(patterns[0]!.lastElementChild).toHaveTextContent("3.40");
    // No losing trade and no win: no profit factor.
    expect(patterns[1]!.lastElementChild).toHaveTextContent(/^-$/);
    const equity = screen.getByTestId("backtest-equity");
    expect(equity).toHaveAttribute("data-points", "4");
    expect(equity.querySelector(".recharts-wrapper")).not.toBeNull();
    expect(screen.getByTestId("backtest-pnl")).toHaveTextContent("+98,000원");
    expect(screen.getByTestId("backtest-trades")).toHaveTextContent("3승 / 4회");
    // The report: fetched with the token, opened from a Blob URL (never a URL with the token).
    const report = await screen.findByTestId("backtest-report");
    expect(report).toHaveAttribute("href", "blob:http://localhost/report-1");
    expect(report).toHaveAttribute("target", "_blank");
    const blob = vi.mocked(URL.createObjectURL).mock.calls[0]![0] as Blob;
    expect(blob.type).toBe("text/html;charset=utf-8");
    expect(await readText(blob)).toContain("Backtest 2026-11-16..2026-11-20");

    await user.click(screen.getByRole("link", { name: "백테스트 #1 보기" }));

    await waitFor(() => expect(screen.getByTestId("backtest-detail")).toHaveAttribute("data-id", "1"));
    const days = await screen.findAllByTestId("backtest-day-row");
    expect(days).toHaveLength(5);
    expect(days[0]).toHaveTextContent("시드 1");
    expect(window.location.search).toBe("?run=1");
    expect(errors).not.toHaveBeenCalled();
  });

  it("posts the seeds and date, disables the form while the run is busy, then shows the new run", async () => {
    const user = userEvent.setup();
    const held = holdPosts();
    renderApp("/backtests");

    const seeds = await screen.findByLabelText("시드 범위");
    expect(seeds).toHaveValue("1-5");
    await user.clear(seeds);
    await user.type(seeds, "1-3");
    fireEvent.change(screen.getByLabelText("날짜 (선택)"), { target: { value: "2026-11-20" } });
    const run = screen.getByTestId("backtest-run");
    await user.click(run);

    // Busy: every control disabled, and the page says the run is under way.
    await waitFor(() => expect(run).toBeDisabled());
    expect(screen.getByTestId("backtest-form")).toHaveAttribute("aria-busy", "true");
    expect(seeds).toBeDisabled();
    expect(screen.getByTestId("backtest-mode-days")).toBeDisabled();
    expect(run).toHaveTextContent("실행 중…");
    expect(screen.getByTestId("backtest-form-status")).toHaveTextContent("백테스트를 실행하고 있습니다");
    await user.click(run);
    expect(held.bodies).toEqual([{ seeds: "1-3", date: "2026-11-20" }]);

    held.release();

    expect(await screen.findByText("백테스트 #3 저장됨: 3거래일, 4건 거래")).toBeInTheDocument();
    expect(run).toBeEnabled();
    await waitFor(() => expect(rowIds()).toEqual(["3", "2", "1"]));
    await waitFor(() => expect(screen.getByTestId("backtest-detail")).toHaveAttribute("data-id", "3"));
    expect(await screen.findAllByTestId("backtest-day-row")).toHaveLength(3);
    expect(screen.getAllByTestId("backtest-row")[0]).toHaveAttribute("data-selected", "true");
  });

  it("posts fetched days with without_news, and shows the API's 400 detail when it is left out", async () => {
    const user = userEvent.setup();
    const bodies = recordPosts();
    renderApp("/backtests");

    await user.click(await screen.findByTestId("backtest-mode-days"));
    fireEvent.change(screen.getByLabelText("시작일"), { target: { value: "2026-11-23" } });
    fireEvent.change(screen.getByLabelText("종료일"), { target: { value: "2026-11-25" } });
    const news = screen.getByRole("checkbox", { name: "뉴스 필터 없이" });
    expect(news).toBeChecked();
    await user.click(news);
    await user.click(screen.getByTestId("backtest-run"));

    expect(await screen.findByRole("alert")).toHaveTextContent(
      "실행하지 못했습니다: fetched days carry no news scores and strategy.require_news is on: set without_news",
    );
    expect(screen.getByTestId("backtest-run")).toBeEnabled();
    expect(rowIds()).toEqual(["2", "1"]);

    await user.click(news);
    await user.click(screen.getByTestId("backtest-run"));

    expect(await screen.findByText("백테스트 #3 저장됨: 3거래일, 3건 거래")).toBeInTheDocument();
    expect(screen.queryByRole("alert")).toBeNull();
    expect(bodies).toEqual([
      { from: "2026-11-23", to: "2026-11-25", without_news: false },
      { from: "2026-11-23", to: "2026-11-25", without_news: true },
    ]);
    await waitFor(() => expect(screen.getByTestId("backtest-detail")).toHaveAttribute("data-id", "3"));
    expect(await screen.findAllByTestId("backtest-day-row")).toHaveLength(3);
  });

  it("shows the API's detail for a refused seed range", async () => {
    const user = userEvent.setup();
    renderApp("/backtests");

    const seeds = await screen.findByLabelText("시드 범위");
    await user.clear(seeds);
    await user.type(seeds, "1-30");
    await user.click(screen.getByTestId("backtest-run"));

    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("seeds: A-B with A <= B, at most 20 of them");
    expect(within(screen.getByTestId("backtest-form")).getByTestId("backtest-run")).toBeEnabled();
  });

  it("says when the run in the address is gone", async () => {
    renderApp("/backtests?run=99");

    expect(await screen.findByText("이 백테스트를 찾을 수 없습니다: no backtest run 99")).toBeInTheDocument();
  });

  it("says when no run is stored yet", async () => {
    server.use(http.get("*/api/v1/backtests", () => HttpResponse.json([])));
    renderApp("/backtests");

    expect(await screen.findByText("아직 저장된 백테스트가 없습니다")).toBeInTheDocument();
    expect(screen.queryByTestId("backtest-detail")).toBeNull();
    expect(screen.getByTestId("backtest-run")).toBeEnabled();
  });
});
