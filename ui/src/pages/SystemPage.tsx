// The agent's health: start/stop, the actor tree with states and restart counts, recent events.
// Live: actor events refetch the tree and the event list, system_status the agent's state.
import { PageHeader } from "../components/PageHeader";
import { useI18n } from "../i18n";
import { useLiveInvalidate } from "../lib/useLive";
import { ActorTable } from "./system/ActorTable";
import { AgentControl } from "./system/AgentControl";
import { EventList } from "./system/EventList";

export default function SystemPage() {
  const { t } = useI18n();
  useLiveInvalidate(["actor_restarted", "actor_event"], ["/api/v1/system/actors"]);
  useLiveInvalidate(["actor_restarted", "actor_event"], ["/api/v1/system/events"]);
  useLiveInvalidate(["system_status"], ["/api/v1/system/status"]);
  return (
    <section className="flex flex-col gap-4">
      <PageHeader title={t("system.title")} />
      <AgentControl />
      <ActorTable />
      <EventList />
    </section>
  );
}
