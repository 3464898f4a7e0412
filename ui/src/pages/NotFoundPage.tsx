import { Link } from "react-router";
import { useI18n } from "../i18n";

export function NotFoundPage() {
  const { t } = useI18n();
  return (
    <div className="space-y-2">
      <h1 className="text-xl font-semibold">{t("common.notFound")}</h1>
      <Link to="/" className="underline">
        {t("common.nav.dashboard")}
      </Link>
    </div>
  );
}
