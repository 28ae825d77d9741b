import "server-only";
import { sql } from "drizzle-orm";
import { withDeadline } from "@/lib/deadline";
import { env } from "@/lib/env";
import { metrics } from "@/lib/observability/metrics";
import { onShutdown } from "@/lib/shutdown";
import { getStore, slotOf } from "@/lib/store";
import { getDb, openPostgres, queryRows, type Db, type DbHandle } from "./client";
import { isReplicaFailure } from "./errors";

/**
 * Reads from a streaming replica (DATABASE_REPLICA_URL), writes to the primary.
 *
 * Read-your-writes: after any write that changes what a company's reads show (ingestion, refresh,
 * settings — every writer retires the company's cached results, and does this first), the
 * primary's WAL position is kept in the shared store as the company's mark. A read goes to the
 * replica only when the replica has replayed at least that far; otherwise to the primary. Every
 * instance sees the same mark, so a client whose next request lands on another instance still
 * reads its own write.
 *
 * A monitor compares the replica's replay position with the primary's every 250 ms: a replica
 * that has not replayed what the primary had written `DATABASE_REPLICA_MAX_LAG_MS` ago, or that
 * does not answer, is not read from until it catches up. A read that fails on the replica for the
 * replica's sake (connection lost, shut down, cancelled by replay) runs again on the primary.
 */

const MONITOR_MS = 250;
const PROBE_TIMEOUT_MS = 1000;
/** A company's mark outlives any replica that is still read from (one lagging this long is not). */
const MARK_TTL_SECONDS = 3600;

export type ReplicaHealth = {
  status: "ok" | "lagging" | "down";
  lag_ms: number | null;
  replay_lsn: string | null;
};

/** A WAL position ("16/B374D848") as a number. */
export function parseLsn(text: string): bigint {
  const [hi, lo] = text.split("/");
  return (BigInt(`0x${hi}`) << 32n) | BigInt(`0x${lo}`);
}

/** Fixed width, so positions compare as strings (in the store's script, too). */
export const lsnKey = (lsn: bigint) => lsn.toString(16).padStart(16, "0");
const markKey = (companyId: string) => `um:read-mark:${slotOf(companyId)}`;

/**
 * How far behind a replica is, from samples of the primary's position: zero when it has replayed
 * the latest sample, else the age of the oldest sample it has not replayed (or, when none it has
 * replayed is kept, of the oldest kept).
 */
export class LagClock {
  private samples: { at: number; lsn: bigint }[] = [];
  constructor(private readonly keepMs: number) {}

  primaryAt(lsn: bigint, at: number) {
    const last = this.samples.at(-1);
    if (!last || lsn > last.lsn) this.samples.push({ at, lsn });
    while (this.samples.length > 1 && this.samples[0]!.at < at - this.keepMs) this.samples.shift();
  }

  lagMs(replay: bigint, now: number): number {
    const behind = this.samples.find((s) => s.lsn > replay);
    return behind ? now - behind.at : 0;
  }
}

class Replica {
  replay = -1n;
  lagMs: number | null = null;
  down = true;
  private lag = new LagClock(Math.max(env.DATABASE_REPLICA_MAX_LAG_MS * 4, 10_000));
  private timer: NodeJS.Timeout;
  private probing: Promise<void> | null = null;

  constructor(
    readonly handle: Promise<DbHandle>,
    private readonly maxLagMs: number,
  ) {
    this.timer = setInterval(() => void this.probe(), MONITOR_MS);
    this.timer.unref();
    void this.probe();
  }

  get usable(): boolean {
    return !this.down && this.lagMs !== null && this.lagMs <= this.maxLagMs;
  }

  health(): ReplicaHealth {
    return {
      status: this.down ? "down" : this.usable ? "ok" : "lagging",
      lag_ms: this.lagMs,
      replay_lsn: this.replay >= 0n ? lsnText(this.replay) : null,
    };
  }

  /** The replica's replay position and the primary's, at once; one probe at a time. */
  probe(): Promise<void> {
    this.probing ??= this.measure().finally(() => (this.probing = null));
    return this.probing;
  }

  private async measure() {
    try {
      const [primaryLsn, replay] = await withDeadline(
        Promise.all([
          getDb().then((db) => position(db, sql`select pg_current_wal_lsn()::text as lsn`)),
          this.handle.then(({ db }) => position(db, sql`select pg_last_wal_replay_lsn()::text as lsn`)),
        ]),
        PROBE_TIMEOUT_MS,
        "replica probe",
      );
      const now = Date.now();
      this.lag.primaryAt(primaryLsn, now);
      this.replay = replay;
      this.lagMs = this.lag.lagMs(replay, now);
      this.down = false;
    } catch (error) {
      if (!this.down)
        console.warn(
          `[user-metrics] replica unavailable, reading from the primary: ${(error as Error).message}`,
        );
      this.down = true;
    }
    metrics().replicaLag.set(this.down || this.lagMs === null ? -1 : this.lagMs / 1000);
  }

  /** After a read failed here: off until the monitor hears from it again. */
  failed(error: unknown) {
    if (!this.down) console.warn(`[user-metrics] replica read failed: ${(error as Error).message}`);
    this.down = true;
  }

  async close() {
    clearInterval(this.timer);
    await (await this.handle).close();
  }
}

const lsnText = (lsn: bigint) =>
  `${(lsn >> 32n).toString(16).toUpperCase()}/${(lsn & 0xffffffffn).toString(16).toUpperCase()}`;

async function position(db: Db, query: ReturnType<typeof sql>): Promise<bigint> {
  const [row] = await queryRows<{ lsn: string | null }>(db, query);
  if (!row?.lsn) throw new Error("not a streaming replica (no replay position)");
  return parseLsn(row.lsn);
}

const globalForReplica = globalThis as unknown as { __userMetricsReplica?: Replica | null };

function replica(): Replica | null {
  if (globalForReplica.__userMetricsReplica === undefined) {
    const url = env.DATABASE_URL && env.DATABASE_REPLICA_URL;
    const made = url ? new Replica(openPostgres(url), env.DATABASE_REPLICA_MAX_LAG_MS) : null;
    made?.handle.catch(() => {}); // a replica that cannot be opened is "down", and retried
    if (made) onShutdown("replica", () => made.close());
    globalForReplica.__userMetricsReplica = made;
  }
  return globalForReplica.__userMetricsReplica;
}

/** The replica's state for /api/health; null when none is configured. */
export function replicaHealth(): ReplicaHealth | null {
  return replica()?.health() ?? null;
}

/**
 * Marks a write to a company on the primary (already committed): its reads must see at least this
 * position. Called before the company's cached results are retired, so a read computed after the
 * retirement sees the mark. Without a replica, nothing to do.
 */
export async function markWrite(companyId: string): Promise<void> {
  if (!replica()) return;
  const [row] = await queryRows<{ lsn: string }>(
    await getDb(),
    sql`select pg_current_wal_lsn()::text as lsn`,
  );
  await getStore().setMax(markKey(companyId), lsnKey(parseLsn(row!.lsn)), MARK_TTL_SECONDS);
}

type Target = { db: Db; from: Replica | null; reason: "ok" | "behind" | "unavailable" };

/** The database a read of this company may use now: the replica when it has the company's last write. */
async function readTarget(companyId: string, r: Replica): Promise<Target> {
  const primary = async (reason: Target["reason"]): Promise<Target> => ({
    db: await getDb(),
    from: null,
    reason,
  });
  if (!r.usable) return primary("unavailable");
  let mark: string | null;
  try {
    mark = await getStore().get(markKey(companyId));
  } catch {
    return primary("unavailable"); // the mark cannot be known: only the primary is sure
  }
  if (mark && mark > lsnKey(r.replay)) {
    await r.probe(); // the monitor's last figure may be up to 250 ms old
    if (!r.usable) return primary("unavailable");
    if (mark > lsnKey(r.replay)) return primary("behind");
  }
  try {
    return { db: (await r.handle).db, from: r, reason: "ok" };
  } catch {
    return primary("unavailable");
  }
}

/**
 * Runs a read of one company on the replica when it may (see above), else on the primary. A read
 * the replica failed runs again on the primary, unless `canRetry` says it has already answered
 * something (an export that streamed rows).
 */
export async function reading<T>(
  companyId: string,
  work: (db: Db) => Promise<T>,
  canRetry: () => boolean = () => true,
): Promise<T> {
  const r = replica();
  if (!r) return work(await getDb());
  const { db, from, reason } = await readTarget(companyId, r);
  const count = metrics().replicaReads;
  if (!from) {
    count.inc({ target: "primary", reason });
    return work(db);
  }
  try {
    const result = await work(db);
    count.inc({ target: "replica", reason });
    return result;
  } catch (error) {
    if (!isReplicaFailure(error) || !canRetry()) throw error;
    from.failed(error);
    count.inc({ target: "primary", reason: "failed" });
    return work(await getDb());
  }
}
