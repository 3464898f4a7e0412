import type { Messages } from "..";

// Owned by the dashboard page (src/pages/DashboardPage.tsx). Keys start with "dashboard.".
export const dashboard = {
  "dashboard.title": { ko: "대시보드", en: "Dashboard" },
  "dashboard.cash": { ko: "예수금", en: "Deposit" },
  "dashboard.equity": { ko: "총평가금액", en: "Total equity" },
  "dashboard.openPnl": { ko: "평가손익", en: "Unrealised P&L" },
  "dashboard.dailyPnl": { ko: "당일손익", en: "Daily P&L" },
} as const satisfies Messages;
