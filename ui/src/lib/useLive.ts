// React side of the live connection. The shell starts it after sign-in (components/Layout.tsx).
//
//   const { status, stale } = useLiveState();
//   useLiveEvent("order_filled", (event) => toast(event.data.fill)); // data typed by the topic
//   useLiveInvalidate(["position_update", "order_filled"], ["/api/v1/account/positions"]);
import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef, useSyncExternalStore } from "react";
import { clearToken, getToken } from "./auth";
import { LiveConnection, type LiveListener, type LiveState, type Topic } from "./live";

function liveUrl(): string {
  const scheme = window.location.protocol === "https:" ? "wss" : "ws";
  return `${scheme}://${window.location.host}/ws/live`;
}

let shared: LiveConnection | null = null;

/** The app's one connection (tests may pass their own to `setLiveConnection`). */
export function liveConnection(): LiveConnection {
  shared ??= new LiveConnection({ url: liveUrl, token: getToken, onUnauthorized: clearToken });
  return shared;
}

export function setLiveConnection(connection: LiveConnection | null): void {
  shared = connection;
}

export function useLiveState(): LiveState {
  const connection = liveConnection();
  return useSyncExternalStore(connection.subscribeState, connection.getState, connection.getState);
}

/** Call `handler` for each event of `topic`; the latest handler is used without resubscribing. */
export function useLiveEvent<T extends Topic | "*">(topic: T, handler: LiveListener<T>): void {
  const ref = useRef(handler);
  ref.current = handler;
  useEffect(() => liveConnection().on<T>(topic, (event) => ref.current(event)), [topic]);
}

/** Refetch the queries under `queryKey` when one of `topics` arrives (at most once per 250 ms). */
export function useLiveInvalidate(topics: Topic[], queryKey: readonly unknown[]): void {
  const client = useQueryClient();
  const key = JSON.stringify([topics, queryKey]);
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | null = null;
    const fire = () => {
      timer ??= setTimeout(() => {
        timer = null;
        void client.invalidateQueries({ queryKey: [...queryKey] });
      }, 250);
    };
    const offs = topics.map((topic) => liveConnection().on(topic, fire));
    return () => {
      offs.forEach((off) => off());
      if (timer) clearTimeout(timer);
    };
  }, [client, key]);
}
