// Live events as tests send them: the generated contract's types (web/openapi.json), so a test
// can only push what the server can send.
import { act } from "@testing-library/react";
import type { components } from "../lib/generated/api";
import type { LiveEvent } from "../lib/live";
import { orders } from "../mocks/handlers/orders";
import { FakeWebSocket } from "./FakeWebSocket";

type Schema<N extends keyof components["schemas"]> = components["schemas"][N];
type Envelope = "seq" | "at" | "source" | "code";
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** An event as a test writes it: its type and data; the envelope has defaults. */
export type TestEvent = DistributiveOmit<LiveEvent, Envelope> & Partial<Pick<LiveEvent, Envelope>>;

/** Open the app's live connection (its fake socket) and return `send` for board events. */
export function connectLive(defaults: { at: string; source?: string }): (event: TestEvent) => void {
  const socket = FakeWebSocket.latest();
  act(() => {
    socket.serverOpen();
    socket.serverSend({ type: "ready" });
  });
  let seq = 0;
  return (event) => act(() => socket.serverSend({ seq: ++seq, source: defaults.source ?? "test", code: null, at: defaults.at, ...event }));
}

/** An order as GET /orders and order events carry it: the mocks' accepted entry, patched. */
export function orderView(patch: Partial<Schema<"OrderView">> = {}): Schema<"OrderView"> {
  return { ...orders.find((o) => o.id === 2)!, ...patch };
}

/** The `order_filled` payload: `order` and one execution of `quantity` at `price`. */
export function orderFill(order: Schema<"OrderView">, quantity: number, price: number, at: string): Schema<"OrderFill"> {
  return { order, fill: { quantity, price, at, commission: 0, tax: 0 } };
}

/** A watched stock's snapshot (the `price_update` payload) at `price`. */
export function stockSnapshot(code: string, price: number, at: string): Schema<"StockSnapshot"> {
  return {
    code,
    name: code,
    at,
    price,
    change_bps: 0,
    volume: 0,
    turnover: 0,
    vwap: null,
    or_high: null,
    or_low: null,
    or_complete: false,
    vi_active: false,
    watch_rank: null,
    news_score: null,
    last_decision: [],
  };
}
