import "server-only";
import type { Db } from "@/db/client";
import { extendBrowserSession } from "@/db/queries/rollups";
import { stableUuid } from "@/lib/uuid";
import { getStore } from "@/lib/store";

/** At most one write per browser session and company in this many seconds. */
const HEARTBEAT_SECONDS = 60;

/**
 * The product's own use counts as activity: a signed-in browser's requests to a company make one
 * activity session per sign-in, started at the first request and extended to the latest one
 * (written at most once a minute), and that member's metrics are brought up to date.
 */
export async function recordBrowserActivity(
  db: Db,
  companyId: string,
  userId: string,
  browserSessionId: string,
) {
  // Keyed by the sign-in's session id, which survives every re-issue of the cookie.
  const sessionId = stableUuid(`browser:${userId}:${companyId}:${browserSessionId}`);
  try {
    const store = getStore();
    const key = `um:activity:${sessionId}`;
    if ((await store.get(key)) !== null) return;
    await store.set(key, "1", HEARTBEAT_SECONDS);
  } catch {
    // Without the store, write every time rather than lose activity.
  }
  await extendBrowserSession(db, companyId, userId, sessionId, new Date());
}
