import { sql, type SQL } from "drizzle-orm";

type ElementType =
  | "uuid"
  | "date"
  | "timestamptz"
  | "int"
  | "smallint"
  | "bigint"
  | "boolean"
  | "text"
  | "bytea"
  | "member_status"
  | "member_role";

/**
 * A JS array as one bound parameter of a PostgreSQL array type (`= any(…)`, `unnest(…)`), escaped
 * by the driver. It is bound as text[] and cast: postgres.js types a parameter from its first
 * element (true/false as a scalar boolean) and drizzle leaves date[] and timestamptz[] parameters
 * unserialised, while text[] is encoded alike by postgres.js and PGlite.
 */
export function arrayParam(values: readonly (string | number | boolean | null)[], type: ElementType): SQL {
  const text = type === "boolean" ? values.map((v) => (v === null ? null : v ? "t" : "f")) : values;
  return sql`${sql.param(text)}::text[]::${sql.raw(type)}[]`;
}

type Column<R> = readonly [(row: R) => string | number | boolean | null, ElementType];

/**
 * `unnest(…) as alias(name, …)`: records as a set of rows in SQL, each column one array parameter.
 * Names and alias are identifiers written in code, never data.
 */
export function unnestRows<R>(rows: readonly R[], alias: string, columns: Record<string, Column<R>>): SQL {
  const names = Object.keys(columns);
  const arrays = Object.values(columns).map(([get, type]) => arrayParam(rows.map(get), type));
  return sql`unnest(${sql.join(arrays, sql`, `)}) as ${sql.raw(alias)}(${sql.raw(names.join(", "))})`;
}
