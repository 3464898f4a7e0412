import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { http, HttpResponse } from "msw";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { server } from "../mocks/node";
import { trades } from "../mocks/handlers/trades";
import { MOCK_TOKEN } from "../mocks/handlers/util";
import { renderApp } from "../test/render";

/** The query strings the page sent to GET /api/v1/trades, in order. */
function recordTradeQueries(): URLSearchParams[] {
  const asked: URLSearchParams[] = [];
  server.events.on("request:start", ({ request }) => {
    const url = new URL(request.url);
    if (url.pathname === "/api/v1/trades") asked.push(url.searchParams);
  });
  return asked;
}

const last = (asked: URLSearchParams[]) => Object.fromEntries(asked.at(-1)!.entries());

describe("the trades page", () => {
  beforeEach(() => sessionStorage.setItem("stockagent.token", MOCK_TOKEN));
  afterEach(() => server.events.removeAllListeners());

  it("lists the newest trades first, a page at a time", async () => {
    const asked = recordTradeQueries();
    renderApp("/trades");

    const rows = await screen.findAllByTestId("trade-row");
    expect(rows).toHaveLength(20);
    expect(last(asked)).toEqual({ sort: "date", order: "desc", page: "1", page_size: "20" });
    expect(screen.getByText("45건")).toBeInTheDocument();
    expect(screen.getByText("1 / 3 페이지")).toBeInTheDocument();
    expect(rows[0]).toHaveTextContent("2026-11-23");
  });

  it("sends the date range, code and strategy tag filters, back on page one", async () => {
    const user = userEvent.setup();
    const asked = recordTradeQueries();
    renderApp("/trades?page=2");
    await screen.findAllByTestId("trade-row");

    await user.type(screen.getByLabelText("시작일"), "2026-11-10");
    await user.type(screen.getByLabelText("종료일"), "2026-11-20");
    await user.type(screen.getByLabelText("종목코드"), "005930");
    await user.type(screen.getByLabelText("전략 태그"), "opening_turnover");
    await user.click(screen.getByRole("button", { name: "조회" }));

    await waitFor(() =>
      expect(last(asked)).toEqual({
        from: "2026-11-10",
        to: "2026-11-20",
        code: "005930",
        strategy: "opening_turnover",
        sort: "date",
        order: "desc",
        page: "1",
        page_size: "20",
      }),
    );
    await waitFor(() => expect(screen.getAllByTestId("trade-row").every((r) => r.textContent?.includes("005930"))).toBe(true));
  });

  it("refuses a malformed code without asking the API", async () => {
    const user = userEvent.setup();
    const asked = recordTradeQueries();
    renderApp("/trades");
    await screen.findAllByTestId("trade-row");
    const before = asked.length;

    await user.type(screen.getByLabelText("종목코드"), "59x");
    await user.click(screen.getByRole("button", { name: "조회" }));

    expect(screen.getByRole("alert")).toHaveTextContent("종목코드는 6자리입니다");
    expect(asked).toHaveLength(before);
  });

  it("sorts by P&L and return, toggling the direction", async () => {
    const user = userEvent.setup();
    const asked = recordTradeQueries();
    renderApp("/trades");
    await screen.findAllByTestId("trade-row");

    await user.click(screen.getByRole("button", { name: /실현손익/ }));
    await waitFor(() => expect(last(asked)).toMatchObject({ sort: "pnl", order: "desc" }));
    await user.click(screen.getByRole("button", { name: /실현손익/ }));
    await waitFor(() => expect(last(asked)).toMatchObject({ sort: "pnl", order: "asc" }));
    expect(screen.getByRole("columnheader", { name: /실현손익/ })).toHaveAttribute("aria-sort", "ascending");
    await user.click(screen.getByRole("button", { name: /수익률/ }));
    await waitFor(() => expect(last(asked)).toMatchObject({ sort: "return", order: "desc" }));
  });

  it("pages forward and back, and changes the page size", async () => {
    const user = userEvent.setup();
    const asked = recordTradeQueries();
    renderApp("/trades");
    await screen.findAllByTestId("trade-row");

    await user.click(screen.getByRole("button", { name: "다음" }));
    await waitFor(() => expect(last(asked)).toMatchObject({ page: "2" }));
    expect(await screen.findByText("2 / 3 페이지")).toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "다음" }));
    expect(await screen.findByText("3 / 3 페이지")).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "다음" })).toBeDisabled();
    expect(screen.getAllByTestId("trade-row")).toHaveLength(5);
    await user.click(screen.getByRole("button", { name: "이전" }));
    await waitFor(() => expect(last(asked)).toMatchObject({ page: "2" }));

    await user.selectOptions(screen.getByLabelText("페이지당"), "50");
    await waitFor(() => expect(last(asked)).toMatchObject({ page: "1", page_size: "50" }));
  });

  it("opens a trade's detail with entry, exit, readable reasons, news score and turnover rank", async () => {
    const user = userEvent.setup();
    renderApp("/trades");
    const first = (await screen.findAllByTestId("trade-row"))[0]!;

    await user.click(within(first).getByRole("link"));

    const detail = await screen.findByTestId("trade-detail");
    expect(window.location.pathname).toBe("/trades/1");
    expect(detail).toHaveTextContent("삼성전자");
    expect(detail).toHaveTextContent("2026-11-23 09:06:00");
    expect(detail).toHaveTextContent("50,000원");
    expect(detail).toHaveTextContent("거래대금 상위 종목");
    expect(detail).toHaveTextContent("시초 범위 고가 돌파");
    expect(within(detail).getByTestId("news-score")).toHaveTextContent("60");
    expect(within(detail).getByTestId("volume-rank")).toHaveTextContent("1위");
    expect(detail).toHaveTextContent("청산 사유손절");
    expect(detail).toHaveTextContent("-2.00%");
  });

  it("links a trade by its code when the log has no name for it", async () => {
    server.use(
      http.get("*/api/v1/trades", () =>
        HttpResponse.json({ items: [{ ...trades[0]!, name: "" }], page: { page: 1, page_size: 20, total: 1 } }),
      ),
    );
    renderApp("/trades");
    const row = (await screen.findAllByTestId("trade-row"))[0]!;
    expect(within(row).getByRole("link")).toHaveTextContent("005930");
  });

  it("shows the API's message for a trade that does not exist", async () => {
    server.use(http.get("*/api/v1/trades/:id", () => HttpResponse.json({ status_code: 404, detail: "no trade 999" }, { status: 404 })));
    renderApp("/trades/999");
    expect(await screen.findByRole("alert")).toHaveTextContent("no trade 999");
  });

  it("says when nothing matches", async () => {
    server.use(http.get("*/api/v1/trades", () => HttpResponse.json({ items: [], page: { page: 1, page_size: 20, total: 0 } })));
    renderApp("/trades");
    expect(await screen.findByText("조건에 맞는 매매가 없습니다")).toBeInTheDocument();
  });
});
