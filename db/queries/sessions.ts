import { lt, sql } from "drizzle-orm";
import type { Db } from "../client";
import { revokedSessions } from "../schema";

/** Ends a browser session server-side (idempotent); rows past their token's expiry are dropped. */
export async function revokeSession(db: Db, sessionId: string, userId: string, expiresAtSeconds: number) {
  await db
    .insert(revokedSessions)
    .values({ sessionId, userId, expiresAt: new Date(expiresAtSeconds * 1000) })
    .onConflictDoNothing();
  await db.delete(revokedSessions).where(lt(revokedSessions.expiresAt, sql`now()`));
}
