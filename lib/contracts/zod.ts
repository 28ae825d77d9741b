import { z } from "zod";

/*
 * The schemas the browser shares with the server are interpreted there, never compiled with
 * `new Function`: the pages' Content-Security-Policy allows no eval, and zod's probe for it (caught,
 * but reported by the browser as a CSP violation) is skipped in jitless mode. The server keeps the
 * compiled fast path. Every contract (and lib/validation/query.ts) imports zod from here, so this runs before any schema exists.
 */
if (typeof window !== "undefined") z.config({ jitless: true });

export { z };
