import { describe, expect, it } from "vitest";
import { MOCK_TOKEN } from "../mocks/handlers/util";
import { riskSettings } from "../mocks/handlers/risk";
import { server } from "../mocks/node";
import { api, ApiError } from "./api";

describe("the API client", () => {
  it("sends the bearer token and returns typed JSON", async () => {
    sessionStorage.setItem("stockagent.token", MOCK_TOKEN);
    const balance = await api.get("/api/v1/account/balance");
    expect(balance.cash).toBe(48_231_500);
  });

  it("exposes the API's validation message on a 400", async () => {
    sessionStorage.setItem("stockagent.token", MOCK_TOKEN);
    const error = await api
      .put("/api/v1/risk/config", { body: { ...riskSettings, stop_loss_pct: -9 } })
      .catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(400);
    expect((error as ApiError).message).toBe("stop_loss_pct must be between -5 and -3");
    expect((error as ApiError).fieldErrors).toEqual({ stop_loss_pct: "stop_loss_pct must be between -5 and -3" });
  });

  it("forgets the token on a 401", async () => {
    sessionStorage.setItem("stockagent.token", "stale");
    await expect(api.get("/api/v1/account/balance")).rejects.toMatchObject({ status: 401 });
    expect(sessionStorage.getItem("stockagent.token")).toBeNull();
  });

  it("adds a caller's headers and reads a non-JSON answer as text", async () => {
    sessionStorage.setItem("stockagent.token", MOCK_TOKEN);
    let seen: string | null = null;
    server.events.on("request:start", ({ request }) => void (seen ??= request.headers.get("x-changed-by")));
    await api.put("/api/v1/risk/config", { body: riskSettings, headers: { "X-Changed-By": "tuner" } });
    server.events.removeAllListeners();
    expect(seen).toBe("tuner");

    const html = await api.getText("/api/v1/backtests/{run_id}/report", { path: { run_id: 1 } });
    expect(html).toMatch(/^<!doctype html>/);
    await expect(api.getText("/api/v1/backtests/{run_id}/report", { path: { run_id: 99 } })).rejects.toMatchObject({ status: 404, message: "no backtest run 99" });
  });
});
