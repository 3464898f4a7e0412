import { act, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { http, HttpResponse } from "msw";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { server } from "../mocks/node";
import { setMockFrozen } from "../mocks/handlers/system";
import { MOCK_TOKEN } from "../mocks/handlers/util";
import { FakeWebSocket } from "../test/FakeWebSocket";
import { renderApp } from "../test/render";

// The dashboard's canvas chart does not draw under jsdom.
vi.mock("lightweight-charts", () => ({
  CandlestickSeries: {},
  ColorType: { Solid: "solid" },
  createChart: () => ({
    addSeries: () => ({ setData: () => undefined, update: () => undefined }),
    timeScale: () => ({ fitContent: () => undefined }),
    remove: () => undefined,
  }),
}));

const BANNER = "자동 주문 동결됨 — 손절·장마감 청산을 포함한 모든 자동 주문이 멈췄습니다";

function recordFreezes(): unknown[] {
  const sent: unknown[] = [];
  server.use(
    http.post("*/api/v1/risk/freeze", async ({ request }) => {
      const body = (await request.json()) as { frozen: boolean };
      sent.push(body);
      setMockFrozen(body.frozen);
      return HttpResponse.json({ accepted: true, detail: "ok" }, { status: 202 });
    }),
  );
  return sent;
}

describe("the freeze banner", () => {
  beforeEach(() => sessionStorage.setItem("stockagent.token", MOCK_TOKEN));
  afterEach(() => server.events.removeAllListeners());

  it("shows nowhere while automatic orders run", async () => {
    renderApp("/");
    const status = await screen.findByTestId("system-status");
    await waitFor(() => expect(status).toHaveTextContent("실행 중"));
    expect(screen.queryByTestId("freeze-banner")).not.toBeInTheDocument();
    expect(screen.queryByText(BANNER)).not.toBeInTheDocument();
  });

  it("shows on the dashboard while frozen, and stays on another page", async () => {
    const user = userEvent.setup();
    setMockFrozen(true);
    renderApp("/");

    const banner = await screen.findByTestId("freeze-banner");
    expect(banner).toHaveTextContent(BANNER);
    expect(within(banner).getByRole("button", { name: "자동 주문 재개" })).toBeInTheDocument();
    // The dashboard's status card flags it too.
    await waitFor(() => expect(screen.getByTestId("system-status")).toHaveTextContent("자동 주문 동결"));

    await user.click(screen.getByRole("link", { name: "매매내역" }));
    await waitFor(() => expect(window.location.pathname).toBe("/trades"));
    expect(screen.getByTestId("freeze-banner")).toHaveTextContent(BANNER);
  });

  it("shows on a page opened directly, one that has no status of its own", async () => {
    setMockFrozen(true);
    renderApp("/orders");

    expect(await screen.findByTestId("freeze-banner")).toHaveTextContent(BANNER);
    expect(screen.getByTestId("freeze-banner")).toHaveTextContent("긴급 청산은 동결 중에도 쓸 수 있습니다");
  });

  it("appears when a system_status event follows a freeze made elsewhere", async () => {
    renderApp("/reports");
    await screen.findByRole("heading", { level: 1 });
    const socket = FakeWebSocket.latest();
    act(() => {
      socket.serverOpen();
      socket.serverSend({ type: "ready" });
    });
    expect(screen.queryByTestId("freeze-banner")).not.toBeInTheDocument();

    setMockFrozen(true);
    act(() => socket.serverSend({ type: "system_status", seq: 1, at: "2026-11-24T00:30:00Z", source: "gateway", code: null, data: { event: "feed_changed", connected: true } }));

    expect(await screen.findByTestId("freeze-banner")).toHaveTextContent(BANNER);
  });

  it("resumes from the banner after confirming, and then goes away", async () => {
    const user = userEvent.setup();
    setMockFrozen(true);
    const sent = recordFreezes();
    renderApp("/scanner");

    await user.click(await screen.findByTestId("freeze-resume"));
    const dialog = screen.getByRole("alertdialog", { name: "자동 주문을 재개할까요?" });
    expect(dialog).toHaveTextContent("손절가 아래에 있는 포지션은 곧바로 매도될 수 있습니다");
    await user.click(screen.getByTestId("confirm-no"));
    expect(sent).toEqual([]);
    expect(screen.getByTestId("freeze-banner")).toBeInTheDocument();

    await user.click(screen.getByTestId("freeze-resume"));
    await user.click(screen.getByTestId("confirm-yes"));

    await waitFor(() => expect(screen.queryByTestId("freeze-banner")).not.toBeInTheDocument());
    expect(sent).toEqual([{ frozen: false, reason: "operator (dashboard)" }]);
  });
});
