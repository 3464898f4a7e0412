import type { Messages } from "..";

// Owned by the system page (src/pages/SystemPage.tsx). Keys start with "system.".
export const system = {
  "system.title": { ko: "시스템", en: "System" },
  "system.actors": { ko: "액터 {count}개", en: "{count} actors" },
} as const satisfies Messages;
