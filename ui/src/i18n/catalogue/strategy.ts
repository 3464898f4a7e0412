import type { Messages } from "..";

// Owned by the strategy page (src/pages/StrategyPage.tsx). Keys start with "strategy.".
export const strategy = {
  "strategy.title": { ko: "전략 설정", en: "Strategy" },
  "strategy.topN": { ko: "거래대금 상위 종목 수", en: "Turnover leaders watched" },
} as const satisfies Messages;
