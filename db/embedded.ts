import "server-only";
import fs from "node:fs";
import path from "node:path";
import * as schema from "./schema";
import type { Db } from "./client";
import { pgliteExtensions } from "./pglite-extensions";

/**
 * Opens the embedded PGlite database persisted in `dir`, after claiming the directory for this
 * process. It is not migrated or seeded here: that is the bootstrap's job (db/bootstrap.ts).
 */
export async function openPglite(
  dir: string,
  { statementTimeoutMs }: { statementTimeoutMs: number },
): Promise<{ db: Db; close: () => Promise<void> }> {
  const absolute = path.resolve(dir);
  fs.mkdirSync(absolute, { recursive: true });
  const releaseLock = claimDirectory(absolute);
  try {
    const { PGlite } = await import("@electric-sql/pglite");
    const { drizzle } = await import("drizzle-orm/pglite");
    const client = new PGlite(absolute, { extensions: await pgliteExtensions() });
    await client.waitReady;
    await client.exec(`set statement_timeout = ${statementTimeoutMs}`);
    return {
      db: drizzle({ client, schema }) as unknown as Db,
      close: async () => {
        await client.close();
        releaseLock();
      },
    };
  } catch (error) {
    releaseLock();
    throw error;
  }
}

/**
 * PGlite has no lock between processes: a second process on the same directory would write a
 * diverging copy. A pid file makes the second process fail with a clear message instead.
 */
function claimDirectory(dir: string): () => void {
  const lockFile = `${dir}.pid`;
  try {
    const owner = Number(fs.readFileSync(lockFile, "utf8").trim());
    if (owner && owner !== process.pid && isAlive(owner)) {
      throw new Error(
        `The embedded database ${dir} is in use by process ${owner}. ` +
          "Stop that process (the running server) first, or point PGLITE_DIR elsewhere.",
      );
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  fs.writeFileSync(lockFile, String(process.pid));
  const release = () => {
    try {
      if (fs.readFileSync(lockFile, "utf8").trim() === String(process.pid)) fs.unlinkSync(lockFile);
    } catch {
      /* already gone */
    }
  };
  process.once("exit", release);
  return release;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
