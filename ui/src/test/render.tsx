// Render the whole app at `path` with a fresh query client (no retries) and MSW answering.
import { render } from "@testing-library/react";
import { App } from "../App";
import { createQueryClient } from "../lib/query";
import { LiveConnection } from "../lib/live";
import { setLiveConnection } from "../lib/useLive";
import { FakeWebSocket } from "./FakeWebSocket";

export function renderApp(path: string) {
  window.history.pushState({}, "", path);
  const client = createQueryClient();
  client.setDefaultOptions({ queries: { retry: false } });
  setLiveConnection(
    new LiveConnection({
      url: () => "ws://localhost/ws/live",
      token: () => sessionStorage.getItem("stockagent.token"),
      WebSocket: FakeWebSocket as unknown as typeof WebSocket,
    }),
  );
  return render(<App client={client} />);
}
