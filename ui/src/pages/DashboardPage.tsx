// The account at a glance: 예수금 and what the agent may spend, 총평가금액, the agent's P&L, system
// status, the agent's positions with a live price chart of the selected one, and, apart, the
// user's own holdings in the same account (issue #12). Live over the WebSocket
// (dashboard/liveAccount.ts); figures that are not the broker's now say how old they are
// (dashboard/freshness.ts, issue #17).
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { EmptyState } from "../components/EmptyState";
import { PageHeader } from "../components/PageHeader";
import { QueryState } from "../components/QueryState";
import { useI18n } from "../i18n";
import { formatDateTime } from "../lib/format";
import { apiQuery } from "../lib/query";
import { useLiveEvent } from "../lib/useLive";
import { AccountStats } from "./dashboard/AccountStats";
import { useAccountFreshness } from "./dashboard/freshness";
import { useLiveAccount } from "./dashboard/liveAccount";
import { PositionCard } from "./dashboard/PositionCard";
import { PriceChart } from "./dashboard/PriceChart";
import { StaleBadge } from "./dashboard/StaleBadge";
import { SystemCard } from "./dashboard/SystemCard";
import { UserHoldings } from "./dashboard/UserHoldings";

export default function DashboardPage() {
  const { t } = useI18n();
  const balance = useQuery(apiQuery("/api/v1/account/balance"));
  const positions = useQuery(apiQuery("/api/v1/account/positions"));
  const orders = useQuery(apiQuery("/api/v1/orders"));
  const [picked, setPicked] = useState<string | null>(null);
  const [liveFill, setLiveFill] = useState<string | null>(null);
  useLiveAccount();
  const freshness = useAccountFreshness();
  useLiveEvent("order_filled", (event) => setLiveFill(event.data.fill.at));

  const lastFill = liveFill ?? latestFill(orders.data);
  const agents = (positions.data ?? []).filter((p) => p.managed);
  const users = (positions.data ?? []).filter((p) => !p.managed);
  const selected = agents.find((p) => p.code === picked) ?? agents[0] ?? null;

  return (
    <section className="flex flex-col gap-4">
      <PageHeader title={t("dashboard.title")}>
        {balance.data?.reconciled_at && (
          <span className="text-xs text-slate-500">{t("common.updatedAt", { time: formatDateTime(balance.data.reconciled_at) })}</span>
        )}
      </PageHeader>

      <QueryState query={balance}>
        {(b) => (
          <div className="flex flex-col gap-2">
            <StaleBadge freshness={freshness} of="balance" />
            <AccountStats balance={b} />
          </div>
        )}
      </QueryState>

      <SystemCard lastFill={lastFill} />

      <section aria-labelledby="agent-positions-title" data-testid="agent-positions" className="flex flex-col gap-2">
        <div className="flex flex-wrap items-center gap-2">
          <h2 id="agent-positions-title" className="text-sm font-semibold">
            {t("dashboard.agentPositions", { count: agents.length })}
          </h2>
          {positions.isSuccess ? <StaleBadge freshness={freshness} of="positions" /> : null}
        </div>
        <QueryState query={positions}>
          {() =>
            agents.length === 0 ? (
              <EmptyState>{t("dashboard.noAgentPositions")}</EmptyState>
            ) : (
              <div className="grid grid-cols-1 gap-3 sm:grid-cols-2 xl:grid-cols-3">
                {agents.map((p) => (
                  <PositionCard key={p.code} position={p} selected={p.code === selected?.code} onSelect={() => setPicked(p.code)} />
                ))}
              </div>
            )
          }
        </QueryState>
      </section>

      {selected ? <PriceChart key={selected.code} code={selected.code} name={selected.name} /> : null}

      <section aria-labelledby="user-holdings-title" data-testid="user-holdings-section" className="flex flex-col gap-2">
        <div className="flex flex-wrap items-center gap-2">
          <h2 id="user-holdings-title" className="text-sm font-semibold">
            {t("dashboard.userHoldings", { count: users.length })}
          </h2>
          {positions.isSuccess ? <StaleBadge freshness={freshness} of="holdings" /> : null}
        </div>
        <p className="text-xs text-slate-600 dark:text-slate-400">{t("dashboard.userHoldingsNote")}</p>
        {/* Loading and errors show once, in the agent's section above. */}
        {positions.isSuccess ? users.length === 0 ? <EmptyState>{t("dashboard.noUserHoldings")}</EmptyState> : <UserHoldings rows={users} /> : null}
      </section>
    </section>
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
