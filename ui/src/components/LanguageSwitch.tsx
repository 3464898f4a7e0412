import { LANGS, useI18n, type Lang } from "../i18n";

const NAMES: Record<Lang, string> = { ko: "한국어", en: "English" };

export function LanguageSwitch() {
  const { lang, setLang, t } = useI18n();
  return (
    <label className="inline-flex items-center gap-1 text-sm">
      <span className="sr-only">{t("common.language")}</span>
      <select
        value={lang}
        onChange={(event) => setLang(event.target.value as Lang)}
        className="rounded border border-slate-300 bg-transparent px-1 py-0.5 dark:border-slate-700"
      >
        {LANGS.map((code) => (
          <option key={code} value={code}>
            {NAMES[code]}
          </option>
        ))}
      </select>
    </label>
  );
}
