// Every mock handler, one file per API area; a page author adds to their area's file.
import { accountHandlers } from "./account";
import { backtestsHandlers } from "./backtests";
import { ordersHandlers } from "./orders";
import { reportsHandlers } from "./reports";
import { riskHandlers } from "./risk";
import { scannerHandlers } from "./scanner";
import { strategyHandlers } from "./strategy";
import { systemHandlers } from "./system";
import { tradesHandlers } from "./trades";
import { tuningHandlers } from "./tuning";

export const handlers = [
  ...systemHandlers,
  ...accountHandlers,
  ...ordersHandlers,
  ...tradesHandlers,
  ...strategyHandlers,
  ...riskHandlers,
  ...scannerHandlers,
  ...reportsHandlers,
  ...tuningHandlers,
  ...backtestsHandlers,
];
