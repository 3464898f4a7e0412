import { act, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { http, HttpResponse } from "msw";
import { beforeEach, describe, expect, it } from "vitest";
import { server } from "../mocks/node";
import { scannerTop } from "../mocks/handlers/scanner";
import { MOCK_TOKEN } from "../mocks/handlers/util";
import { FakeWebSocket } from "../test/FakeWebSocket";
import { renderApp } from "../test/render";

beforeEach(() => {
  FakeWebSocket.instances = [];
  sessionStorage.setItem("stockagent.token", MOCK_TOKEN);
});

describe("scanner page", () => {
  it("lists the leaders with turnover, change in Korean colours, news score and markers", async () => {
    renderApp("/scanner");

    const rows = await screen.findAllByTestId("scanner-row");
    expect(rows).toHaveLength(2);
    const samsung = rows[0]!;
    expect(samsung).toHaveTextContent("삼성전자");
    expect(samsung).toHaveTextContent("8,120억");
    expect(samsung).toHaveTextContent("72,300원");
    expect(within(samsung).getByText("+3.12%")).toHaveClass("text-up");
    expect(within(rows[1]!).getByText("-1.20%")).toHaveClass("text-down");
    expect(samsung).toHaveTextContent("선정");
    expect(samsung).toHaveAttribute("data-watched", "true");
    expect(rows[1]).toHaveTextContent("뉴스 점수 미달");
  });

  it("replaces the table with each scanner_update snapshot", async () => {
    renderApp("/scanner");
    await screen.findAllByTestId("scanner-row");

    const socket = FakeWebSocket.latest();
    act(() => {
      socket.serverOpen();
      socket.serverSend({ type: "ready" });
      socket.serverSend({
        type: "scanner_update",
        seq: 1,
        at: "2026-11-24T00:13:00Z",
        source: "scanner",
        code: null,
        data: {
          ...scannerTop,
          rows: [{ rank: 1, code: "035420", name: "NAVER", price: 201_000, change_bps: 510, turnover: 300_000_000_000, volume_ratio_bp: 45_000, news_score: 77, selected: true, reasons: ["VOLUME_SURGE"] }],
        },
      });
    });

    await waitFor(() => expect(screen.getAllByTestId("scanner-row")).toHaveLength(1));
    const row = screen.getByTestId("scanner-row");
    expect(row).toHaveTextContent("NAVER");
    expect(row).toHaveTextContent("4.5x");
  });

  it("watches and unwatches a code", async () => {
    const user = userEvent.setup();
    const calls: string[] = [];
    server.use(
      http.post("*/api/v1/scanner/watch", async ({ request }) => {
        calls.push(`watch ${((await request.json()) as { code: string }).code}`);
        return HttpResponse.json({ accepted: true, detail: "watching 000660" }, { status: 202 });
      }),
      http.delete("*/api/v1/scanner/watch/:code", ({ params }) => {
        calls.push(`unwatch ${String(params.code)}`);
        return HttpResponse.json({ accepted: true, detail: "no longer watching" }, { status: 202 });
      }),
    );
    renderApp("/scanner");

    await user.click(await screen.findByRole("button", { name: "SK하이닉스 관심 등록" }));
    await waitFor(() => expect(screen.getAllByTestId("scanner-row")[1]).toHaveAttribute("data-watched", "true"));
    await user.click(screen.getAllByRole("button", { name: "삼성전자 관심 해제" })[0]!);
    await waitFor(() => expect(screen.getAllByTestId("scanner-row")[0]).toHaveAttribute("data-watched", "false"));

    await user.type(screen.getByLabelText("종목코드"), "12");
    await user.click(screen.getByRole("button", { name: "관심 등록" }));
    expect(screen.getByText("6자리 종목코드를 입력하세요")).toBeInTheDocument();
    expect(calls).toEqual(["watch 000660", "unwatch 005930"]);
  });

  it("says so when there is no scan yet", async () => {
    server.use(http.get("*/api/v1/scanner/top", () => HttpResponse.json({ at: null, watched: [], rows: [] })));
    renderApp("/scanner");

    expect(await screen.findByText(/아직 스캔 결과가 없습니다/)).toBeInTheDocument();
    expect(screen.queryAllByTestId("scanner-row")).toHaveLength(0);
  });
});
