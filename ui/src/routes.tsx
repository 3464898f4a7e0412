// Every page of the dashboard. Each page owns `path/*`, so it can nest its own <Routes>
// (a detail view at /trades/:id) without touching this file.
import { lazy, Suspense, type ComponentType, type LazyExoticComponent } from "react";
import { Navigate, Route, Routes } from "react-router";
import { Layout } from "./components/Layout";
import { Loading } from "./components/QueryState";
import { RequireAuth } from "./components/RequireAuth";
import type { MessageKey } from "./i18n";
import { NotFoundPage } from "./pages/NotFoundPage";
import { SignInPage } from "./pages/SignInPage";

export interface PageRoute {
  path: string;
  label: MessageKey;
  Page: LazyExoticComponent<ComponentType>;
}

export const PAGES: PageRoute[] = [
  { path: "/", label: "common.nav.dashboard", Page: lazy(() => import("./pages/DashboardPage")) },
  { path: "/trades", label: "common.nav.trades", Page: lazy(() => import("./pages/TradesPage")) },
  { path: "/strategy", label: "common.nav.strategy", Page: lazy(() => import("./pages/StrategyPage")) },
  { path: "/scanner", label: "common.nav.scanner", Page: lazy(() => import("./pages/ScannerPage")) },
  { path: "/risk", label: "common.nav.risk", Page: lazy(() => import("./pages/RiskPage")) },
  { path: "/orders", label: "common.nav.orders", Page: lazy(() => import("./pages/OrdersPage")) },
  { path: "/reports", label: "common.nav.reports", Page: lazy(() => import("./pages/ReportsPage")) },
  { path: "/backtests", label: "common.nav.backtests", Page: lazy(() => import("./pages/BacktestsPage")) },
  { path: "/tuning", label: "common.nav.tuning", Page: lazy(() => import("./pages/TuningPage")) },
  { path: "/system", label: "common.nav.system", Page: lazy(() => import("./pages/SystemPage")) },
];

export function AppRoutes() {
  return (
    <Routes>
      <Route path="/sign-in" element={<SignInPage />} />
      <Route
        element={
          <RequireAuth>
            <Layout />
          </RequireAuth>
        }
      >
        {PAGES.map(({ path, Page }) => (
          <Route
            key={path}
            path={path === "/" ? "/" : `${path}/*`}
            element={
              <Suspense fallback={<Loading />}>
                <Page />
              </Suspense>
            }
          />
        ))}
        <Route path="/dashboard" element={<Navigate to="/" replace />} />
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}
