import { useState, type FormEvent } from "react";
import { Navigate, useLocation, useNavigate } from "react-router";
import { LanguageSwitch } from "../components/LanguageSwitch";
import { useI18n } from "../i18n";
import { buildUrl } from "../lib/api";
import { setToken, useToken } from "../lib/auth";

/** Check the token against the API (without storing it first), then keep it for this tab. */
export function SignInPage() {
  const { t } = useI18n();
  const token = useToken();
  const navigate = useNavigate();
  const location = useLocation();
  const from = (location.state as { from?: string } | null)?.from ?? "/";
  const [value, setValue] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [checking, setChecking] = useState(false);

  if (token && !checking) return <Navigate to={from} replace />;

  async function submit(event: FormEvent) {
    event.preventDefault();
    const candidate = value.trim();
    if (!candidate) return;
    setChecking(true);
    setError(null);
    try {
      const response = await fetch(buildUrl("/api/v1/system/status"), {
        headers: { Authorization: `Bearer ${candidate}`, Accept: "application/json" },
      });
      if (response.status === 401 || response.status === 403) {
        setError(t("signin.invalid"));
      } else if (!response.ok && response.status !== 503) {
        // 503: the token is good but no agent runs in this process; sign in anyway.
        setError(t("signin.unreachable", { message: `HTTP ${response.status}` }));
      } else {
        setToken(candidate);
        navigate(from, { replace: true });
      }
    } catch (failure) {
      setError(t("signin.unreachable", { message: failure instanceof Error ? failure.message : String(failure) }));
    } finally {
      setChecking(false);
    }
  }

  return (
    <main className="flex min-h-screen items-center justify-center p-4">
      <form
        onSubmit={(event) => void submit(event)}
        className="w-full max-w-sm space-y-4 rounded-lg border border-slate-200 bg-white p-6 shadow-sm dark:border-slate-800 dark:bg-slate-900"
      >
        <div className="flex items-center justify-between">
          <h1 className="text-xl font-semibold">{t("signin.title")}</h1>
          <LanguageSwitch />
        </div>
        <div className="space-y-1">
          <label htmlFor="token" className="block text-sm font-medium">
            {t("signin.tokenLabel")}
          </label>
          <input
            id="token"
            type="password"
            autoComplete="current-password"
            autoFocus
            value={value}
            onChange={(event) => setValue(event.target.value)}
            aria-describedby="token-help"
            aria-invalid={error ? true : undefined}
            className="w-full rounded border border-slate-300 bg-transparent px-2 py-1.5 dark:border-slate-700"
          />
          <p id="token-help" className="text-xs text-slate-500">
            {t("signin.tokenHelp")}
          </p>
        </div>
        {error && (
          <p role="alert" className="text-sm text-red-700 dark:text-red-400">
            {error}
          </p>
        )}
        <button
          type="submit"
          disabled={checking || !value.trim()}
          className="w-full rounded bg-slate-900 px-3 py-2 text-white disabled:opacity-50 dark:bg-slate-100 dark:text-slate-900"
        >
          {checking ? t("signin.checking") : t("signin.submit")}
        </button>
      </form>
    </main>
  );
}
