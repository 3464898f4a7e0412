// The API token lives in sessionStorage only: never in the URL, never in localStorage.
import { useSyncExternalStore } from "react";

const KEY = "stockagent.token";
const listeners = new Set<() => void>();

function notify(): void {
  for (const listener of listeners) listener();
}

export function getToken(): string | null {
  return sessionStorage.getItem(KEY);
}

export function setToken(token: string): void {
  sessionStorage.setItem(KEY, token);
  notify();
}

/** Forget the token; every `useToken()` re-renders and the shell goes back to sign-in. */
export function clearToken(): void {
  sessionStorage.removeItem(KEY);
  notify();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function useToken(): string | null {
  return useSyncExternalStore(subscribe, getToken, () => null);
}
