import "server-only";
import { markWrite } from "@/db/replica";
import { metrics } from "@/lib/observability/metrics";
import { getStore, slotOf } from "@/lib/store";

/** Results are cached this long (two minutes); the same figure goes in Cache-Control. */
export const CACHE_TTL_SECONDS = 120;

const generationKey = (companyId: string) => `um:cache-gen:${slotOf(companyId)}`;

/**
 * A company's cached results carry the generation they were computed under; a refresh bumps the
 * generation, which retires every cached result of that company at once (on every instance, when
 * the store is Redis). The generation and the entry are read together, in one round trip.
 * Store failures degrade to a miss: the cache never makes a request fail.
 */
export async function cached<T>(
  companyId: string,
  scope: string,
  params: unknown,
  compute: () => Promise<T>,
  /** Rejects an entry of another shape (written by an older instance during a deploy): a miss. */
  accept: (value: unknown) => boolean = () => true,
): Promise<{ value: T; hit: boolean }> {
  const store = getStore();
  const key = `um:cache:${slotOf(companyId)}:${scope}:${JSON.stringify(params)}`;
  let generation: string | null = null;
  try {
    const [current, entry] = await store.mget([generationKey(companyId), key]);
    generation = current ?? "0";
    // An entry is `<generation>\n<json>`; one from an earlier generation is a miss.
    const cut = entry?.indexOf("\n") ?? -1;
    if (entry && cut > 0 && entry.slice(0, cut) === generation) {
      const value: unknown = JSON.parse(entry.slice(cut + 1));
      if (accept(value)) {
        metrics().cacheRequests.inc({ scope, result: "hit" });
        return { value: value as T, hit: true };
      }
    }
    metrics().cacheRequests.inc({ scope, result: "miss" });
  } catch (error) {
    console.warn(`[user-metrics] cache unavailable, computing directly: ${(error as Error).message}`);
    metrics().cacheRequests.inc({ scope, result: "bypass" });
    generation = null;
  }
  const value = await compute();
  if (generation !== null) {
    try {
      await store.set(key, `${generation}\n${JSON.stringify(value)}`, CACHE_TTL_SECONDS);
    } catch (error) {
      console.warn(`[user-metrics] cache write failed: ${(error as Error).message}`);
    }
  }
  return { value, hit: false };
}

/**
 * Retires every cached result of one company, after a write to it has committed. First the write's
 * position is marked for reads from a replica (db/replica.ts): a result computed after the
 * retirement never comes from a replica that lacks the write.
 */
export async function invalidateCompany(companyId: string): Promise<void> {
  try {
    await markWrite(companyId);
  } catch (error) {
    // The store or the primary is away; a read that cannot find the mark is served by the primary.
    console.warn(`[user-metrics] write position not marked for ${companyId}: ${(error as Error).message}`);
  }
  try {
    await getStore().incr(generationKey(companyId));
  } catch (error) {
    // The store is away, so nothing is being served from it; entries written before expire in 2 minutes.
    console.warn(`[user-metrics] cache invalidation failed for ${companyId}: ${(error as Error).message}`);
  }
}
