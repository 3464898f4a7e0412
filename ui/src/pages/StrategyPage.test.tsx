import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { http, HttpResponse } from "msw";
import { beforeEach, describe, expect, it } from "vitest";
import { server } from "../mocks/node";
import { resetStrategyMock } from "../mocks/handlers/strategy";
import { MOCK_TOKEN } from "../mocks/handlers/util";
import { renderApp } from "../test/render";

beforeEach(() => {
  resetStrategyMock();
  sessionStorage.setItem("stockagent.token", MOCK_TOKEN);
});

describe("strategy page", () => {
  it("saves a parameter and shows it in the refreshed history", async () => {
    const user = userEvent.setup();
    renderApp("/strategy");

    const input = await screen.findByLabelText("뉴스 점수 기준");
    expect(input).toHaveAttribute("name", "news_score_threshold");
    expect(screen.getByText("변경 이력이 없습니다")).toBeInTheDocument();
    await user.clear(input);
    await user.type(input, "75");
    await user.click(screen.getByTestId("strategy-save"));

    const rows = await screen.findAllByTestId("strategy-history-row");
    expect(rows).toHaveLength(1);
    expect(rows[0]).toHaveTextContent("60 → 75");
    expect(screen.getByText("저장했습니다")).toBeInTheDocument();
  });

  it("shows the API's validation message beside the field it names", async () => {
    const user = userEvent.setup();
    server.use(
      http.put("*/api/v1/strategy/config", () =>
        HttpResponse.json(
          { status_code: 400, detail: "Validation failed", extra: [{ key: "min_volume_ratio", message: "Expected `float` >= 0.1", source: "body" }] },
          { status: 400 },
        ),
      ),
    );
    renderApp("/strategy");

    await user.click(await screen.findByTestId("strategy-save"));

    expect(await screen.findByText("Expected `float` >= 0.1")).toBeInTheDocument();
    expect(screen.getByLabelText("최소 거래량 급증 배수")).toHaveAttribute("aria-invalid", "true");
    expect(screen.getByRole("alert")).toHaveTextContent("저장하지 못했습니다: Validation failed");
  });

  it("matches a dotted cross-field key to its field", async () => {
    const user = userEvent.setup();
    renderApp("/strategy");

    const max = await screen.findByLabelText("최대 등락률");
    await user.clear(max);
    await user.type(max, "1");
    await user.click(screen.getByTestId("strategy-save"));

    await waitFor(() => expect(max).toHaveAttribute("aria-invalid", "true"));
    expect(screen.queryAllByTestId("strategy-history-row")).toHaveLength(0);
  });

  it("refuses to send what is not a number, and warns about a range the API then enforces", async () => {
    const user = userEvent.setup();
    let puts = 0;
    server.events.on("request:start", ({ request }) => void (request.method === "PUT" && puts++));
    renderApp("/strategy");

    const topN = await screen.findByLabelText("거래대금 상위 종목 수");
    await user.clear(topN);
    await user.type(topN, "ten");
    await user.click(screen.getByTestId("strategy-save"));
    expect(screen.getByText("숫자를 입력하세요")).toBeInTheDocument();
    expect(topN).toHaveFocus();
    expect(puts).toBe(0);

    await user.clear(topN);
    await user.type(topN, "80");
    expect(screen.getByText(/허용 범위를 벗어났습니다/)).toBeInTheDocument();
    await user.click(screen.getByTestId("strategy-save"));
    expect(await screen.findByText("top_n must be between 1 and 50", { selector: "[data-field-error]" })).toBeInTheDocument();
    expect(puts).toBe(1);
    server.events.removeAllListeners();
  });

  it("turns new entries off and on", async () => {
    const user = userEvent.setup();
    const sent: unknown[] = [];
    server.use(
      http.post("*/api/v1/strategy/toggle", async ({ request }) => {
        sent.push(await request.json());
        return HttpResponse.json({ accepted: true, detail: "ok" }, { status: 202 });
      }),
    );
    renderApp("/strategy");

    const toggle = await screen.findByRole("switch", { name: "신규 진입" });
    await waitFor(() => expect(toggle).toHaveAttribute("aria-checked", "true"));
    await user.click(toggle);
    await waitFor(() => expect(toggle).toHaveAttribute("aria-checked", "false"));
    await user.click(toggle);
    await waitFor(() => expect(toggle).toHaveAttribute("aria-checked", "true"));
    expect(sent).toEqual([{ enabled: false }, { enabled: true }]);
  });

  it("shows a failed toggle", async () => {
    const user = userEvent.setup();
    server.use(http.post("*/api/v1/strategy/toggle", () => HttpResponse.json({ detail: "the risk governor is restarting" }, { status: 503 })));
    renderApp("/strategy");

    const toggle = await screen.findByTestId("strategy-toggle");
    await waitFor(() => expect(toggle).toBeEnabled());
    await user.click(toggle);

    const header = toggle.closest("div")!.parentElement!;
    expect(await within(header).findByRole("alert")).toHaveTextContent("the risk governor is restarting");
    expect(toggle).toHaveAttribute("aria-checked", "true");
  });
});
