// One trade at /trades/:id: entry and exit, costs, the reasons it was entered (readable), and the
// news score and turnover rank it had at entry.
import { useQuery } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { Link, useParams } from "react-router";
import { BpsChange, WonChange } from "../../components/Change";
import { labelOf } from "../../components/labels";
import { QueryState } from "../../components/QueryState";
import { useI18n } from "../../i18n";
import { formatDateTime, formatNumber, formatWon } from "../../lib/format";
import type { components } from "../../lib/generated/api";
import { apiQuery } from "../../lib/query";

export function TradeDetail() {
  const { t } = useI18n();
  const id = Number(useParams().id);
  const valid = Number.isInteger(id) && id >= 1;
  const trade = useQuery({ ...apiQuery("/api/v1/trades/{trade_id}", { path: { trade_id: valid ? id : 1 } }), enabled: valid });
  return (
    <section className="flex flex-col gap-3">
      <Link to="/trades" className="self-start text-sm text-blue-700 hover:underline dark:text-blue-300">
        {t("trades.back")}
      </Link>
      {!valid ? (
        <p role="alert">{t("common.notFound")}</p>
      ) : (
        <QueryState query={trade}>{(data) => <Detail trade={data} />}</QueryState>
      )}
    </section>
  );
}

function Detail({ trade }: { trade: components["schemas"]["TradeRow"] }) {
  const { t, lang } = useI18n();
  return (
    <article data-testid="trade-detail" data-id={trade.id} className="flex flex-col gap-3">
      <header className="flex flex-wrap items-baseline gap-2">
        <h2 className="text-lg font-semibold">{t("trades.detail", { id: trade.id })}</h2>
        {trade.name && <span className="font-medium">{trade.name}</span>}
        <span className="text-sm text-slate-500 tabular-nums">{trade.code}</span>
        <span className="rounded bg-slate-100 px-2 py-0.5 text-xs dark:bg-slate-800">{trade.strategy_tag}</span>
      </header>
      <div className="grid grid-cols-1 gap-3 md:grid-cols-3">
        <Card>
          <Row label={t("trades.entryTime")}>{formatDateTime(trade.entry_time)}</Row>
          <Row label={t("trades.entryPrice")}>{formatWon(trade.entry_price, lang)}</Row>
          <Row label={t("trades.quantity")}>{formatNumber(trade.quantity)}</Row>
        </Card>
        <Card>
          <Row label={t("trades.exitTime")}>{formatDateTime(trade.exit_time)}</Row>
          <Row label={t("trades.exitPrice")}>{formatWon(trade.exit_price, lang)}</Row>
          <Row label={t("trades.col.exitReason")}>{trade.exit_reason ? labelOf(t, "trades.exit", trade.exit_reason) : t("trades.open")}</Row>
        </Card>
        <Card>
          <Row label={t("trades.pnl")}>
            <WonChange value={trade.realized_pnl} className="font-semibold" />
          </Row>
          <Row label={t("trades.return")}>
            <BpsChange bps={trade.return_bps} className="font-semibold" />
          </Row>
          <p className="text-xs text-slate-500">
            {t("trades.costs", {
              commission: formatWon(trade.commission, lang),
              tax: formatWon(trade.tax, lang),
              slippage: formatWon(trade.slippage_won, lang),
            })}
          </p>
        </Card>
      </div>
      <Card>
        <Row label={t("trades.newsScore")}>
          <span data-testid="news-score">{trade.news_score_at_entry ?? "-"}</span>
        </Row>
        <Row label={t("trades.volumeRank")}>
          <span data-testid="volume-rank">{trade.volume_rank_at_entry ? t("trades.rank", { rank: trade.volume_rank_at_entry }) : "-"}</span>
        </Row>
      </Card>
      <section aria-labelledby="reasons-title" className="rounded border border-slate-200 bg-white p-3 dark:border-slate-800 dark:bg-slate-900">
        <h3 id="reasons-title" className="mb-2 text-sm font-semibold">
          {t("trades.reasons")}
        </h3>
        {trade.reason_codes.length === 0 ? (
          <p className="text-sm text-slate-500">{t("trades.noReasons")}</p>
        ) : (
          <ul className="flex flex-wrap gap-2">
            {trade.reason_codes.map((code) => (
              <li key={code} title={code} className="rounded-full bg-blue-50 px-3 py-1 text-sm text-blue-900 dark:bg-blue-950 dark:text-blue-100">
                {labelOf(t, "trades.reason", code)}
              </li>
            ))}
          </ul>
        )}
      </section>
    </article>
  );
}

function Card({ children }: { children: ReactNode }) {
  return <dl className="grid grid-cols-2 gap-x-3 gap-y-1 rounded border border-slate-200 bg-white p-3 text-sm dark:border-slate-800 dark:bg-slate-900">{children}</dl>;
}

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <>
      <dt className="text-slate-500">{label}</dt>
      <dd className="text-right tabular-nums">{children}</dd>
    </>
  );
}
