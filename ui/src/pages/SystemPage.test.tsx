import { act, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { http, HttpResponse } from "msw";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { server } from "../mocks/node";
import { actors } from "../mocks/handlers/system";
import { MOCK_TOKEN } from "../mocks/handlers/util";
import { FakeWebSocket } from "../test/FakeWebSocket";
import { renderApp } from "../test/render";

function recordPosts(): string[] {
  const posted: string[] = [];
  server.events.on("request:start", ({ request }) => {
    if (request.method === "POST") posted.push(new URL(request.url).pathname);
  });
  return posted;
}

describe("the system page", () => {
  beforeEach(() => sessionStorage.setItem("stockagent.token", MOCK_TOKEN));
  afterEach(() => server.events.removeAllListeners());

  it("shows the actor tree with states and restart counts, and recent events", async () => {
    renderApp("/system");

    const rows = await screen.findAllByTestId("actor-row");
    expect(rows.map((r) => r.getAttribute("data-actor"))).toEqual(["scheduler", "gateway", "router", "stock/005930"]);
    expect(rows[1]).toHaveTextContent("ConnectionResetError");
    expect(rows[1]).toHaveTextContent("1");
    expect(await screen.findByTestId("system-event")).toHaveTextContent("actor_restarted");
    expect(screen.getByTestId("system-event")).toHaveTextContent("경고");
    expect(await screen.findByTestId("agent-state")).toHaveTextContent("실행 중");
  });

  it("restarts an actor, but offers no button for a stock actor", async () => {
    const user = userEvent.setup();
    const posted = recordPosts();
    renderApp("/system");
    await screen.findAllByTestId("actor-row");

    expect(screen.queryByRole("button", { name: "stock/005930 재시작" })).not.toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "gateway 재시작" }));

    expect(await screen.findByText("gateway 재시작을 요청했습니다")).toBeInTheDocument();
    expect(posted).toEqual(["/api/v1/system/actors/gateway/restart"]);
  });

  it("refetches the tree when an actor restarts", async () => {
    renderApp("/system");
    await screen.findAllByTestId("actor-row");
    const socket = FakeWebSocket.latest();
    act(() => {
      socket.serverOpen();
      socket.serverSend({ type: "ready" });
    });
    server.use(
      http.get("*/api/v1/system/actors", () =>
        HttpResponse.json(actors.map((a) => (a.id === "router" ? { ...a, restart_count: 3, last_failure: "RuntimeError" } : a))),
      ),
    );

    act(() =>
      socket.serverSend({
        type: "actor_restarted",
        seq: 1,
        at: "2026-11-24T00:30:00Z",
        source: "root",
        code: null,
        data: { event: "supervision", kind: "restarted", supervisor_id: "root", child_id: "router", at: "2026-11-24T00:30:00Z", restart_count: 3, abnormal: true },
      }),
    );

    await waitFor(() => expect(screen.getAllByTestId("actor-row")[2]).toHaveTextContent("RuntimeError"));
  });

  it("asks before stopping the agent, and can start it", async () => {
    const user = userEvent.setup();
    const posted = recordPosts();
    renderApp("/system");
    await screen.findByTestId("agent-state");

    await user.click(screen.getByRole("button", { name: "정지" }));
    expect(posted).toEqual([]);
    await user.click(screen.getByRole("button", { name: "취소" }));
    await user.click(screen.getByRole("button", { name: "정지" }));
    await user.click(screen.getByRole("button", { name: "정지 확인" }));
    await waitFor(() => expect(posted).toEqual(["/api/v1/system/stop"]));
    expect(await screen.findByText("the agent is stopped")).toBeInTheDocument();
  });

  it("says when no actors run (the agent is stopped)", async () => {
    server.use(http.get("*/api/v1/system/actors", () => HttpResponse.json({ status_code: 503, detail: "the trading agent is not running in this process" }, { status: 503 })));
    renderApp("/system");
    expect(await screen.findByRole("alert")).toHaveTextContent("the trading agent is not running");
  });
});
