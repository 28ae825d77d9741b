/**
 * How the schema maps onto a distributed PostgreSQL such as Citus (docs/deployment.md): every
 * table with a `company_id` is a tenant table, distributed by it and co-located with the others,
 * so that everything one request reads or writes lives on the shard of its company. The tables
 * below are not: reference tables are small, read with every request and copied to every node;
 * a local table stays on the coordinator. tests/integration/distribution.test.ts holds the schema
 * and the queries to this.
 */
export const DISTRIBUTION_COLUMN = "company_id";

export const REFERENCE_TABLES: Record<string, string> = {
  companies: "the tenants themselves: every request reads its company's row",
  users: "people belong to several companies; every request reads its caller",
  revoked_sessions: "browser sessions signed out, checked by id with every cookie request",
  api_keys: "a key is found by the hash of its secret before its company is known; few rows, written rarely",
};

export const LOCAL_TABLES: Record<string, string> = {
  audit_log:
    "append-only, one row per request (also for requests without a company); never joined; on the coordinator, or distributed by its own id",
};
