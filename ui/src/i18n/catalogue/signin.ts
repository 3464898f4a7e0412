import type { Messages } from "..";

export const signin = {
  "signin.title": { ko: "로그인", en: "Sign in" },
  "signin.tokenLabel": { ko: "API 토큰", en: "API token" },
  "signin.tokenHelp": {
    ko: "`stockagent token show`가 출력하는 토큰입니다. 이 탭에만 저장됩니다.",
    en: "The token `stockagent token show` prints. Kept for this tab only.",
  },
  "signin.submit": { ko: "로그인", en: "Sign in" },
  "signin.checking": { ko: "확인 중…", en: "Checking…" },
  "signin.invalid": { ko: "토큰이 올바르지 않습니다", en: "That token was refused" },
  "signin.unreachable": { ko: "에이전트에 연결할 수 없습니다: {message}", en: "Cannot reach the agent: {message}" },
} as const satisfies Messages;
