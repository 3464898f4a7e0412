// Trades: the filtered, sorted, paged list at /trades and one trade's detail at /trades/:id.
import { Route, Routes } from "react-router";
import { PageHeader } from "../components/PageHeader";
import { useI18n } from "../i18n";
import { TradeDetail } from "./trades/TradeDetail";
import { TradeList } from "./trades/TradeList";

export default function TradesPage() {
  const { t } = useI18n();
  return (
    <section>
      <PageHeader title={t("trades.title")} />
      <Routes>
        <Route index element={<TradeList />} />
        <Route path=":id" element={<TradeDetail />} />
      </Routes>
    </section>
  );
}
