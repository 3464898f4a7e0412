import type { Messages } from "..";

// Owned by the trades page (src/pages/TradesPage.tsx). Keys start with "trades.".
export const trades = {
  "trades.title": { ko: "매매내역", en: "Trades" },
  "trades.count": { ko: "{count}건", en: "{count} trades" },
} as const satisfies Messages;
