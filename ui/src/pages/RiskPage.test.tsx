import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { http, HttpResponse } from "msw";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { setLang } from "../i18n";
import { server } from "../mocks/node";
import { resetRiskMock } from "../mocks/handlers/risk";
import { MOCK_TOKEN } from "../mocks/handlers/util";
import { renderApp } from "../test/render";

function recordPosts(path: string, answer = { accepted: true, detail: "liquidation of every position requested" }) {
  const sent: unknown[] = [];
  server.use(
    http.post(`*/api/v1/risk/${path}`, async ({ request }) => {
      sent.push(await request.json());
      return HttpResponse.json(answer, { status: 202 });
    }),
  );
  return sent;
}

/** PUT /risk/config as the API answers a change that sells at once: a 409 listing the sale, and
 * the change made only with ?confirm=SELL (through the mock, so the history shows it). */
function recordSellingPuts() {
  const sent: { confirm: string | null; eod_exit_time: unknown }[] = [];
  server.use(
    http.put("*/api/v1/risk/config", async ({ request }) => {
      const confirm = new URL(request.url).searchParams.get("confirm");
      const body = (await request.clone().json()) as { eod_exit_time: unknown };
      sent.push({ confirm, eod_exit_time: body.eod_exit_time });
      if (confirm === "SELL") return undefined; // fall through to the mock, which saves it
      return HttpResponse.json(
        {
          status_code: 409,
          detail: "this change would sell the agent's positions at once: 005930 삼성전자 (100 shares, end-of-day exit)",
          extra: { sells: [{ code: "005930", name: "삼성전자", quantity: 100, reason: "eod_exit" }], confirm: "SELL" },
        },
        { status: 409 },
      );
    }),
  );
  return sent;
}

beforeEach(() => {
  resetRiskMock();
  sessionStorage.setItem("stockagent.token", MOCK_TOKEN);
});

describe("risk page", () => {
  it("saves a limit and shows it in the refreshed history", async () => {
    const user = userEvent.setup();
    renderApp("/risk");

    const maxPositions = await screen.findByLabelText("최대 보유 종목 수");
    expect(maxPositions).toHaveAttribute("name", "max_positions");
    await user.clear(maxPositions);
    await user.type(maxPositions, "5");
    await user.click(screen.getByTestId("risk-save"));

    const rows = await screen.findAllByTestId("risk-history-row");
    expect(rows[0]).toHaveTextContent("3 → 5");
  });

  it("shows the API's message for a rejected limit beside its field", async () => {
    const user = userEvent.setup();
    renderApp("/risk");

    const time = await screen.findByLabelText("장 마감 청산 시각");
    await user.clear(time);
    await user.type(time, "15:25");
    await user.click(screen.getByTestId("risk-save"));

    expect(await screen.findByText("invalid setting risk.eod_exit_time: must be before the 15:20 closing auction", { selector: "[data-field-error]" })).toBeInTheDocument();
    expect(time).toHaveAttribute("aria-invalid", "true");
    expect(time).toHaveFocus();
  });

  it("asks before a change that sells at once, listing the sales, and resends it confirmed", async () => {
    const user = userEvent.setup();
    const sent = recordSellingPuts();
    renderApp("/risk");

    const time = await screen.findByLabelText("장 마감 청산 시각");
    await user.clear(time);
    await user.type(time, "09:05");
    await user.click(screen.getByTestId("risk-save"));

    const dialog = await screen.findByRole("alertdialog", { name: "이 변경은 지금 바로 매도합니다" });
    expect(within(dialog).getByTestId("sale-list").textContent).toBe("삼성전자 (005930) 100주: 장 마감 청산");
    expect(screen.getByTestId("confirm-no")).toHaveFocus(); // the safe answer first
    expect(sent).toEqual([{ confirm: null, eod_exit_time: "09:05" }]);
    await user.click(screen.getByTestId("confirm-yes"));

    const rows = await screen.findAllByTestId("risk-history-row");
    expect(rows[0]).toHaveTextContent("15:15 → 09:05");
    expect(screen.queryByRole("alertdialog")).not.toBeInTheDocument();
    expect(sent).toEqual([
      { confirm: null, eod_exit_time: "09:05" },
      { confirm: "SELL", eod_exit_time: "09:05" },
    ]);
  });

  it("changes nothing when the sale is not confirmed, and says so", async () => {
    const user = userEvent.setup();
    const sent = recordSellingPuts();
    renderApp("/risk");

    const time = await screen.findByLabelText("장 마감 청산 시각");
    await user.clear(time);
    await user.type(time, "09:05");
    await user.click(screen.getByTestId("risk-save"));
    await screen.findByRole("alertdialog", { name: "이 변경은 지금 바로 매도합니다" });
    await user.keyboard("{Escape}");

    expect(await screen.findByRole("alert")).toHaveTextContent("매도를 확인하지 않아 바꾸지 않았습니다");
    expect(sent).toEqual([{ confirm: null, eod_exit_time: "09:05" }]);
    expect(screen.queryByTestId("risk-history-row")).not.toBeInTheDocument();
  });

  it("engages and releases the kill switch", async () => {
    const user = userEvent.setup();
    const sent = recordPosts("kill-switch", { accepted: true, detail: "ok" });
    renderApp("/risk");

    const button = await screen.findByTestId("kill-switch");
    await waitFor(() => expect(button).toHaveAttribute("data-state", "released"));
    // It halts new entries only; stops and the end-of-day exit keep working.
    expect(button).toHaveTextContent("신규 진입 중지");
    expect(screen.getByText(/킬 스위치는 신규 진입만 막습니다/)).toHaveTextContent("손절과 장마감 청산은 계속 동작합니다");
    await user.click(button);
    await waitFor(() => expect(button).toHaveAttribute("data-state", "engaged"));
    expect(screen.getByText(/작동 중/)).toHaveTextContent("손절·장마감 청산은 계속 동작");
    expect(button).toHaveTextContent("신규 진입 재개");
    await user.click(button);
    await waitFor(() => expect(button).toHaveAttribute("data-state", "released"));
    expect(sent).toMatchObject([{ engaged: true }, { engaged: false }]);
  });

  it("sends nothing when the liquidation dialog is cancelled, by button or by Esc", async () => {
    const user = userEvent.setup();
    const sent = recordPosts("emergency-sell");
    renderApp("/risk");

    const opener = await screen.findByTestId("emergency-liquidate");
    await user.click(opener);
    expect(screen.getByTestId("confirm-dialog")).toBeInTheDocument();
    expect(screen.getByTestId("confirm-no")).toHaveFocus();
    await user.click(screen.getByTestId("confirm-no"));
    expect(screen.queryByTestId("confirm-dialog")).not.toBeInTheDocument();
    expect(opener).toHaveFocus();

    await user.click(opener);
    await user.keyboard("{Escape}");
    expect(screen.queryByTestId("confirm-dialog")).not.toBeInTheDocument();
    expect(sent).toEqual([]);
    expect(screen.getByTestId("emergency-result")).toHaveTextContent("청산을 취소했습니다");
  });

  it("keeps focus inside the dialog", async () => {
    const user = userEvent.setup();
    renderApp("/risk");

    await user.click(await screen.findByTestId("emergency-liquidate"));
    const dialog = screen.getByRole("alertdialog", { name: "에이전트 포지션을 긴급 청산할까요?" });
    await user.tab();
    expect(screen.getByTestId("confirm-yes")).toHaveFocus();
    await user.tab();
    expect(screen.getByTestId("liquidate-include-user")).toHaveFocus();
    await user.tab({ shift: true });
    expect(screen.getByTestId("confirm-yes")).toHaveFocus();
    expect(dialog).toContainElement(document.activeElement as HTMLElement);
  });

  it("sells only the agent's positions by default, listing them and the holdings it leaves alone", async () => {
    const user = userEvent.setup();
    const sent = recordPosts("emergency-sell");
    renderApp("/risk");

    await user.click(await screen.findByTestId("emergency-liquidate"));
    const dialog = screen.getByTestId("confirm-dialog");
    const agent = await within(dialog).findByTestId("liquidate-agent");
    expect(within(dialog).getByText("에이전트 포지션 2개를 매도합니다:")).toBeInTheDocument();
    expect(within(agent).getAllByRole("listitem").map((item) => item.textContent)).toEqual(["삼성전자 (005930) 100주", "SK하이닉스 (000660) 20주"]);
    const option = within(dialog).getByRole("checkbox", { name: "내 보유 종목도 매도" });
    expect(option).not.toBeChecked();
    const users = within(dialog).getByTestId("liquidate-user");
    expect(within(users).getAllByRole("listitem").map((item) => item.textContent)).toEqual(["삼성전자 (005930) 30주", "NAVER (035420) 10주 (매도가능 8주)"]);
    expect(screen.getByTestId("confirm-yes")).toHaveTextContent("에이전트 포지션 매도");
    await user.click(screen.getByTestId("confirm-yes"));

    expect(await screen.findByTestId("emergency-result")).toHaveTextContent("청산 요청 접수: 에이전트 포지션 매도 주문이 나가고");
    expect(screen.queryByTestId("confirm-dialog")).not.toBeInTheDocument();
    expect(sent).toEqual([{ confirm: "LIQUIDATE", reason: "operator (dashboard)", scope: "agent" }]);
  });

  it("sends scope all only when the user's holdings option is checked", async () => {
    const user = userEvent.setup();
    const sent = recordPosts("emergency-sell");
    renderApp("/risk");

    await user.click(await screen.findByTestId("emergency-liquidate"));
    const option = await screen.findByRole("checkbox", { name: "내 보유 종목도 매도" });
    await user.click(option);
    expect(option).toBeChecked();
    expect(screen.getByTestId("confirm-yes")).toHaveTextContent("전부 매도 (내 보유 종목 포함)");
    await user.click(screen.getByTestId("confirm-yes"));

    expect(await screen.findByTestId("emergency-result")).toHaveTextContent("에이전트 포지션과 내 보유 종목");
    expect(sent).toEqual([{ confirm: "LIQUIDATE", reason: "operator (dashboard)", scope: "all" }]);

    // Asked again, the option starts unchecked.
    await user.click(screen.getByTestId("emergency-liquidate"));
    expect(await screen.findByRole("checkbox", { name: "내 보유 종목도 매도" })).not.toBeChecked();
  });

  it("shows a 409's detail in the dialog as the API words it", async () => {
    const user = userEvent.setup();
    const detail =
      "the market is closed (post_close): nothing was sold and no order is queued; it opens for orders at 2026-11-25 09:00 KST. " +
      "The agent does not trade the after-hours sessions. Engage the kill switch or the freeze to keep it from trading, and liquidate once the market opens.";
    server.use(http.post("*/api/v1/risk/emergency-sell", () => HttpResponse.json({ status_code: 409, detail }, { status: 409 })));
    renderApp("/risk");

    await user.click(await screen.findByTestId("emergency-liquidate"));
    await user.click(screen.getByTestId("confirm-yes"));

    const error = await screen.findByTestId("liquidate-error");
    expect(error.textContent).toBe(detail);
    expect(error).toHaveAttribute("role", "alert");
    expect(screen.getByTestId("confirm-dialog")).toContainElement(error);
    expect(screen.getByTestId("emergency-result")).toHaveAttribute("data-result", "none");
  });

  it("shows another refused liquidation in the dialog", async () => {
    const user = userEvent.setup();
    server.use(http.post("*/api/v1/risk/emergency-sell", () => HttpResponse.json({ detail: "the agent is not running" }, { status: 503 })));
    renderApp("/risk");

    await user.click(await screen.findByTestId("emergency-liquidate"));
    await user.click(screen.getByTestId("confirm-yes"));

    expect(await screen.findByTestId("liquidate-error")).toHaveTextContent("청산 요청 실패: the agent is not running");
  });

  it("freezes every automatic order after confirmation, and the banner appears", async () => {
    const user = userEvent.setup();
    const sent = recordPosts("freeze", { accepted: true, detail: "frozen: the agent sends no automatic order, stops included" });
    renderApp("/risk");

    const toggle = await screen.findByTestId("freeze-toggle");
    await waitFor(() => expect(toggle).toHaveAttribute("data-state", "running"));
    expect(screen.queryByTestId("freeze-banner")).not.toBeInTheDocument();
    // Cancelled: nothing sent.
    await user.click(toggle);
    expect(screen.getByRole("alertdialog", { name: "모든 자동 주문을 동결할까요?" })).toHaveTextContent("손절");
    await user.click(screen.getByTestId("confirm-no"));
    expect(sent).toEqual([]);

    await user.click(toggle);
    await user.click(screen.getByTestId("confirm-yes"));

    await waitFor(() => expect(sent).toEqual([{ frozen: true, reason: "operator (dashboard)" }]));
    expect(await screen.findByTestId("freeze-banner")).toHaveTextContent("자동 주문 동결됨");
    expect(toggle).toHaveAttribute("data-state", "frozen");
    expect(toggle).toHaveTextContent("자동 주문 재개");
    expect(screen.queryByTestId("confirm-dialog")).not.toBeInTheDocument();
  });

  it("shows a failed freeze in its dialog", async () => {
    const user = userEvent.setup();
    server.use(http.post("*/api/v1/risk/freeze", () => HttpResponse.json({ detail: "the risk governor is restarting; try again in a moment" }, { status: 503 })));
    renderApp("/risk");

    const toggle = await screen.findByTestId("freeze-toggle");
    await waitFor(() => expect(toggle).toHaveAttribute("data-state", "running"));
    await user.click(toggle);
    await user.click(screen.getByTestId("confirm-yes"));

    expect(await within(screen.getByTestId("confirm-dialog")).findByRole("alert")).toHaveTextContent("요청 실패: the risk governor is restarting");
    expect(screen.queryByTestId("freeze-banner")).not.toBeInTheDocument();
  });
});

describe("risk page in English", () => {
  afterEach(() => setLang("ko"));

  it("labels every limit with the trader's term and the API field name", async () => {
    setLang("en");
    renderApp("/risk");

    expect(await screen.findByLabelText("Stop-loss")).toHaveAttribute("name", "stop_loss_pct");
    expect(screen.getByLabelText("Weight per stock")).toHaveAttribute("name", "max_weight_pct");
    expect(screen.getByLabelText("Daily loss limit")).toHaveAttribute("name", "daily_loss_limit_pct");
    expect(screen.getByLabelText("Max positions")).toHaveAttribute("name", "max_positions");
  });
});
