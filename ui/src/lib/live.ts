// The `/ws/live` connection (protocol: web/live.py): auth as the first message, optional
// subscribe, events one at a time or as batches, a heartbeat every 15 s, `lagging` when this
// client fell behind. Reconnects with exponential backoff and jitter; `stale` turns on when
// neither an event nor a heartbeat arrived for `staleAfterMs`, and a connection silent for twice
// that is dropped and re-opened (a half-open socket never says goodbye).
//
// The frames and events are the generated contract's (web/live.py: LiveFrame, actors/board:
// LiveEvent): a listener of one topic gets that topic's event, its `data` typed by the topic.
import type { components } from "./generated/api";

/** Every message the server sends, tagged by `type`. */
export type LiveFrame = components["schemas"]["LiveFrame"];
/** Every board event, tagged by `type`: its topic. */
export type LiveEvent = components["schemas"]["LiveEvent"];
export type Topic = LiveEvent["type"];
/** The event of `T`: its `data` is that topic's payload. */
export type LiveEventOf<T extends Topic> = Extract<LiveEvent, { type: T }>;
/** A listener of one topic's events, or of every event ("*"). */
export type LiveListener<T extends Topic | "*"> = (event: T extends Topic ? LiveEventOf<T> : LiveEvent) => void;

export type LiveStatus = "idle" | "connecting" | "live" | "reconnecting" | "unauthorized";

export interface LiveState {
  status: LiveStatus;
  /** No frame (event or heartbeat) for a while: what is on screen may be old. */
  stale: boolean;
  /** Epoch ms of the last frame, or null. */
  lastFrameAt: number | null;
  /** Failed attempts since the last successful `ready`. */
  attempt: number;
  /** Events the server dropped for this client, as of its last `lagging` frame. */
  dropped: number;
  /** Why the server refused or closed the connection, when it said so. */
  reason: string | null;
}

export interface LiveOptions {
  url: () => string;
  token: () => string | null;
  /** Called when the server refuses the token (close code 4401). */
  onUnauthorized?: () => void;
  WebSocket?: typeof WebSocket;
  baseDelayMs?: number;
  maxDelayMs?: number;
  staleAfterMs?: number;
  random?: () => number;
  now?: () => number;
}

type Listener = (event: LiveEvent) => void;
const UNAUTHORIZED = 4401;
const IDLE: LiveState = {
  status: "idle",
  stale: false,
  lastFrameAt: null,
  attempt: 0,
  dropped: 0,
  reason: null,
};

/** The delay before reconnect attempt `attempt` (0-based): doubling, capped, +-20% jitter. */
export function backoffDelay(attempt: number, baseMs: number, maxMs: number, random: number): number {
  return Math.round(Math.min(maxMs, baseMs * 2 ** attempt) * (0.8 + 0.4 * random));
}

export class LiveConnection {
  private state: LiveState = IDLE;
  private socket: WebSocket | null = null;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private staleTimer: ReturnType<typeof setTimeout> | null = null;
  private deadTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly stateListeners = new Set<() => void>();
  private readonly eventListeners = new Map<Topic | "*", Set<Listener>>();
  private subscription: { topics: Topic[]; codes: string[] } = { topics: [], codes: [] };
  private readonly o: Required<Omit<LiveOptions, "onUnauthorized">> & Pick<LiveOptions, "onUnauthorized">;

  constructor(options: LiveOptions) {
    this.o = {
      WebSocket: globalThis.WebSocket,
      baseDelayMs: 500,
      maxDelayMs: 30_000,
      staleAfterMs: 20_000,
      random: Math.random,
      now: Date.now,
      ...options,
    };
  }

  getState = (): LiveState => this.state;

  subscribeState = (listener: () => void): (() => void) => {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  };

  /** Call `listener` for every event of `topic` ("*": all); returns the unsubscribe function. */
  on<T extends Topic | "*">(topic: T, listener: LiveListener<T>): () => void {
    let set = this.eventListeners.get(topic);
    if (!set) this.eventListeners.set(topic, (set = new Set()));
    // One map for every topic: `dispatch` hands a listener only its own topic's events.
    const stored = listener as Listener;
    set.add(stored);
    return () => set.delete(stored);
  }

  /** Narrow what the server sends (empty: everything); kept across reconnects. */
  setSubscription(topics: Topic[], codes: string[] = []): void {
    this.subscription = { topics, codes };
    if (this.state.status === "live") this.send({ type: "subscribe", topics, codes });
  }

  start(): void {
    if (this.socket || this.retryTimer) return;
    this.connect();
  }

  stop(): void {
    this.clearTimers();
    const socket = this.socket;
    this.socket = null;
    socket?.close(1000, "bye");
    this.set(IDLE);
  }

  private connect(): void {
    this.retryTimer = null;
    const token = this.o.token();
    if (!token) {
      this.set({ ...this.state, status: "unauthorized", reason: "no token" });
      return;
    }
    this.set({ ...this.state, status: this.state.attempt === 0 ? "connecting" : "reconnecting" });
    const socket = new this.o.WebSocket(this.o.url());
    this.socket = socket;
    socket.onopen = () => {
      const { topics, codes } = this.subscription;
      this.send({ type: "auth", token, topics, codes });
    };
    socket.onmessage = (message: MessageEvent) => {
      if (socket === this.socket) this.receive(String(message.data));
    };
    socket.onclose = (close: CloseEvent) => {
      if (socket === this.socket) this.closed(close.code, close.reason);
    };
    socket.onerror = () => {
      // onclose follows an error; reconnecting happens there.
    };
    this.armTimers();
  }

  private receive(raw: string): void {
    let frame: LiveFrame;
    try {
      frame = JSON.parse(raw) as LiveFrame; // the server's contract (web/openapi.json)
    } catch {
      return;
    }
    const now = this.o.now();
    this.armTimers();
    if (frame.type === "ready") {
      this.set({ ...this.state, status: "live", stale: false, lastFrameAt: now, attempt: 0, reason: null });
      return;
    }
    const patch: Partial<LiveState> = { lastFrameAt: now, stale: false };
    if (frame.type === "lagging") patch.dropped = frame.dropped;
    this.set({ ...this.state, ...patch });
    if (frame.type === "batch") {
      for (const event of frame.events) this.dispatch(event);
    } else if (frame.type !== "heartbeat" && frame.type !== "lagging") {
      this.dispatch(frame);
    }
  }

  private dispatch(event: LiveEvent): void {
    for (const key of [event.type, "*"] as const) {
      for (const listener of this.eventListeners.get(key) ?? []) {
        try {
          listener(event);
        } catch (error) {
          console.error("live listener failed", error);
        }
      }
    }
  }

  private closed(code: number, reason: string): void {
    this.socket = null;
    this.clearTimers();
    if (code === UNAUTHORIZED) {
      this.set({ ...this.state, status: "unauthorized", stale: true, reason: reason || null });
      this.o.onUnauthorized?.();
      return;
    }
    const attempt = this.state.attempt;
    const delay = backoffDelay(attempt, this.o.baseDelayMs, this.o.maxDelayMs, this.o.random());
    this.set({ ...this.state, status: "reconnecting", stale: true, attempt: attempt + 1, reason: reason || null });
    this.retryTimer = setTimeout(() => this.connect(), delay);
  }

  private armTimers(): void {
    if (this.staleTimer) clearTimeout(this.staleTimer);
    if (this.deadTimer) clearTimeout(this.deadTimer);
    this.staleTimer = setTimeout(() => this.set({ ...this.state, stale: true }), this.o.staleAfterMs);
    this.deadTimer = setTimeout(() => {
      const socket = this.socket;
      if (!socket) return;
      socket.onclose = null;
      socket.close(4000, "silent");
      this.closed(4000, "no frame");
    }, 2 * this.o.staleAfterMs);
  }

  private clearTimers(): void {
    for (const timer of [this.retryTimer, this.staleTimer, this.deadTimer]) if (timer) clearTimeout(timer);
    this.retryTimer = this.staleTimer = this.deadTimer = null;
  }

  private send(message: object): void {
    if (this.socket?.readyState === 1) this.socket.send(JSON.stringify(message));
  }

  private set(state: LiveState): void {
    this.state = state;
    for (const listener of this.stateListeners) listener();
  }
}
