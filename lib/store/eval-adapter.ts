import { createHash } from "node:crypto";
import type { Cluster, Redis as IORedis } from "ioredis";

const sha1 = (text: string) => createHash("sha1").update(text).digest("hex");

/**
 * The part of @upstash/redis that @upstash/ratelimit calls (single-region `limit`, `getRemaining`,
 * `resetUsedTokens`): `evalsha`, falling back to `eval` on NOSCRIPT. This adapter serves it from an
 * ioredis client (a self-hosted Redis, or ioredis-mock in process for the embedded default).
 *
 * Redis 7.0 rejects the scripts' `#!lua flags=allow-key-locking` shebang, so the adapter strips it
 * and remembers which stripped script each original hash stands for.
 */
export function createEvalAdapter(client: IORedis | Cluster) {
  const stripped = new Map<string, { script: string; sha: string }>();

  const run = async (entry: { script: string; sha: string }, keys: string[], args: unknown[]) => {
    const argv = args.map((a) => (a === null || a === undefined ? "" : String(a)));
    try {
      return await client.evalsha(entry.sha, keys.length, ...keys, ...argv);
    } catch (error) {
      if (!String(error).includes("NOSCRIPT")) throw error;
      return client.eval(entry.script, keys.length, ...keys, ...argv);
    }
  };

  return {
    async evalsha(hash: string, keys: string[], args: unknown[]) {
      const entry = stripped.get(hash);
      // Unknown hash: answer as Redis would, so the caller sends the script itself.
      if (!entry) throw new Error("NOSCRIPT No matching script (adapter)");
      return run(entry, keys, args);
    },
    async eval(script: string, keys: string[], args: unknown[]) {
      const body = script.replace(/^#!lua[^\n]*\n/, "");
      const entry = { script: body, sha: sha1(body) };
      stripped.set(sha1(script), entry);
      return run(entry, keys, args);
    },
  };
}
