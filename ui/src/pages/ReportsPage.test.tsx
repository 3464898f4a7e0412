import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { http, HttpResponse } from "msw";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { server } from "../mocks/node";
import { MOCK_TOKEN } from "../mocks/handlers/util";
import { renderApp } from "../test/render";

beforeEach(() => {
  sessionStorage.setItem("stockagent.token", MOCK_TOKEN);
});

describe("reports page", () => {
  it("draws both charts and the figures from the daily results", async () => {
    const errors = vi.spyOn(console, "error");
    renderApp("/reports");

    const curve = await screen.findByTestId("chart-cumulative-pnl");
    expect(curve).toHaveAttribute("data-points", "5");
    expect(curve.querySelector(".recharts-wrapper")).not.toBeNull();
    expect(screen.getByTestId("chart-daily-return").querySelector(".recharts-wrapper")).not.toBeNull();

    expect(screen.getByTestId("report-total-pnl")).toHaveTextContent("+492,000원");
    expect(screen.getByTestId("report-win-rate")).toHaveTextContent("58.3%");
    expect(screen.getByTestId("report-win-rate")).toHaveTextContent("7승 / 12회");
    expect(screen.getByTestId("report-max-drawdown")).toHaveTextContent("-310,000원");
    expect(screen.getByTestId("report-best")).toHaveTextContent("2026-11-20");
    expect(within(screen.getByTestId("report-worst")).getByText("-240,500원")).toHaveClass("text-down");
    expect(await screen.findByTestId("report-day-pnl")).toHaveTextContent("+182,000원");
    const patterns = await screen.findAllByTestId("report-pattern-row");
    expect(patterns.length).toBeGreaterThan(1);
    expect(patterns[0]).toHaveAttribute("data-mark", "best");
    expect(patterns.at(-1)).toHaveAttribute("data-mark", "worst");
    expect(screen.getAllByText("손절").length).toBeGreaterThan(0);
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

  it("looks up one day and says when it has no results", async () => {
    renderApp("/reports");

    const picker = await screen.findByLabelText("조회 날짜");
    expect(picker).toHaveValue("2026-11-24");
    fireEvent.change(picker, { target: { value: "2026-11-01" } });

    await waitFor(() => expect(screen.getByText("이 날짜의 결과가 없습니다")).toBeInTheDocument());
  });

  it("shows an error with a retry when the API fails", async () => {
    server.use(http.get("*/api/v1/reports/metrics", () => HttpResponse.json({ detail: "database unavailable" }, { status: 503 })));
    renderApp("/reports");

    expect(await screen.findByRole("alert")).toHaveTextContent("database unavailable");
  });
});
