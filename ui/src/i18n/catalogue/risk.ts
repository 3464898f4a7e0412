import type { Messages } from "..";

// Owned by the risk page (src/pages/RiskPage.tsx). Keys start with "risk.".
export const risk = {
  "risk.title": { ko: "리스크 관리", en: "Risk" },
  "risk.stopLoss": { ko: "손절", en: "Stop-loss" },
} as const satisfies Messages;
