import { act, renderHook } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { FakeWebSocket } from "../test/FakeWebSocket";
import { orderFill, orderView, stockSnapshot } from "../test/live";
import { backoffDelay, LiveConnection, type LiveEvent } from "./live";
import { setLiveConnection, useLiveEvent, useLiveState } from "./useLive";

function connection(token: string | null = "tok", onUnauthorized = vi.fn()) {
  return new LiveConnection({
    url: () => "ws://localhost/ws/live",
    token: () => token,
    onUnauthorized,
    WebSocket: FakeWebSocket as unknown as typeof WebSocket,
    baseDelayMs: 1_000,
    maxDelayMs: 8_000,
    staleAfterMs: 20_000,
    random: () => 0.5, // no jitter
  });
}

describe("the live connection", () => {
  beforeEach(() => {
    vi.useFakeTimers();
    FakeWebSocket.instances = [];
  });
  afterEach(() => vi.useRealTimers());

  it("sends the token as its first message, never in the URL", () => {
    const live = connection("secret-token");
    live.setSubscription(["order_filled"], ["005930"]);
    live.start();
    const socket = FakeWebSocket.latest();
    socket.serverOpen();

    expect(socket.url).not.toContain("secret-token");
    expect(socket.sent[0]).toEqual({ type: "auth", token: "secret-token", topics: ["order_filled"], codes: ["005930"] });
  });

  it("goes live on ready and delivers single and batched events to listeners", () => {
    const live = connection();
    const seen: LiveEvent[] = [];
    live.on("order_filled", (event) => seen.push(event));
    live.start();
    const socket = FakeWebSocket.latest();
    socket.serverOpen();
    socket.serverSend({ type: "ready" });
    const event = { type: "order_filled", seq: 1, at: "t", source: "router", code: "005930", data: orderFill(orderView(), 1, 70_000, "t") } as const;
    const price = { type: "price_update", seq: 3, at: "t", source: "stock:005930", code: "005930", data: stockSnapshot("005930", 70_000, "t") } as const;
    socket.serverSend(event);
    socket.serverSend({ type: "batch", events: [{ ...event, seq: 2 }, price] });

    expect(live.getState().status).toBe("live");
    expect(seen.map((e) => e.seq)).toEqual([1, 2]);
  });

  it("marks itself stale after a silence, and fresh again on a heartbeat", () => {
    const live = connection();
    live.start();
    const socket = FakeWebSocket.latest();
    socket.serverOpen();
    socket.serverSend({ type: "ready" });

    vi.advanceTimersByTime(19_999);
    expect(live.getState().stale).toBe(false);
    vi.advanceTimersByTime(1);
    expect(live.getState().stale).toBe(true);
    socket.serverSend({ type: "heartbeat", at: "t" });
    expect(live.getState().stale).toBe(false);
  });

  it("reconnects with exponential backoff and resets it after ready", () => {
    const live = connection();
    live.start();
    FakeWebSocket.latest().serverClose(1006);
    expect(live.getState()).toMatchObject({ status: "reconnecting", stale: true, attempt: 1 });

    vi.advanceTimersByTime(999);
    expect(FakeWebSocket.instances).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(FakeWebSocket.instances).toHaveLength(2);

    FakeWebSocket.latest().serverClose(1006); // second failure waits twice as long
    vi.advanceTimersByTime(1_999);
    expect(FakeWebSocket.instances).toHaveLength(2);
    vi.advanceTimersByTime(1);
    expect(FakeWebSocket.instances).toHaveLength(3);

    const socket = FakeWebSocket.latest();
    socket.serverOpen();
    socket.serverSend({ type: "ready" });
    expect(live.getState()).toMatchObject({ status: "live", attempt: 0, stale: false });
  });

  it("drops a connection that stays silent and opens a new one", () => {
    const live = connection();
    live.start();
    const socket = FakeWebSocket.latest();
    socket.serverOpen();
    socket.serverSend({ type: "ready" });

    vi.advanceTimersByTime(40_000 + 1_000);
    expect(FakeWebSocket.instances).toHaveLength(2);
  });

  it("stops and tells the app when the token is refused", () => {
    const onUnauthorized = vi.fn();
    const live = connection("bad", onUnauthorized);
    live.start();
    FakeWebSocket.latest().serverClose(4401, "invalid token");
    vi.advanceTimersByTime(60_000);

    expect(live.getState().status).toBe("unauthorized");
    expect(onUnauthorized).toHaveBeenCalledOnce();
    expect(FakeWebSocket.instances).toHaveLength(1);
  });

  it("caps the backoff and jitters it by at most 20%", () => {
    expect(backoffDelay(0, 500, 30_000, 0.5)).toBe(500);
    expect(backoffDelay(10, 500, 30_000, 0.5)).toBe(30_000);
    expect(backoffDelay(10, 500, 30_000, 0)).toBe(24_000);
    expect(backoffDelay(10, 500, 30_000, 1)).toBe(36_000);
  });

  it("exposes its state and events to components through hooks", () => {
    const live = connection();
    setLiveConnection(live);
    const seen: number[] = [];
    const { result } = renderHook(() => {
      useLiveEvent("price_update", (event) => seen.push(event.seq));
      return useLiveState();
    });
    act(() => {
      live.start();
      FakeWebSocket.latest().serverOpen();
      FakeWebSocket.latest().serverSend({ type: "ready" });
      FakeWebSocket.latest().serverSend({ type: "price_update", seq: 9, at: "t", source: "s", code: "005930", data: stockSnapshot("005930", 1, "t") });
    });

    expect(result.current.status).toBe("live");
    expect(seen).toEqual([9]);
    act(() => vi.advanceTimersByTime(20_000));
    expect(result.current.stale).toBe(true);
  });
});
