import type { Extensions } from "@electric-sql/pglite";

/**
 * The contrib extensions the migrations create (search: pg_trgm, unaccent, btree_gin). PostgreSQL
 * has them installed with its contrib package; PGlite loads them only when they are passed in.
 */
export async function pgliteExtensions(): Promise<Extensions> {
  const [{ pg_trgm }, { unaccent }, { btree_gin }] = await Promise.all([
    import("@electric-sql/pglite/contrib/pg_trgm"),
    import("@electric-sql/pglite/contrib/unaccent"),
    import("@electric-sql/pglite/contrib/btree_gin"),
  ]);
  return { pg_trgm, unaccent, btree_gin };
}
