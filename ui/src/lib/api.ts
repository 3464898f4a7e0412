// Typed fetch wrapper over the generated contract (src/lib/generated/api.ts).
//
//   const balance = await api.get("/api/v1/account/balance");
//   await api.put("/api/v1/risk/config", { body: { ...settings, stop_loss_pct: -4 } });
//   await api.get("/api/v1/trades/{trade_id}", { path: { trade_id: 7 } });
//   await api.put("/api/v1/risk/config", { body, headers: { "X-Changed-By": "tuner" } });
//   const html = await api.getText("/api/v1/backtests/{run_id}/report", { path: { run_id: 3 } });
//
// The bearer token comes from sessionStorage. A 401 forgets it (the shell returns to sign-in);
// any other non-2xx throws ApiError carrying the API's own message for forms to show.
import { clearToken, getToken } from "./auth";
import type { paths } from "./generated/api";

type Method = "get" | "put" | "post" | "delete";

/** The paths that have method `M`. */
export type PathsWith<M extends Method> = {
  [P in keyof paths]: paths[P] extends { [K in M]: object } ? P : never;
}[keyof paths];

export type Operation<P extends keyof paths, M extends Method> = NonNullable<paths[P][M]>;

type Parameters<O> = O extends { parameters: infer X } ? X : never;
export type QueryOf<O> = Parameters<O> extends { query?: infer Q } ? NonNullable<Q> : never;
export type PathParamsOf<O> = Parameters<O> extends { path?: infer Q } ? NonNullable<Q> : never;
export type BodyOf<O> = O extends { requestBody?: { content: { "application/json": infer B } } }
  ? B
  : never;
type Json<R> = R extends { content: { "application/json": infer T } } ? T : undefined;
export type ResponseOf<O> = O extends { responses: infer R }
  ? R extends { 200: infer S }
    ? Json<S>
    : R extends { 202: infer S }
      ? Json<S>
      : R extends { 201: infer S }
        ? Json<S>
        : undefined
  : never;

export interface RequestOptions<O> {
  path?: PathParamsOf<O>;
  query?: QueryOf<O>;
  body?: BodyOf<O>;
  signal?: AbortSignal;
  /** Extra request headers (e.g. `X-Changed-By`); the bearer token is always added. */
  headers?: Record<string, string>;
}

/** A non-2xx answer. `message` is the API's `detail`; `extra` holds per-field validation errors. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly extra: unknown = null,
  ) {
    super(message);
    this.name = "ApiError";
  }

  /** Validation messages keyed by field when the API named them (Litestar's `extra`). */
  get fieldErrors(): Record<string, string> {
    const out: Record<string, string> = {};
    if (Array.isArray(this.extra)) {
      for (const item of this.extra as { key?: string; message?: string }[]) {
        if (item && typeof item.key === "string" && typeof item.message === "string") {
          out[item.key] = item.message;
        }
      }
    }
    return out;
  }
}

export function isApiError(error: unknown): error is ApiError {
  return error instanceof ApiError;
}

export function buildUrl(
  template: string,
  path?: Record<string, unknown>,
  query?: Record<string, unknown>,
): URL {
  const filled = template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = path?.[name];
    if (value === undefined || value === null) throw new Error(`missing path parameter ${name}`);
    return encodeURIComponent(String(value));
  });
  // Absolute, so the same client runs in the browser and under Node (tests).
  const url = new URL(filled, window.location.origin);
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== null && value !== "") url.searchParams.set(key, String(value));
  }
  return url;
}

/** Send the request with the token; throw ApiError on a non-2xx answer, else return it. */
async function send<P extends keyof paths, M extends Method>(
  method: M,
  template: P,
  options: RequestOptions<Operation<P, M>>,
  accept: string,
): Promise<Response> {
  const url = buildUrl(
    template,
    options.path as Record<string, unknown> | undefined,
    options.query as Record<string, unknown> | undefined,
  );
  const headers: Record<string, string> = { ...options.headers, Accept: accept };
  const token = getToken();
  if (token) headers.Authorization = `Bearer ${token}`;
  const init: RequestInit = { method: method.toUpperCase(), headers };
  if (options.signal) init.signal = options.signal;
  if (options.body !== undefined) {
    headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(options.body);
  }
  const response = await fetch(url, init);
  if (response.status === 401) {
    clearToken();
    throw new ApiError(401, await messageOf(response), null);
  }
  if (!response.ok) {
    const body = await jsonOrNull(response);
    const detail = body && typeof body === "object" && "detail" in body ? String(body.detail) : "";
    const extra = body && typeof body === "object" && "extra" in body ? body.extra : null;
    throw new ApiError(response.status, detail || response.statusText || `HTTP ${response.status}`, extra);
  }
  return response;
}

async function request<P extends keyof paths, M extends Method>(
  method: M,
  template: P,
  options: RequestOptions<Operation<P, M>> = {},
): Promise<ResponseOf<Operation<P, M>>> {
  const response = await send(method, template, options, "application/json");
  if (response.status === 204) return undefined as ResponseOf<Operation<P, M>>;
  return (await response.json()) as ResponseOf<Operation<P, M>>;
}

async function jsonOrNull(response: Response): Promise<Record<string, unknown> | null> {
  try {
    return (await response.json()) as Record<string, unknown>;
  } catch {
    return null;
  }
}

async function messageOf(response: Response): Promise<string> {
  const body = await jsonOrNull(response);
  return body && typeof body.detail === "string" ? body.detail : "unauthorized";
}

export const api = {
  get: <P extends PathsWith<"get">>(path: P, options?: RequestOptions<Operation<P, "get">>) =>
    request("get", path, options),
  put: <P extends PathsWith<"put">>(path: P, options?: RequestOptions<Operation<P, "put">>) =>
    request("put", path, options),
  post: <P extends PathsWith<"post">>(path: P, options?: RequestOptions<Operation<P, "post">>) =>
    request("post", path, options),
  delete: <P extends PathsWith<"delete">>(path: P, options?: RequestOptions<Operation<P, "delete">>) =>
    request("delete", path, options),
  /** A GET whose answer is not JSON (an HTML report), as text; errors as for the others. */
  getText: async <P extends PathsWith<"get">>(path: P, options: RequestOptions<Operation<P, "get">> = {}) =>
    (await send("get", path, options, "text/html, text/plain, */*")).text(),
};
