import "server-only";
import postgres from "postgres";
import { withDeadline } from "@/lib/deadline";
import { env } from "@/lib/env";
import { metrics } from "@/lib/observability/metrics";
import { onShutdown } from "@/lib/shutdown";

/**
 * What the database said about a caller's access (who a token or key names, the company asked
 * about, the membership), remembered by this instance for as long as the database says nothing
 * that could change it has changed. Every write that could — to users, memberships, companies,
 * revoked sessions, API keys (triggers in db/functions.sql; a key's last use excepted) — notifies
 * the channel `um_access` when it commits, and every listening instance forgets everything at once:
 * a revoked key or signed-out session is refused by all instances within milliseconds.
 *
 * Nothing is remembered unless the listening connection is up and answers its heartbeat (every
 * 500 ms): a notice cannot be missed while something is remembered. An answer read before a notice
 * arrived is not kept after it (the generation check). Entries also expire after 10 s, and a key's
 * at its own expiry. Only answers that found someone are kept. PostgreSQL only (not PGlite).
 */
export const ACCESS_CHANNEL = "um_access";
const MAX_ENTRIES = 10_000;
const TTL_MS = 10_000;
const HEARTBEAT_MS = 500;

type Entry = { value: unknown; until: number };

export class AccessCache {
  private entries = new Map<string, Entry>();
  private generation = 0;
  private live = false;
  private client: postgres.Sql | null = null;
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(private readonly url: string | undefined) {
    if (url) this.connect();
  }

  /** Whether answers are being remembered now (the listener is up). */
  get listening(): boolean {
    return this.live;
  }

  /**
   * The remembered answer for `key`, or `read()`'s, remembered when it found someone (`until`:
   * the latest instant it may be served, e.g. a key's expiry).
   */
  async get<T>(
    key: string,
    read: () => Promise<T | null>,
    until?: (value: T) => number | null,
  ): Promise<T | null> {
    const count = metrics().accessLookups;
    if (this.live) {
      const hit = this.entries.get(key);
      if (hit && hit.until > Date.now()) {
        count.inc({ result: "hit" });
        return hit.value as T;
      }
      if (hit) this.entries.delete(key);
    }
    count.inc({ result: this.live ? "miss" : "off" });
    const generation = this.generation;
    const value = await read();
    if (value !== null && this.live && generation === this.generation) {
      if (this.entries.size >= MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value!);
      const limit = until?.(value);
      this.entries.set(key, { value, until: Math.min(Date.now() + TTL_MS, limit ?? Infinity) });
    }
    return value;
  }

  /** Forgets everything (a notice, or the listener lost). */
  forget() {
    this.generation++;
    this.entries.clear();
  }

  private down() {
    this.live = false;
    this.forget();
  }

  private connect() {
    const client = postgres(this.url!, {
      max: 1,
      idle_timeout: 0,
      max_lifetime: null,
      fetch_types: false,
      connect_timeout: 2,
      onnotice: () => {},
      connection: { application_name: "user-metrics access listener" },
      onclose: () => this.down(),
      // postgres.js (3.4) calls it for every notification on this client's connection; its own
      // `listen` helper is built on it, but re-subscribes behind our back, which we must see.
      ...({ onnotify: () => this.forget() } as object),
    });
    this.client = client;
    const beat = async () => {
      if (this.stopped) return;
      try {
        if (!this.live) {
          await withDeadline(
            client`listen ${client(ACCESS_CHANNEL)}`,
            HEARTBEAT_MS * 4,
            "listener heartbeat",
          );
          this.forget(); // whatever was read before listening is not known to be current
          this.live = true;
        } else await withDeadline(client`select 1`, HEARTBEAT_MS * 2, "listener heartbeat");
      } catch {
        this.down();
      }
      if (!this.stopped) this.timer = setTimeout(() => void beat(), HEARTBEAT_MS);
      this.timer?.unref();
    };
    void beat();
  }

  async close() {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.down();
    await this.client?.end({ timeout: 2 });
  }
}

const globalForAccess = globalThis as unknown as { __userMetricsAccessCache?: AccessCache };

/** This process's cache (listening when DATABASE_URL is set). */
export function accessCache(): AccessCache {
  if (!globalForAccess.__userMetricsAccessCache) {
    const cache = new AccessCache(env.DATABASE_URL);
    globalForAccess.__userMetricsAccessCache = cache;
    onShutdown("access listener", () => cache.close());
  }
  return globalForAccess.__userMetricsAccessCache;
}
