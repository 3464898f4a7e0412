import { http, HttpResponse } from "msw";
import { API, type Schema, unauthorized } from "./util";

export const orders: Schema<"OrderRow">[] = [
  {
    id: 1,
    client_order_id: "c-1",
    broker_order_no: "0000001",
    code: "005930",
    side: "buy",
    order_type: "limit",
    purpose: "entry",
    price: 71_000,
    quantity: 100,
    filled_quantity: 100,
    avg_fill_price: 71_000,
    status: "filled",
    reason_codes: ["turnover_leader", "orh_breakout"],
    reject_code: null,
    reject_message: null,
    trade_date: "2026-11-24",
    created_at: "2026-11-24T00:05:10Z",
    updated_at: "2026-11-24T00:05:11Z",
  },
];

export const ordersHandlers = [
  http.get(`${API}/orders`, ({ request }) => unauthorized(request) ?? HttpResponse.json(orders)),
  http.get(`${API}/orders/:id`, ({ request, params }) => {
    const order = orders.find((o) => String(o.id) === params.id);
    return unauthorized(request) ?? (order ? HttpResponse.json(order) : HttpResponse.json({ status_code: 404, detail: "no such order" }, { status: 404 }));
  }),
];
