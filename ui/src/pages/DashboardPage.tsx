// The account at a glance: 예수금, 총평가금액, the day's P&L, system status, positions and a live
// price chart of the selected position. Live over the WebSocket (dashboard/liveAccount.ts).
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { BpsChange, WonChange } from "../components/Change";
import { EmptyState } from "../components/EmptyState";
import { PageHeader } from "../components/PageHeader";
import { QueryState } from "../components/QueryState";
import { useI18n } from "../i18n";
import { formatDateTime, formatWon } from "../lib/format";
import { apiQuery } from "../lib/query";
import { useLiveEvent } from "../lib/useLive";
import { useLiveAccount } from "./dashboard/liveAccount";
import { PositionCard } from "./dashboard/PositionCard";
import { PriceChart } from "./dashboard/PriceChart";
import { SystemCard } from "./dashboard/SystemCard";

export default function DashboardPage() {
  const { t, lang } = useI18n();
  const balance = useQuery(apiQuery("/api/v1/account/balance"));
  const positions = useQuery(apiQuery("/api/v1/account/positions"));
  const orders = useQuery(apiQuery("/api/v1/orders"));
  const [picked, setPicked] = useState<string | null>(null);
  const [liveFill, setLiveFill] = useState<string | null>(null);
  useLiveAccount();
  useLiveEvent("order_filled", (event) => {
    const fill = (event.data as { fill?: { at?: string } }).fill;
    setLiveFill(fill?.at ?? event.at);
  });

  const lastFill = liveFill ?? latestFill(orders.data);
  const held = positions.data ?? [];
  const selected = held.find((p) => p.code === picked) ?? held[0] ?? null;

  return (
    <section className="flex flex-col gap-4">
      <PageHeader title={t("dashboard.title")}>
        {balance.data?.reconciled_at && (
          <span className="text-xs text-slate-500">{t("common.updatedAt", { time: formatDateTime(balance.data.reconciled_at) })}</span>
        )}
      </PageHeader>

      <QueryState query={balance}>
        {(b) => (
          <dl aria-label={t("dashboard.account")} className="grid grid-cols-2 gap-3 lg:grid-cols-4">
            <Stat testId="account-deposit" label={t("dashboard.cash")}>
              {formatWon(b.cash, lang)}
            </Stat>
            <Stat testId="account-equity" label={t("dashboard.equity")}>
              {formatWon(b.equity, lang)}
            </Stat>
            <Stat testId="open-pnl" label={t("dashboard.openPnl")}>
              <WonChange value={b.open_pnl} />
            </Stat>
            <Stat testId="daily-pnl" label={t("dashboard.dailyPnl")}>
              <WonChange value={b.daily_pnl} />
              <span className="block text-xs font-normal text-slate-500">
                <BpsChange bps={b.day_start_equity > 0 ? Math.round((b.daily_pnl * 10_000) / b.day_start_equity) : null} />
                {" · "}
                {t("dashboard.realized", { amount: formatWon(b.realized_pnl, lang, true) })}
              </span>
            </Stat>
          </dl>
        )}
      </QueryState>

      <SystemCard lastFill={lastFill} />

      <section aria-labelledby="positions-title" className="flex flex-col gap-2">
        <h2 id="positions-title" className="text-sm font-semibold">
          {t("dashboard.positions", { count: held.length })}
        </h2>
        <QueryState query={positions}>
          {(list) =>
            list.length === 0 ? (
              <EmptyState>{t("dashboard.noPositions")}</EmptyState>
            ) : (
              <div className="grid grid-cols-1 gap-3 sm:grid-cols-2 xl:grid-cols-3">
                {list.map((p) => (
                  <PositionCard key={p.code} position={p} selected={p.code === selected?.code} onSelect={() => setPicked(p.code)} />
                ))}
              </div>
            )
          }
        </QueryState>
      </section>

      {selected ? <PriceChart key={selected.code} code={selected.code} name={selected.name} /> : null}
    </section>
  );
}

function Stat({ testId, label, children }: { testId: string; label: string; children: React.ReactNode }) {
  return (
    <div className="rounded border border-slate-200 bg-white p-3 dark:border-slate-800 dark:bg-slate-900">
      <dt className="text-xs text-slate-500">{label}</dt>
      <dd data-testid={testId} className="text-lg font-semibold tabular-nums">
        {children}
      </dd>
    </div>
  );
}

/** When the newest fill happened, from today's orders (the API lists newest first). */
function latestFill(orders: { filled_quantity: number; updated_at: string }[] | undefined): string | null {
  let latest: string | null = null;
  for (const o of orders ?? []) {
    if (o.filled_quantity > 0 && (!latest || Date.parse(o.updated_at) > Date.parse(latest))) latest = o.updated_at;
  }
  return latest;
}
