import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { http, HttpResponse } from "msw";
import { describe, expect, it } from "vitest";
import { server } from "../mocks/node";
import { MOCK_TOKEN } from "../mocks/handlers/util";
import { renderApp } from "../test/render";

describe("signing in", () => {
  it("sends a visitor to sign-in, keeps a good token for the session and shows the dashboard", async () => {
    const user = userEvent.setup();
    renderApp("/");

    await user.type(await screen.findByLabelText("API 토큰"), MOCK_TOKEN);
    await user.click(screen.getByRole("button", { name: "로그인" }));

    expect(await screen.findByRole("heading", { name: "대시보드" })).toBeInTheDocument();
    expect(await screen.findByText("48,231,500원")).toBeInTheDocument(); // 예수금
    expect(sessionStorage.getItem("stockagent.token")).toBe(MOCK_TOKEN);
    expect(window.location.href).not.toContain(MOCK_TOKEN);
  });

  it("refuses a wrong token and stores nothing", async () => {
    const user = userEvent.setup();
    renderApp("/sign-in");

    await user.type(await screen.findByLabelText("API 토큰"), "wrong");
    await user.click(screen.getByRole("button", { name: "로그인" }));

    expect(await screen.findByRole("alert")).toHaveTextContent("토큰이 올바르지 않습니다");
    expect(sessionStorage.getItem("stockagent.token")).toBeNull();
  });

  it("returns to sign-in when the API answers 401 later", async () => {
    sessionStorage.setItem("stockagent.token", MOCK_TOKEN);
    server.use(http.get("*/api/v1/trades", () => HttpResponse.json({ detail: "expired" }, { status: 401 })));
    renderApp("/trades");

    expect(await screen.findByLabelText("API 토큰")).toBeInTheDocument();
    await waitFor(() => expect(sessionStorage.getItem("stockagent.token")).toBeNull());
  });
});
