// Issue #17: the dashboard tells the truth about the broker, the price feed and how old the
// account figures are. Only Date is faked (timers stay real, so MSW and the queries run as
// usual): ages on screen are then exact, and moving the clock shows them count on.
import { screen, waitFor, within } from "@testing-library/react";
import { http, HttpResponse } from "msw";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { setLang } from "../i18n";
import { server } from "../mocks/node";
import { balance, positions } from "../mocks/handlers/account";
import { systemStatus } from "../mocks/handlers/system";
import { MOCK_TOKEN, type Schema } from "../mocks/handlers/util";
import { connectLive } from "../test/live";
import { renderApp } from "../test/render";

vi.mock("lightweight-charts", () => ({
  CandlestickSeries: {},
  ColorType: { Solid: "solid" },
  createChart: () => ({
    addSeries: () => ({ setData: () => undefined, update: () => undefined }),
    timeScale: () => ({ fitContent: () => undefined }),
    remove: () => undefined,
  }),
}));

const NOW = new Date("2026-11-24T00:14:00Z");

function answer(status: Partial<Schema<"SystemStatus">>, account: Partial<Schema<"Balance">> = {}): void {
  server.use(
    http.get("*/api/v1/system/status", () => HttpResponse.json({ ...systemStatus, ...status })),
    http.get("*/api/v1/account/balance", () => HttpResponse.json({ ...balance, ...account })),
  );
}

const lostBroker: Partial<Schema<"SystemStatus">> = {
  broker_connected: false,
  broker: { state: "lost", last_ok_at: "2026-11-24T00:13:15Z", last_ok_age_s: 45, failures: 7, last_error: "HTTP 500 from the broker" },
};

// The account last matched the broker 95 s ago; the server's limit is behind it.
const staleAccount: Partial<Schema<"SystemStatus">> = { account_age_s: 95, account_stale: true };

const connect = () => connectLive({ at: "2026-11-24T00:14:00Z" });

describe("the dashboard's broker, feed and account freshness", () => {
  beforeEach(() => {
    sessionStorage.setItem("stockagent.token", MOCK_TOKEN);
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(NOW);
  });
  afterEach(() => {
    vi.useRealTimers();
    server.events.removeAllListeners();
  });

  it("shows a healthy broker and realtime prices, and no stale badge on current figures", async () => {
    renderApp("/");

    const broker = await screen.findByTestId("broker-state");
    expect(broker).toHaveTextContent("연결됨");
    expect(broker).toHaveAttribute("data-tone", "ok");
    expect(screen.getByTestId("feed-state")).toHaveTextContent("실시간 수신");
    expect(screen.getByTestId("broker-badge")).toHaveTextContent("증권사 연결됨");
    expect(screen.queryByTestId("feed-badge")).not.toBeInTheDocument();
    expect(screen.queryByTestId("broker-lost-for")).not.toBeInTheDocument();
    await screen.findAllByTestId("position-card");
    expect(screen.getByTestId("account-deposit")).toHaveTextContent("48,231,500원");
    expect(screen.queryByTestId("stale-badge")).not.toBeInTheDocument();
    expect(within(screen.getByTestId("system-status")).queryByRole("alert")).not.toBeInTheDocument();
  });

  it("puts a stale badge on the balance and both position lists, counting on", async () => {
    answer(staleAccount, { age_s: 95, stale: true });
    renderApp("/");

    await screen.findAllByTestId("position-card");
    await waitFor(() => expect(screen.getAllByTestId("stale-badge")).toHaveLength(3));
    const badges = screen.getAllByTestId("stale-badge");
    expect(badges.map((b) => b.getAttribute("data-of"))).toEqual(["balance", "positions", "holdings"]);
    for (const badge of badges) expect(badge).toHaveTextContent("마지막 갱신 1분 전 — 현재 값이 아닙니다");
    // The figures are still shown: old, and saying so.
    expect(screen.getByTestId("account-deposit")).toHaveTextContent("48,231,500원");

    vi.setSystemTime(new Date(NOW.getTime() + 60_000));
    await waitFor(() => expect(screen.getAllByTestId("stale-badge")[0]).toHaveTextContent("마지막 갱신 2분 전"), { timeout: 3_000 });
  });

  it("takes the status's word that figures it fetched as current have since gone stale", async () => {
    answer(staleAccount, { age_s: 5, stale: false });
    renderApp("/");

    const badge = await screen.findAllByTestId("stale-badge");
    // The figures' own age (5 s when they came) counts on from their answer.
    expect(badge[0]).toHaveTextContent("마지막 갱신 5초 전");
  });

  it("drops the badge when a live snapshot brings a newer reconciliation", async () => {
    answer(staleAccount, { age_s: 95, stale: true });
    renderApp("/");
    await screen.findAllByTestId("position-card");
    await waitFor(() => expect(screen.getAllByTestId("stale-badge")).toHaveLength(3));
    const send = connect();

    send({
      type: "position_update",
      data: { at: "2026-11-24T00:14:00Z", cash: 9_000_000, orderable: 9_000_000, orderable_cash_only: 9_000_000, capital: 20_000_000, equity: 70_000_000, realized_pnl: 0, open_pnl: 0, positions, reconciled_at: "2026-11-24T00:13:59Z" },
    });

    await waitFor(() => expect(screen.getByTestId("account-deposit")).toHaveTextContent("9,000,000원"));
    expect(screen.queryByTestId("stale-badge")).not.toBeInTheDocument();
  });

  it("keeps the badge for a live snapshot of the same old reconciliation", async () => {
    answer(staleAccount, { age_s: 95, stale: true });
    renderApp("/");
    await screen.findAllByTestId("position-card");
    const send = connect();

    send({
      type: "position_update",
      data: { at: "2026-11-24T00:14:00Z", cash: 9_000_000, orderable: 9_000_000, orderable_cash_only: 9_000_000, capital: 20_000_000, equity: 70_000_000, realized_pnl: 0, open_pnl: 0, positions, reconciled_at: balance.reconciled_at },
    });

    await waitFor(() => expect(screen.getByTestId("account-deposit")).toHaveTextContent("9,000,000원"));
    expect(screen.getAllByTestId("stale-badge")[0]).toHaveTextContent("마지막 갱신 1분 전");
  });

  it("says when the account was never read from the broker", async () => {
    answer({ account_age_s: null, account_reconciled_at: null, account_stale: true }, { reconciled_at: null, age_s: null, stale: true });
    renderApp("/");

    const badges = await screen.findAllByTestId("stale-badge");
    expect(badges[0]).toHaveTextContent("증권사 잔고를 아직 받지 못함 — 현재 값이 아닙니다");
  });

  it("fetches the figures again when the status knows of a newer reconciliation than shown", async () => {
    const asked: string[] = [];
    server.events.on("request:start", ({ request }) => asked.push(new URL(request.url).pathname));
    let reconciled = "2026-11-24T00:12:00Z";
    server.use(
      http.get("*/api/v1/system/status", () => HttpResponse.json({ ...systemStatus, account_reconciled_at: "2026-11-24T00:13:30Z" })),
      http.get("*/api/v1/account/balance", () => {
        const body = { ...balance, reconciled_at: reconciled };
        reconciled = "2026-11-24T00:13:30Z";
        return HttpResponse.json(body);
      }),
    );
    renderApp("/");

    await waitFor(() => expect(asked.filter((path) => path === "/api/v1/account/balance")).toHaveLength(2));
    await waitFor(() => expect(asked.filter((path) => path === "/api/v1/account/positions")).toHaveLength(2));
    expect(screen.queryByTestId("stale-badge")).not.toBeInTheDocument();
  });

  it("raises the alarm for a lost broker: how long since its last answer and how many calls failed", async () => {
    answer({ ...lostBroker, ...staleAccount }, { age_s: 95, stale: true });
    renderApp("/");

    const broker = await screen.findByTestId("broker-state");
    expect(broker).toHaveTextContent("응답 없음");
    expect(broker).toHaveAttribute("data-tone", "alarm");
    expect(broker).toHaveClass("text-red-700");
    expect(screen.getByTestId("broker-lost-for")).toHaveTextContent("마지막 응답 45초 전 · 실패 7회");
    expect(within(screen.getByTestId("system-status")).getByRole("alert")).toHaveTextContent(
      "증권사 응답 없음: 마지막 응답 45초 전, 실패 7회. 계좌·포지션은 마지막으로 받은 값입니다",
    );
    const header = screen.getByTestId("broker-badge");
    expect(header).toHaveTextContent("증권사 응답 없음 · 마지막 응답 45초 전");
    expect(header).toHaveAttribute("data-tone", "alarm");
    expect(header.getAttribute("title")).toContain("HTTP 500 from the broker");

    vi.setSystemTime(new Date(NOW.getTime() + 30_000));
    await waitFor(() => expect(screen.getByTestId("broker-lost-for")).toHaveTextContent("마지막 응답 1분 전"), { timeout: 3_000 });
  });

  it("shows a lost broker in the header of a page with no status of its own", async () => {
    answer(lostBroker);
    renderApp("/orders");

    await screen.findByRole("heading", { level: 1, name: "주문 현황" });
    const header = await screen.findByTestId("broker-badge");
    expect(header).toHaveAttribute("data-state", "lost");
    expect(header).toHaveTextContent("증권사 응답 없음 · 마지막 응답 45초 전");
  });

  it("turns red when a system event says the broker was lost, and back when it is restored", async () => {
    renderApp("/");
    expect(await screen.findByTestId("broker-state")).toHaveAttribute("data-state", "up");
    const send = connect();

    answer(lostBroker);
    send({ type: "system_status", source: "gateway", data: { event: "broker_changed", kind: "lost", down_s: null } });
    await waitFor(() => expect(screen.getByTestId("broker-state")).toHaveAttribute("data-state", "lost"));

    answer({});
    send({ type: "system_status", source: "gateway", data: { event: "broker_changed", kind: "back", down_s: 60 } });
    await waitFor(() => expect(screen.getByTestId("broker-state")).toHaveAttribute("data-state", "up"));
    expect(screen.queryByTestId("broker-lost-for")).not.toBeInTheDocument();
  });

  it.each([
    { feed: "polling", running: true, text: "조회(폴링)", tone: "warn", header: true },
    { feed: "reconnecting", running: true, text: "재연결 중", tone: "warn", header: true },
    { feed: "down", running: true, text: "수신 안 됨", tone: "warn", header: true },
    { feed: "down", running: false, text: "수신 안 됨", tone: "off", header: false },
    { feed: "polling", running: true, text: "조회(폴링)", tone: "ok", header: false, configured: "polling" },
  ] as const)("shows the price feed $feed (agent running: $running)", async (row) => {
    const { feed, running, text, tone, header } = row;
    const configured = "configured" in row ? row.configured : "realtime";
    answer({ feed, feed_configured: configured, agent_running: running, realtime_connected: false });
    renderApp("/");

    const state = await screen.findByTestId("feed-state");
    expect(state).toHaveTextContent(text);
    expect(state).toHaveAttribute("data-tone", tone);
    if (header) expect(screen.getByTestId("feed-badge")).toHaveTextContent(`시세 ${text}`);
    else expect(screen.queryByTestId("feed-badge")).not.toBeInTheDocument();
  });

  it("shows no session as a gap while the agent runs, and as nothing to worry about while it is stopped", async () => {
    answer({ broker_connected: false, broker: { state: "down", last_ok_at: null, last_ok_age_s: null, failures: 0, last_error: null }, feed: "down" });
    renderApp("/");
    const broker = await screen.findByTestId("broker-state");
    expect(broker).toHaveTextContent("연결 안 됨");
    expect(broker).toHaveAttribute("data-tone", "warn");
    expect(screen.queryByTestId("broker-lost-for")).not.toBeInTheDocument();
  });

  it("speaks English", async () => {
    setLang("en");
    try {
      answer({ ...lostBroker, ...staleAccount, feed: "polling" }, { age_s: 95, stale: true });
      renderApp("/");

      expect(await screen.findByTestId("broker-state")).toHaveTextContent("Not answering");
      expect(screen.getByTestId("broker-lost-for")).toHaveTextContent("last answer 45 s ago · 7 failed calls");
      expect(screen.getByTestId("broker-badge")).toHaveTextContent("Broker Not answering · last answer 45 s ago");
      expect(screen.getByTestId("feed-state")).toHaveTextContent("Polling");
      const badges = await screen.findAllByTestId("stale-badge");
      expect(badges[0]).toHaveTextContent("Last updated 1 min ago — not current");
    } finally {
      setLang("ko");
    }
  });
});
