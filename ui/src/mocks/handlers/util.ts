// Helpers shared by the mock handlers: the accepted token and typed JSON answers.
import { HttpResponse } from "msw";
import type { components } from "../../lib/generated/api";

export type Schema<N extends keyof components["schemas"]> = components["schemas"][N];

/** The token the mocks accept (type it on the sign-in page under `npm run dev:mock`). */
export const MOCK_TOKEN = "dev-token";

/** Any host: tests run against jsdom's origin, the dev server against its own. */
export const API = "*/api/v1";

/** 401 unless the request carries `Bearer dev-token`, as the real API does. */
export function unauthorized(request: Request): Response | null {
  if (request.headers.get("authorization") === `Bearer ${MOCK_TOKEN}`) return null;
  return HttpResponse.json(
    { status_code: 401, detail: "a valid bearer token is required (see <data dir>/api-token)" },
    { status: 401 },
  );
}

/** A Litestar-style 400 with the field's message, as the config endpoints answer. */
export function badRequest(detail: string, key?: string): Response {
  return HttpResponse.json(
    { status_code: 400, detail, extra: key ? [{ key, message: detail }] : null },
    { status: 400 },
  );
}

/** Who a config PUT records, as the API reads `X-Changed-By`: `cli`, `tuner`, else `ui`. */
export function changedBy(request: Request): string {
  const header = (request.headers.get("x-changed-by") ?? "").toLowerCase();
  return header === "cli" || header === "tuner" ? header : "ui";
}
