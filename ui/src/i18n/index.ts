// One message catalogue, Korean by default, English switchable (persisted in localStorage).
// Each page owns one module under ./catalogue/ with keys prefixed by its name; this file merges
// them and refuses a key defined twice. Add a module: import it and list it in `modules`.
//
//   const { t, lang, setLang } = useI18n();
//   t("dashboard.title"); t("common.updatedAt", { time: "09:00:01" });
import { useSyncExternalStore } from "react";
import { backtests } from "./catalogue/backtests";
import { common } from "./catalogue/common";
import { dashboard } from "./catalogue/dashboard";
import { orders } from "./catalogue/orders";
import { reports } from "./catalogue/reports";
import { risk } from "./catalogue/risk";
import { scanner } from "./catalogue/scanner";
import { signin } from "./catalogue/signin";
import { strategy } from "./catalogue/strategy";
import { system } from "./catalogue/system";
import { trades } from "./catalogue/trades";
import { tuning } from "./catalogue/tuning";

export type Lang = "ko" | "en";
export const LANGS: readonly Lang[] = ["ko", "en"];
export type Messages = Record<string, { ko: string; en: string }>;

export const modules = { common, signin, dashboard, trades, strategy, scanner, risk, orders, reports, system, tuning, backtests };

type Merged = (typeof modules)[keyof typeof modules];
type KeysOf<U> = U extends unknown ? keyof U : never;
export type MessageKey = KeysOf<Merged> & string;

export function merge(parts: Record<string, Messages>): Messages {
  const out: Messages = {};
  for (const [name, part] of Object.entries(parts)) {
    for (const [key, value] of Object.entries(part)) {
      if (key in out) throw new Error(`i18n: "${key}" is defined twice (again in ${name})`);
      out[key] = value;
    }
  }
  return out;
}

export const catalogue: Messages = merge(modules);

const STORAGE_KEY = "stockagent.lang";
const listeners = new Set<() => void>();

function readLang(): Lang {
  try {
    return localStorage.getItem(STORAGE_KEY) === "en" ? "en" : "ko";
  } catch {
    return "ko";
  }
}

let current: Lang = readLang();

export function getLang(): Lang {
  return current;
}

export function setLang(lang: Lang): void {
  current = lang;
  try {
    localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    // private mode: the choice lasts for this page only
  }
  document.documentElement.lang = lang;
  for (const listener of listeners) listener();
}

/** The message for `key` in `lang`, with `{name}` placeholders filled from `vars`. */
export function translate(lang: Lang, key: MessageKey, vars?: Record<string, string | number>): string {
  const text = catalogue[key]?.[lang] ?? key;
  return vars ? text.replace(/\{(\w+)\}/g, (match, name: string) => String(vars[name] ?? match)) : text;
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function useI18n() {
  const lang = useSyncExternalStore(subscribe, getLang, getLang);
  return {
    lang,
    setLang,
    t: (key: MessageKey, vars?: Record<string, string | number>) => translate(lang, key, vars),
  };
}
