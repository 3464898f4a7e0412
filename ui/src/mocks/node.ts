// MSW for vitest (src/test/setup.ts starts it; `server.use(...)` overrides one test's answers).
import { setupServer } from "msw/node";
import { handlers } from "./handlers";

export const server = setupServer(...handlers);
