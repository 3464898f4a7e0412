import { http, HttpResponse } from "msw";
import { API, type Schema, unauthorized } from "./util";

const base: Pick<
  Schema<"OrderView">,
  "broker_order_no" | "order_type" | "reason_codes" | "reject_code" | "reject_message" | "trade_date" | "avg_fill_price" | "filled_quantity"
> = {
  broker_order_no: null,
  order_type: "limit",
  reason_codes: [],
  reject_code: null,
  reject_message: null,
  trade_date: "2026-11-24",
  avg_fill_price: null,
  filled_quantity: 0,
};

// Newest first, as the API lists them.
export const orders: Schema<"OrderView">[] = [
  {
    ...base,
    id: 3,
    client_order_id: "c-3",
    code: "035720",
    side: "buy",
    purpose: "entry",
    price: 41_000,
    quantity: 50,
    status: "rejected",
    reject_code: "MAX_POSITIONS",
    reject_message: "max positions (3) reached",
    created_at: "2026-11-24T00:09:30Z",
    updated_at: "2026-11-24T00:09:30Z",
  },
  {
    ...base,
    id: 2,
    client_order_id: "c-2",
    broker_order_no: "0000002",
    code: "000660",
    side: "buy",
    purpose: "entry",
    price: 190_000,
    quantity: 20,
    status: "accepted",
    reason_codes: ["TURNOVER_TOP", "OR_BREAKOUT"],
    created_at: "2026-11-24T00:07:10Z",
    updated_at: "2026-11-24T00:07:11Z",
  },
  {
    ...base,
    id: 1,
    client_order_id: "c-1",
    broker_order_no: "0000001",
    code: "005930",
    side: "buy",
    purpose: "entry",
    price: 71_000,
    quantity: 100,
    filled_quantity: 100,
    avg_fill_price: 71_000,
    status: "filled",
    reason_codes: ["TURNOVER_TOP", "NEWS_SCORE_OK", "OR_BREAKOUT", "ABOVE_VWAP"],
    created_at: "2026-11-24T00:05:10Z",
    updated_at: "2026-11-24T00:05:11Z",
  },
];

export const ordersHandlers = [
  http.get(`${API}/orders`, ({ request }) => {
    const denied = unauthorized(request);
    if (denied) return denied;
    const params = new URL(request.url).searchParams;
    const day = params.get("date");
    const code = params.get("code");
    return HttpResponse.json(orders.filter((o) => (!day || o.trade_date === day) && (!code || o.code === code)));
  }),
  http.get(`${API}/orders/:id`, ({ request, params }) => {
    const order = orders.find((o) => String(o.id) === params.id);
    return unauthorized(request) ?? (order ? HttpResponse.json(order) : HttpResponse.json({ status_code: 404, detail: "no such order" }, { status: 404 }));
  }),
];
