import { describe, expect, it } from "vitest";
import { MOCK_TOKEN } from "../mocks/handlers/util";
import { riskSettings } from "../mocks/handlers/risk";
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
});
