import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { http, HttpResponse } from "msw";
import { beforeEach, describe, expect, it } from "vitest";
import { server } from "../mocks/node";
import { orders } from "../mocks/handlers/orders";
import { MOCK_TOKEN, type Schema } from "../mocks/handlers/util";
import { connectLive, orderFill, orderView } from "../test/live";
import { renderApp } from "../test/render";

const connect = () => connectLive({ at: "2026-11-24T00:20:00Z", source: "router" });

/** The mocks' accepted entry (id 2, 000660) as an event brings it, later than the list's. */
const view = (patch: Partial<Schema<"OrderView">>) => orderView({ updated_at: "2026-11-24T00:20:00Z", ...patch });

const statusOf = (id: number) => screen.getAllByTestId("order-row").find((row) => row.textContent?.includes(id === 2 ? "000660" : "035720"));

describe("the order monitor", () => {
  beforeEach(() => sessionStorage.setItem("stockagent.token", MOCK_TOKEN));

  it("lists the trading day's orders with status, side, quantities, purpose and rejection reason", async () => {
    const asked: string[] = [];
    server.events.on("request:start", ({ request }) => {
      if (new URL(request.url).pathname === "/api/v1/orders") asked.push(new URL(request.url).search);
    });
    renderApp("/orders");

    const rows = await screen.findAllByTestId("order-row");
    expect(asked).toEqual(["?date=2026-11-24"]);
    expect(rows.map((r) => r.getAttribute("data-status"))).toEqual(["rejected", "accepted", "filled"]);
    expect(rows[0]).toHaveTextContent("max positions (3) reached · 최대 보유 종목 수 초과 · MAX_POSITIONS");
    expect(rows[0]).toHaveTextContent("MAX_POSITIONS");
    expect(rows[2]).toHaveTextContent("체결");
    expect(rows[2]).toHaveTextContent("매수");
    expect(rows[2]).toHaveTextContent("진입");
    expect(rows[2]).toHaveTextContent("71,000원");
    expect(rows[2]).toHaveTextContent("09:05:11");
    server.events.removeAllListeners();
  });

  it("updates a row as its order is filled, and toasts the fill", async () => {
    renderApp("/orders");
    await screen.findAllByTestId("order-row");
    const send = connect();

    send({
      type: "order_filled",
      code: "000660",
      data: orderFill(view({ status: "filled", filled_quantity: 20, avg_fill_price: 189_900 }), 20, 189_900, "2026-11-24T00:20:00Z"),
    });

    await waitFor(() => expect(statusOf(2)).toHaveAttribute("data-status", "filled"));
    expect(statusOf(2)).toHaveTextContent("189,900원");
    const toast = screen.getByTestId("toast");
    expect(toast).toHaveTextContent("체결: 000660 매수 20주 @ 189,900원");
    await userEvent.click(within(toast).getByRole("button", { name: "알림 닫기" }));
    expect(screen.queryByTestId("toast")).not.toBeInTheDocument();
  });

  it("shows a new rejected order at once with its code, and a toast once", async () => {
    renderApp("/orders");
    await screen.findAllByTestId("order-row");
    const send = connect();
    const rejected = view({ id: 9, code: "035420", status: "rejected", reject_code: "DAILY_LOSS_LIMIT" });

    send({ type: "order_update", code: "035420", data: rejected });
    send({ type: "order_update", code: "035420", data: rejected });

    await waitFor(() => expect(screen.getAllByTestId("order-row")).toHaveLength(4));
    const row = screen.getAllByTestId("order-row")[0]!;
    expect(row).toHaveAttribute("data-status", "rejected");
    expect(row).toHaveTextContent("일일 손실 한도 도달 · DAILY_LOSS_LIMIT");
    expect(screen.getAllByTestId("toast")).toHaveLength(1);
    expect(screen.getByTestId("toast")).toHaveTextContent("주문 거부: 035420 매수 — DAILY_LOSS_LIMIT");
  });

  it("shows a backstop held at the broker with its trigger under its limit", async () => {
    renderApp("/orders");
    await screen.findAllByTestId("order-row");
    const send = connect();
    const backstop = view({ id: 11, code: "035720", side: "sell", purpose: "backstop", order_type: "stop_limit", quantity: 10, price: 66_100, stop_price: 67_500 });

    send({ type: "order_update", code: "035720", data: backstop });

    const row = await waitFor(() => {
      const found = screen.getAllByTestId("order-row").find((r) => r.textContent?.includes("보호 스톱"));
      if (!found) throw new Error("no backstop row yet");
      return found;
    });
    expect(row).toHaveAttribute("data-status", "accepted");
    expect(row).toHaveTextContent("66,100원");
    expect(within(row).getByTestId("stop-trigger")).toHaveTextContent("발동 67,500원 이하");
  });

  it("filters by status", async () => {
    const user = userEvent.setup();
    renderApp("/orders");
    await screen.findAllByTestId("order-row");

    await user.click(screen.getByRole("button", { name: /미체결/ }));

    expect(screen.getAllByTestId("order-row").map((r) => r.getAttribute("data-status"))).toEqual(["accepted"]);
    expect(screen.getByRole("button", { name: /미체결/ })).toHaveAttribute("aria-pressed", "true");
  });

  it("says when there are no orders today", async () => {
    server.use(http.get("*/api/v1/orders", () => HttpResponse.json([])));
    renderApp("/orders");
    expect(await screen.findByText("오늘 주문이 없습니다")).toBeInTheDocument();
    expect(orders).toHaveLength(3);
  });
});
