import { http, HttpResponse } from "msw";
import { API, type Schema, unauthorized } from "./util";

export const dailyReports: Schema<"DailyReport">[] = [];

export const reportsHandlers = [
  http.get(`${API}/reports/metrics`, ({ request }) => unauthorized(request) ?? HttpResponse.json(dailyReports)),
];
