import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { http, HttpResponse } from "msw";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { resetRiskMock } from "../mocks/handlers/risk";
import { resetStrategyMock } from "../mocks/handlers/strategy";
import { tuningNoStudies, tuningStorageUnavailable } from "../mocks/handlers/tuning";
import { MOCK_TOKEN } from "../mocks/handlers/util";
import { server } from "../mocks/node";
import { renderApp } from "../test/render";

interface Sent {
  path: string;
  changedBy: string | null;
  body: Record<string, unknown>;
}

/** Every PUT the page sends, as the server receives it. */
function recordPuts(): Sent[] {
  const sent: Sent[] = [];
  server.events.on("request:start", ({ request }) => {
    if (request.method !== "PUT") return;
    void request
      .clone()
      .json()
      .then((body: Record<string, unknown>) => sent.push({ path: new URL(request.url).pathname, changedBy: request.headers.get("x-changed-by"), body }));
  });
  return sent;
}

async function openStudy(name: string) {
  const user = userEvent.setup();
  renderApp("/tuning");
  const row = (await screen.findAllByTestId("study-row")).find((r) => r.getAttribute("data-study") === name)!;
  await user.click(within(row).getByRole("button", { name }));
  await waitFor(() => expect(screen.getByTestId("study-detail")).toHaveAttribute("data-study", name));
  await screen.findByTestId("tuning-params");
  return user;
}

const paramRow = (param: string) => screen.getAllByTestId("tuning-param-row").find((row) => row.getAttribute("data-param") === param)!;

beforeEach(() => {
  resetStrategyMock();
  resetRiskMock();
  sessionStorage.setItem("stockagent.token", MOCK_TOKEN);
});

afterEach(() => {
  server.events.removeAllListeners();
});

describe("tuning page", () => {
  it("lists the studies, shows the newest, and loads another one's detail when it is picked", async () => {
    const user = userEvent.setup();
    renderApp("/tuning");

    const rows = await screen.findAllByTestId("study-row");
    expect(rows.map((row) => row.getAttribute("data-study"))).toEqual(["week-wf", "morning"]);
    expect(screen.getByText("sqlite:////home/trader/.stockagent/tuning.db")).toBeInTheDocument();
    // The newest study until one is picked: a walk-forward one, with its windows.
    await waitFor(() => expect(screen.getByTestId("study-detail")).toHaveAttribute("data-study", "week-wf"));
    expect(await screen.findAllByTestId("tuning-window-row")).toHaveLength(3);
    expect(screen.getByTestId("tuning-windows-chart")).toBeInTheDocument();
    expect(screen.getByTestId("study-best-trial")).toHaveTextContent("구간 #3");

    await user.click(within(rows[1]!).getByRole("button", { name: "morning" }));

    await waitFor(() => expect(screen.getByTestId("study-best-value")).toHaveTextContent("2.4167"));
    expect(screen.getByTestId("study-detail")).toHaveAttribute("data-study", "morning");
    expect(window.location.search).toBe("?study=morning");
    expect(screen.getByTestId("study-best-trial")).toHaveTextContent("#1");
    expect(screen.getByTestId("study-complete")).toHaveTextContent("4");
    expect(screen.queryByTestId("tuning-windows")).toBeNull();
    // Importance, largest first, as bars with their share written out.
    const importance = screen.getAllByTestId("importance-row");
    expect(importance.map((row) => row.getAttribute("data-param"))).toEqual(["strategy.top_n", "risk.stop_loss_pct", "strategy.min_volume_ratio", "risk.max_positions"]);
    expect(importance[0]).toHaveTextContent("거래대금 상위 종목 수");
    expect(importance[0]).toHaveTextContent("46.0%");
    // Every trial, the failed and pruned ones with why; the best one marked.
    const trials = screen.getAllByTestId("tuning-trial-row");
    expect(trials).toHaveLength(8);
    expect(trials.find((row) => row.getAttribute("data-state") === "fail")).toHaveTextContent("failed: ConfigRejected");
    expect(trials.find((row) => row.getAttribute("data-state") === "pruned")).toHaveTextContent("pruned at 0.1200 after 2 of 5 days");
    expect(trials.filter((row) => row.hasAttribute("data-best"))).toHaveLength(1);
    expect(within(rows[1]!).getByRole("button", { name: "morning" })).toHaveAttribute("aria-current", "true");
  });

  it("marks the best values that differ from the values in force", async () => {
    await openStudy("morning");

    expect(paramRow("strategy.top_n")).toHaveAttribute("data-changed", "true");
    expect(paramRow("strategy.top_n")).toHaveTextContent(/10\s*12\s*변경/);
    expect(paramRow("strategy.min_volume_ratio")).toHaveAttribute("data-changed", "true");
    expect(paramRow("risk.stop_loss_pct")).toHaveAttribute("data-changed", "true");
    expect(paramRow("risk.stop_loss_pct")).toHaveTextContent("-3.5");
    expect(paramRow("risk.max_positions")).toHaveAttribute("data-changed", "false");
    expect(paramRow("risk.max_positions")).toHaveTextContent("동일");
    expect(screen.getByText(/현재와 다른 값 3개/)).toBeInTheDocument();
  });

  it("applies nothing until confirmed, then PUTs only the changed section as the tuner", async () => {
    const sent = recordPuts();
    const user = await openStudy("week-wf");
    expect(paramRow("strategy.top_n")).toHaveAttribute("data-changed", "true");
    expect(paramRow("risk.max_positions")).toHaveAttribute("data-changed", "false");

    // The dialog lists old -> new; cancel sends nothing.
    await user.click(screen.getByTestId("tuning-apply"));
    const dialog = await screen.findByRole("alertdialog");
    const changes = within(dialog).getAllByRole("listitem");
    expect(changes.map((item) => item.getAttribute("data-param"))).toEqual(["strategy.news_score_threshold", "strategy.top_n"]);
    expect(changes[0]).toHaveTextContent(/60 →\s*70/);
    expect(changes[1]).toHaveTextContent(/10 →\s*8/);
    await user.click(within(dialog).getByTestId("confirm-no"));
    expect(screen.queryByRole("alertdialog")).toBeNull();
    expect(screen.getByTestId("tuning-apply-result")).toHaveTextContent("아무것도 바꾸지 않았습니다");
    expect(sent).toEqual([]);

    await user.click(screen.getByTestId("tuning-apply"));
    await user.click(within(await screen.findByRole("alertdialog")).getByTestId("confirm-yes"));

    expect(await screen.findByText("2개 값을 적용했습니다 (전략).")).toBeInTheDocument();
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ path: "/api/v1/strategy/config", changedBy: "tuner" });
    expect(sent[0]!.body).toMatchObject({ top_n: 8, news_score_threshold: 70, min_change_pct: 2, require_news: true });
    // The detail is read again: the values in force are now the best ones.
    await waitFor(() => expect(paramRow("strategy.top_n")).toHaveAttribute("data-changed", "false"));
    const history = await fetch("/api/v1/strategy/history", { headers: { Authorization: `Bearer ${MOCK_TOKEN}` } }).then((r) => r.json() as Promise<{ key: string; changed_by: string }[]>);
    expect(history.map((h) => [h.key, h.changed_by])).toEqual([
      ["news_score_threshold", "tuner"],
      ["top_n", "tuner"],
    ]);
  });

  it("PUTs both sections when the best changes strategy and risk values", async () => {
    const sent = recordPuts();
    const user = await openStudy("morning");

    await user.click(screen.getByTestId("tuning-apply"));
    const dialog = await screen.findByRole("alertdialog");
    expect(within(dialog).getAllByRole("listitem")).toHaveLength(3);
    await user.click(within(dialog).getByTestId("confirm-yes"));

    expect(await screen.findByText("3개 값을 적용했습니다 (전략, 리스크).")).toBeInTheDocument();
    expect(sent.map((s) => [s.path, s.changedBy])).toEqual([
      ["/api/v1/strategy/config", "tuner"],
      ["/api/v1/risk/config", "tuner"],
    ]);
    expect(sent[0]!.body).toMatchObject({ top_n: 12, min_volume_ratio: 2.5 });
    expect(sent[1]!.body).toMatchObject({ stop_loss_pct: -3.5, max_positions: 3, eod_exit: "flatten" });
  });

  it("shows the API's refusal, e.g. while the agent is not running", async () => {
    server.use(
      http.put("*/api/v1/strategy/config", () =>
        HttpResponse.json({ status_code: 503, detail: "parameters can be changed only while the agent runs" }, { status: 503 }),
      ),
    );
    const user = await openStudy("week-wf");

    await user.click(screen.getByTestId("tuning-apply"));
    await user.click(within(await screen.findByRole("alertdialog")).getByTestId("confirm-yes"));

    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("적용하지 못했습니다: parameters can be changed only while the agent runs");
    expect(screen.queryByRole("alertdialog")).toBeNull();
    expect(paramRow("strategy.top_n")).toHaveAttribute("data-changed", "true");
  });

  it("says which section was saved when a later one is refused", async () => {
    server.use(
      http.put("*/api/v1/risk/config", () =>
        HttpResponse.json({ status_code: 409, detail: "risk.capital_won 90,000,000 is more than the account can fund" }, { status: 409 }),
      ),
    );
    const user = await openStudy("morning");

    await user.click(screen.getByTestId("tuning-apply"));
    await user.click(within(await screen.findByRole("alertdialog")).getByTestId("confirm-yes"));

    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("more than the account can fund");
    expect(alert).toHaveTextContent("먼저 저장된 섹션: 전략");
  });

  it("says so when the best parameters are already in force, without a dialog", async () => {
    const sent = recordPuts();
    const user = await openStudy("week-wf");
    await user.click(screen.getByTestId("tuning-apply"));
    await user.click(within(await screen.findByRole("alertdialog")).getByTestId("confirm-yes"));
    await screen.findByText("2개 값을 적용했습니다 (전략).");

    await user.click(screen.getByTestId("tuning-apply"));

    expect(await screen.findByText("최적 파라미터가 이미 모두 적용되어 있습니다.")).toBeInTheDocument();
    expect(screen.queryByRole("alertdialog")).toBeNull();
    expect(sent).toHaveLength(1);
  });

  it("shows the storage's own message when it is unreachable", async () => {
    server.use(tuningStorageUnavailable);
    renderApp("/tuning");

    expect(await screen.findByRole("alert")).toHaveTextContent("cannot open the study storage postgresql+psycopg://tuner:***@db:5432/tuning: connection refused");
  });

  it("explains how to start a study when there is none", async () => {
    server.use(tuningNoStudies);
    renderApp("/tuning");

    const empty = await screen.findByTestId("tuning-empty");
    expect(empty).toHaveTextContent("아직 튜닝 스터디가 없습니다");
    expect(empty).toHaveTextContent("stockagent tune --study NAME --trials N --seeds 1-5");
    expect(screen.queryByTestId("study-detail")).toBeNull();
  });

  it("says when the study in the address does not exist", async () => {
    renderApp("/tuning?study=evening");

    expect(await screen.findByTestId("study-missing")).toHaveTextContent("no study named 'evening'");
  });
});
