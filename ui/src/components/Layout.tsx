import { useEffect, useState } from "react";
import { NavLink, Outlet, useLocation } from "react-router";
import { useI18n } from "../i18n";
import { clearToken } from "../lib/auth";
import { liveConnection } from "../lib/useLive";
import { PAGES } from "../routes";
import { BrokerBadge } from "./BrokerBadge";
import { ConnectionBadge } from "./ConnectionBadge";
import { FreezeBanner } from "./FreezeBanner";
import { LanguageSwitch } from "./LanguageSwitch";
import { LiveToasts } from "./LiveToasts";

/** The signed-in shell: header (broker, connection, language, sign-out), the freeze banner, nav, and the page. */
export function Layout() {
  const { t } = useI18n();
  const [menuOpen, setMenuOpen] = useState(false);
  const location = useLocation();

  useEffect(() => {
    const connection = liveConnection();
    connection.start();
    return () => connection.stop();
  }, []);
  useEffect(() => setMenuOpen(false), [location.pathname]);

  return (
    <div className="flex min-h-screen flex-col">
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-white focus:p-2 focus:text-black"
      >
        {t("common.skipToContent")}
      </a>
      <header className="flex flex-wrap items-center gap-2 border-b border-slate-200 bg-white px-3 py-2 dark:border-slate-800 dark:bg-slate-900">
        <button
          type="button"
          className="rounded border border-slate-300 px-2 py-1 text-sm md:hidden dark:border-slate-700"
          aria-controls="main-nav"
          aria-expanded={menuOpen}
          onClick={() => setMenuOpen((open) => !open)}
        >
          {t("common.menu")}
        </button>
        <span className="font-semibold">{t("common.appName")}</span>
        <span className="flex-1" />
        <BrokerBadge />
        <ConnectionBadge />
        <LanguageSwitch />
        <button type="button" className="rounded px-2 py-1 text-sm hover:underline" onClick={clearToken}>
          {t("common.signOut")}
        </button>
      </header>
      <FreezeBanner />
      <div className="flex-1 md:flex">
        <nav
          aria-label={t("common.menu")}
          id="main-nav"
          className={`${menuOpen ? "block" : "hidden"} border-b border-slate-200 bg-white md:block md:w-48 md:shrink-0 md:border-r md:border-b-0 dark:border-slate-800 dark:bg-slate-900`}
        >
          <ul className="flex flex-col gap-1 p-2">
            {PAGES.map(({ path, label }) => (
              <li key={path}>
                <NavLink
                  to={path}
                  end={path === "/"}
                  className={({ isActive }) =>
                    `block rounded px-3 py-2 text-sm ${isActive ? "bg-slate-200 font-semibold dark:bg-slate-800" : "hover:bg-slate-100 dark:hover:bg-slate-800"}`
                  }
                >
                  {t(label)}
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
        <main id="main" tabIndex={-1} className="min-w-0 flex-1 p-3 md:p-6">
          <Outlet />
        </main>
      </div>
      <LiveToasts />
    </div>
  );
}
