import { http, HttpResponse } from "msw";
import { API, type Schema, unauthorized } from "./util";

export const scannerTop: Schema<"ScannerSnapshot"> = {
  at: "2026-11-24T00:12:00Z",
  watched: ["005930"],
  rows: [
    { rank: 1, code: "005930", name: "삼성전자", price: 72_300, change_bps: 312, turnover: 812_000_000_000, volume_ratio_bp: null, news_score: 91, selected: true, reasons: ["TURNOVER_TOP", "NEWS_SCORE_OK", "VOLUME_SURGE"] },
    { rank: 2, code: "000660", name: "SK하이닉스", price: 187_500, change_bps: -120, turnover: 455_000_000_000, volume_ratio_bp: null, news_score: 40, selected: false, reasons: ["BELOW_CUTOFF", "NEWS_SCORE_LOW"] },
  ],
};

const accepted = () => HttpResponse.json<Schema<"Accepted">>({ accepted: true, detail: "ok" }, { status: 202 });

export const scannerHandlers = [
  http.get(`${API}/scanner/top`, ({ request }) => unauthorized(request) ?? HttpResponse.json(scannerTop)),
  http.post(`${API}/scanner/watch`, ({ request }) => unauthorized(request) ?? accepted()),
  http.delete(`${API}/scanner/watch/:code`, ({ request }) => unauthorized(request) ?? accepted()),
];
