import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { http, HttpResponse } from "msw";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { setLang } from "../i18n";
import { server } from "../mocks/node";
import { positions } from "../mocks/handlers/account";
import { MOCK_TOKEN } from "../mocks/handlers/util";
import { connectLive, orderFill, orderView, stockSnapshot } from "../test/live";
import { renderApp } from "../test/render";

// Canvas charts do not draw under jsdom: a recording stand-in for lightweight-charts.
const chart = vi.hoisted(() => ({ setData: vi.fn(), update: vi.fn() }));
vi.mock("lightweight-charts", () => ({
  CandlestickSeries: {},
  ColorType: { Solid: "solid" },
  createChart: () => ({
    addSeries: () => ({ setData: chart.setData, update: chart.update }),
    timeScale: () => ({ fitContent: () => undefined }),
    remove: () => undefined,
  }),
}));

const connect = () => connectLive({ at: "2026-11-24T00:20:00Z" });

describe("the dashboard", () => {
  beforeEach(() => {
    sessionStorage.setItem("stockagent.token", MOCK_TOKEN);
    chart.setData.mockClear();
    chart.update.mockClear();
  });

  it("shows deposit, what the agent may spend, its capital, equity, its P&L and system status", async () => {
    renderApp("/");

    expect(await screen.findByTestId("account-deposit")).toHaveTextContent("48,231,500원");
    expect(screen.getByTestId("account-orderable-cash")).toHaveTextContent("47,100,000원");
    expect(screen.getByText("증거금100% 주문가능금액")).toBeInTheDocument();
    expect(screen.getByTestId("account-capital")).toHaveTextContent("20,000,000원");
    expect(screen.getByText("운용 자본")).toBeInTheDocument();
    expect(screen.getByTestId("account-equity")).toHaveTextContent("63,530,500원");
    expect(screen.getByTestId("daily-pnl")).toHaveTextContent("+200,000원");
    expect(within(screen.getByTestId("daily-pnl")).getByText("+200,000원")).toHaveClass("text-up");
    // The day's P&L as a share of the agent's capital: 200,000 / 20,000,000.
    expect(screen.getByTestId("daily-return")).toHaveTextContent("운용 자본 대비 +1.00%");
    const status = await screen.findByTestId("system-status");
    await waitFor(() => expect(status).toHaveTextContent("실행 중"));
    expect(status).toHaveTextContent("정규장");
    expect(status).toHaveTextContent("demo");
    expect(screen.getByTestId("last-fill")).toHaveTextContent("2026-11-24 09:05:11");
    const cards = await screen.findAllByTestId("position-card");
    expect(cards.map((c) => c.getAttribute("data-code"))).toEqual(["005930", "000660"]);
    expect(cards[0]).toHaveTextContent("+1.83%");
    expect(within(cards[1]!).getByText("-50,000원")).toHaveClass("text-down");
  });

  it("shows the agent's positions and the user's own holdings apart, the user's without a stop", async () => {
    renderApp("/");

    const agent = await screen.findByTestId("agent-positions");
    const cards = await within(agent).findAllByTestId("position-card");
    expect(within(agent).getByRole("heading")).toHaveTextContent("에이전트 포지션 2");
    expect(cards.map((c) => c.getAttribute("data-code"))).toEqual(["005930", "000660"]);
    expect(cards[0]).toHaveTextContent("100주");
    expect(cards[0]).toHaveTextContent("손절가68,870원");
    expect(cards[1]).toHaveTextContent("손절가184,300원");
    // The backstop at the broker, or a warning that there is none.
    expect(within(cards[0]!).getByTestId("backstop")).toHaveTextContent("68,500원");
    expect(within(cards[1]!).getByTestId("backstop")).toHaveTextContent("없음");
    // The user's shares (30 of 삼성전자, NAVER) are not in the agent's section.
    expect(agent).not.toHaveTextContent("NAVER");
    expect(agent).not.toHaveTextContent("30주");
    expect(within(agent).queryByTestId("holding-row")).not.toBeInTheDocument();

    const user = screen.getByTestId("user-holdings-section");
    expect(within(user).getByRole("heading")).toHaveTextContent("내 보유 종목 (에이전트 관리 아님) 2");
    expect(user).toHaveTextContent("에이전트는 이 종목을 매도하지 않고 손절도 걸지 않으며");
    const rows = within(user).getAllByTestId("holding-row");
    expect(rows.map((r) => r.getAttribute("data-code"))).toEqual(["005930", "035420"]);
    expect(rows[0]).toHaveTextContent("30주");
    expect(rows[1]).toHaveTextContent("NAVER");
    expect(rows[1]).toHaveTextContent("8주"); // sellable
    expect(within(rows[1]!).getByText("-150,000원")).toHaveClass("text-down");
    // No stop column, no stop price, no position card.
    expect(within(user).getAllByRole("columnheader").map((h) => h.textContent)).not.toContain("손절가");
    expect(user).not.toHaveTextContent("손절가");
    expect(user).not.toHaveTextContent("68,870원");
    expect(within(user).queryByTestId("position-card")).not.toBeInTheDocument();
  });

  it("updates the account and both position sections from a position_update event", async () => {
    renderApp("/");
    await screen.findAllByTestId("position-card");
    const send = connect();

    send({
      type: "position_update",
      data: {
        at: "2026-11-24T00:20:00Z",
        cash: 10_000_000,
        orderable: 12_000_000,
        orderable_cash_only: 9_500_000,
        capital: 25_000_000,
        equity: 100_500_000,
        realized_pnl: 200_000,
        open_pnl: 300_000,
        // The account publishes right after it reconciles: later than the status's last read.
        reconciled_at: "2026-11-24T00:20:00Z",
        positions: [
          { code: "035720", name: "카카오", managed: true, quantity: 10, sellable: 10, avg_price: 40_000, price: 41_000, pnl: 10_000, return_bps: 250, stop_price: 38_800 },
          { code: "035420", name: "NAVER", managed: false, quantity: 5, sellable: 5, avg_price: 230_000, price: 215_000, pnl: -75_000, return_bps: -652, stop_price: null },
        ],
      },
    });

    await waitFor(() => expect(screen.getByTestId("account-deposit")).toHaveTextContent("10,000,000원"));
    expect(screen.getByTestId("account-orderable-cash")).toHaveTextContent("9,500,000원");
    expect(screen.getByTestId("account-capital")).toHaveTextContent("25,000,000원");
    expect(screen.getByTestId("daily-pnl")).toHaveTextContent("+500,000원");
    expect(screen.getByTestId("daily-return")).toHaveTextContent("+2.00%");
    const cards = screen.getAllByTestId("position-card");
    expect(cards).toHaveLength(1);
    expect(cards[0]).toHaveTextContent("035720");
    expect(cards[0]).toHaveTextContent("+2.50%");
    const rows = screen.getAllByTestId("holding-row");
    expect(rows.map((r) => r.getAttribute("data-code"))).toEqual(["035420"]);
    expect(rows[0]).toHaveTextContent("5주");
  });

  it("shows the last fill time from an order_filled event, in Seoul time", async () => {
    renderApp("/");
    await screen.findAllByTestId("position-card");
    const send = connect();

    send({
      type: "order_filled",
      code: "000660",
      data: orderFill(orderView({ status: "filled" }), 20, 190_000, "2026-11-24T01:02:03Z"),
    });

    await waitFor(() => expect(screen.getByTestId("last-fill")).toHaveTextContent("2026-11-24 10:02:03"));
    expect(await screen.findByTestId("toast")).toHaveTextContent("체결: 000660 매수 20주 @ 190,000원");
  });

  it("charts the selected position's bars and folds live prices into the last candle", async () => {
    const user = userEvent.setup();
    const asked: string[] = [];
    server.events.on("request:start", ({ request }) => {
      if (request.url.includes("/market/bars")) asked.push(new URL(request.url).searchParams.get("code") ?? "");
    });
    renderApp("/");
    await waitFor(() => expect(chart.setData).toHaveBeenCalledWith(expect.arrayContaining([expect.objectContaining({ open: 71_000 })])));
    const bars = chart.setData.mock.calls.at(-1)![0] as { time: number; close: number }[];
    const last = bars.at(-1)!;
    // 09:29 KST: the chart's clock is Seoul's.
    expect(new Date(last.time * 1000).toISOString()).toBe("2026-11-24T09:29:00.000Z");

    const send = connect();
    send({ type: "price_update", code: "005930", data: stockSnapshot("005930", 80_000, "2026-11-24T00:29:30Z") });
    expect(chart.update).toHaveBeenLastCalledWith(expect.objectContaining({ time: last.time, close: 80_000, high: 80_000 }));
    send({ type: "price_update", code: "000660", data: stockSnapshot("000660", 1, "2026-11-24T00:29:40Z") });
    expect(chart.update).toHaveBeenCalledTimes(1);

    await user.click(screen.getByRole("button", { name: "SK하이닉스 차트 보기" }));
    await waitFor(() => expect(asked).toContain("000660"));
    expect(asked[0]).toBe("005930");
    server.events.removeAllListeners();
  });

  it("says so when neither the agent nor the user holds anything, and shows a failed balance with a retry", async () => {
    server.use(
      http.get("*/api/v1/account/positions", () => HttpResponse.json([])),
      http.get("*/api/v1/account/balance", () => HttpResponse.json({ status_code: 500, detail: "database unreachable" }, { status: 500 })),
    );
    renderApp("/");

    expect(await screen.findByText("에이전트가 보유한 포지션이 없습니다")).toBeInTheDocument();
    expect(screen.getByText("에이전트 밖에서 보유한 종목이 없습니다")).toBeInTheDocument();
    expect(await screen.findByRole("alert")).toHaveTextContent("database unreachable");
    expect(screen.getByRole("button", { name: "다시 시도" })).toBeInTheDocument();
  });

  it("shows the user's holdings alone when the agent holds nothing, and no chart", async () => {
    server.use(http.get("*/api/v1/account/positions", () => HttpResponse.json(positions.filter((p) => !p.managed))));
    renderApp("/");

    expect(await screen.findByText("에이전트가 보유한 포지션이 없습니다")).toBeInTheDocument();
    expect(screen.getAllByTestId("holding-row")).toHaveLength(2);
    expect(screen.queryByText("에이전트 밖에서 보유한 종목이 없습니다")).not.toBeInTheDocument();
    expect(screen.queryByTestId("position-card")).not.toBeInTheDocument();
    expect(screen.queryByTestId("price-chart")).not.toBeInTheDocument();
  });

  it("shows the agent's positions alone when the user holds nothing else", async () => {
    server.use(http.get("*/api/v1/account/positions", () => HttpResponse.json(positions.filter((p) => p.managed))));
    renderApp("/");

    expect(await screen.findAllByTestId("position-card")).toHaveLength(2);
    expect(screen.getByText("에이전트 밖에서 보유한 종목이 없습니다")).toBeInTheDocument();
    expect(screen.queryByTestId("holding-row")).not.toBeInTheDocument();
  });

  it("speaks English when asked, with won still separated", async () => {
    setLang("en");
    try {
      renderApp("/");
      expect(await screen.findByText("Deposit")).toBeInTheDocument();
      expect(screen.getByTestId("account-deposit")).toHaveTextContent("₩48,231,500");
    } finally {
      setLang("ko");
    }
  });
});
