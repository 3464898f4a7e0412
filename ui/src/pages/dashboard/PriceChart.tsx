// A live one-minute candle chart: today's bars from GET /market/bars, then the live price folded
// into the last candle (or a new one) on each price_update for the code.
import { useQuery } from "@tanstack/react-query";
import {
  CandlestickSeries,
  ColorType,
  createChart,
  type CandlestickData,
  type IChartApi,
  type ISeriesApi,
  type UTCTimestamp,
} from "lightweight-charts";
import { useEffect, useRef, useState } from "react";
import { EmptyState } from "../../components/EmptyState";
import { QueryState } from "../../components/QueryState";
import { useI18n } from "../../i18n";
import { apiQuery } from "../../lib/query";
import { useLiveEvent } from "../../lib/useLive";

const KST_OFFSET_S = 9 * 3600;
const UP = "#d60000";
const DOWN = "#0051c7";

/** Seconds the chart shows as Seoul wall time (it labels its axis in UTC). */
export function chartTime(at: string | number): UTCTimestamp {
  const ms = typeof at === "number" ? at : Date.parse(at);
  return (Math.floor(ms / 1000) + KST_OFFSET_S) as UTCTimestamp;
}

/** `last` with `price` traded at `time`: the same minute updates it, a later one starts a bar. */
export function foldPrice(last: CandlestickData | null, price: number, time: UTCTimestamp): CandlestickData | null {
  const minute = (Math.floor(time / 60) * 60) as UTCTimestamp;
  if (last && (last.time as number) > minute) return null; // an old tick: the bar has moved on
  if (last && last.time === minute) {
    return { ...last, high: Math.max(last.high, price), low: Math.min(last.low, price), close: price };
  }
  return { time: minute, open: price, high: price, low: price, close: price };
}

export function PriceChart({ code, name }: { code: string; name: string }) {
  const { t } = useI18n();
  const query = useQuery(apiQuery("/api/v1/market/bars", { query: { code } }));
  const bars = query.data?.bars;
  return (
    <section aria-labelledby="chart-title" className="rounded border border-slate-200 bg-white p-3 dark:border-slate-800 dark:bg-slate-900">
      <h2 id="chart-title" className="mb-2 text-sm font-semibold">
        {t("dashboard.chart", { name, code })}
      </h2>
      <QueryState query={query}>
        {() => <Candles code={code} bars={bars ?? []} empty={t("dashboard.chartEmpty")} />}
      </QueryState>
    </section>
  );
}

interface BarIn {
  start: string;
  open: number;
  high: number;
  low: number;
  close: number;
}

function Candles({ code, bars, empty }: { code: string; bars: BarIn[]; empty: string }) {
  const [live, setLive] = useState(false);
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<IChartApi | null>(null);
  const series = useRef<ISeriesApi<"Candlestick"> | null>(null);
  const last = useRef<CandlestickData | null>(null);

  useEffect(() => {
    const element = box.current;
    if (!element) return;
    const dark = window.matchMedia?.("(prefers-color-scheme: dark)").matches ?? false;
    const instance = createChart(element, {
      autoSize: true,
      layout: {
        background: { type: ColorType.Solid, color: "transparent" },
        textColor: dark ? "#cbd5e1" : "#334155",
        attributionLogo: false,
      },
      grid: { vertLines: { color: dark ? "#1e293b" : "#f1f5f9" }, horzLines: { color: dark ? "#1e293b" : "#f1f5f9" } },
      timeScale: { timeVisible: true, secondsVisible: false },
      localization: { priceFormatter: (p: number) => Math.round(p).toLocaleString("ko-KR") },
    });
    chart.current = instance;
    series.current = instance.addSeries(CandlestickSeries, {
      upColor: UP,
      downColor: DOWN,
      borderUpColor: UP,
      borderDownColor: DOWN,
      wickUpColor: UP,
      wickDownColor: DOWN,
    });
    return () => {
      instance.remove();
      chart.current = null;
      series.current = null;
    };
  }, []);

  useEffect(() => {
    const data: CandlestickData[] = bars.map((b) => ({
      time: chartTime(b.start),
      open: b.open,
      high: b.high,
      low: b.low,
      close: b.close,
    }));
    series.current?.setData(data);
    last.current = data.at(-1) ?? null;
    chart.current?.timeScale().fitContent();
  }, [bars]);

  useLiveEvent("price_update", (event) => {
    if (event.code !== code) return;
    const { price, at } = event.data;
    if (price === null) return;
    const next = foldPrice(last.current, price, chartTime(at ?? event.at));
    if (!next) return;
    last.current = next;
    series.current?.update(next);
    setLive(true);
  });

  return (
    <div className="relative">
      <div ref={box} data-testid="price-chart" className="h-64 w-full md:h-80" />
      {bars.length === 0 && !live && (
        <div className="pointer-events-none absolute inset-0 flex items-center justify-center">
          <EmptyState>{empty}</EmptyState>
        </div>
      )}
    </div>
  );
}
