import "@testing-library/jest-dom/vitest";
import { cleanup } from "@testing-library/react";
import { afterAll, afterEach, beforeAll } from "vitest";
import { resetSystemMock } from "../mocks/handlers/system";
import { server } from "../mocks/node";
import { setLiveConnection } from "../lib/useLive";

// An unexpected request is a test bug: fail loudly instead of reaching for the network.
beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => {
  cleanup();
  server.resetHandlers();
  resetSystemMock();
  sessionStorage.clear();
  localStorage.clear();
  setLiveConnection(null);
});
afterAll(() => server.close());
