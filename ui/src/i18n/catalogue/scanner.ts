import type { Messages } from "..";

// Owned by the scanner page (src/pages/ScannerPage.tsx). Keys start with "scanner.".
export const scanner = {
  "scanner.title": { ko: "거래대금 상위", en: "Turnover leaders" },
  "scanner.turnover": { ko: "거래대금", en: "Turnover" },
  "scanner.changeRate": { ko: "등락률", en: "Change" },
} as const satisfies Messages;
