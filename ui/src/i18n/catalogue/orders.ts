import type { Messages } from "..";

// Owned by the orders page (src/pages/OrdersPage.tsx). Keys start with "orders.".
export const orders = {
  "orders.title": { ko: "주문 현황", en: "Orders" },
  "orders.count": { ko: "{count}건", en: "{count} orders" },
} as const satisfies Messages;
