// MSW in the browser for `npm run dev:mock` (worker script in mock-public/).
import { setupWorker } from "msw/browser";
import { handlers } from "./handlers";

export const worker = setupWorker(...handlers);
