// On every page while the operator has frozen the agent's automatic orders (GET /system/status
// `frozen`), with the resume action. The governor says when its brakes move (a system_status
// event, `brakes_changed`), which refetches the status at once; it is also polled, for the
// time the agent is stopped (the API records a freeze then, and no governor speaks).
import { useQuery } from "@tanstack/react-query";
import { useI18n } from "../i18n";
import { apiQuery } from "../lib/query";
import { useLiveInvalidate } from "../lib/useLive";
import { FreezeToggle } from "./FreezeToggle";

const STATUS = "/api/v1/system/status";
const POLL_MS = 15_000;

export function FreezeBanner() {
  const { t } = useI18n();
  const status = useQuery({ ...apiQuery(STATUS), refetchInterval: POLL_MS });
  useLiveInvalidate(["system_status"], [STATUS]);
  if (status.data?.frozen !== true) return null;
  return (
    <section
      aria-label={t("common.freeze.banner")}
      data-testid="freeze-banner"
      className="sticky top-0 z-40 flex flex-wrap items-center gap-3 border-b-4 border-red-900 bg-red-700 px-3 py-2 text-white"
    >
      <div role="alert" className="min-w-0 flex-1 text-sm">
        <p className="font-semibold">{t("common.freeze.banner")}</p>
        <p className="text-red-100">{t("common.freeze.bannerDetail")}</p>
      </div>
      <FreezeToggle frozen testId="freeze-resume" className="bg-white text-red-800 hover:bg-red-50" />
    </section>
  );
}
