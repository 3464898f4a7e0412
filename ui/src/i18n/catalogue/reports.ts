import type { Messages } from "..";

// Owned by the reports page (src/pages/ReportsPage.tsx). Keys start with "reports.".
export const reports = {
  "reports.title": { ko: "리포트", en: "Reports" },
  "reports.returnRate": { ko: "수익률", en: "Return" },
} as const satisfies Messages;
