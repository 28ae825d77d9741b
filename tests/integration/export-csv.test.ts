import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { forEachUserMetricsChunk, forEachUserMetricsCsvChunk } from "@/db/queries/user-metrics";
import { NO_MEMBER_FILTERS, ORDERINGS } from "@/lib/contracts/user-metrics";
import { userMetricCsv, toUserMetric } from "@/lib/user-metrics/serialize";
import { connectTestDb, migratedPglite } from "../helpers/db";
import { createCompany, sessionEndingDaysAgo, type FixtureMember } from "../helpers/fixtures";
import { adversarial } from "../helpers/hostile";

/**
 * The export's CSV is written by the database (db/functions.sql: um_csv_cell, um_iso_seconds,
 * um_hms); it must be, byte for byte, what lib/user-metrics/serialize.ts writes from the same rows:
 * formula neutralising, quoting, times, durations, empty cells — in PostgreSQL and in PGlite.
 */
const SEED = Number(process.env.FC_SEED ?? 20261201);

// Text a spreadsheet or a CSV reader would trip on, and random text (no NUL: PostgreSQL text has none).
const risky = [
  ...fc.sample(adversarial, { numRuns: 60, seed: SEED }),
  "=1+1",
  " =1+1",
  "\t=cmd",
  "\u00a0@SUM(A1)",
  "\u3000+1",
  "\ufeff-1",
  "\u2028=x",
  "\uff1dHYPERLINK()",
  "\uff0b1",
  "\uff0d1",
  "\uff20x",
  "-",
  "a,b",
  'say "hi"',
  "line\nbreak",
  "cr\rhere",
  "\r\n",
  "'quoted'",
  "Zoë Ñúñez",
  "🙂 emoji",
  "plain",
].filter((t) => !t.includes("\u0000"));
const randomText = fc.sample(
  fc.string({ unit: "grapheme", maxLength: 12 }).filter((t) => !t.includes("\u0000")),
  { numRuns: 60, seed: SEED },
);

function members(texts = [...risky, ...randomText]): FixtureMember[] {
  return texts.map((text, i) => ({
    firstName: text,
    lastName: texts[(i * 7 + 3) % texts.length]!,
    department: i % 5 === 0 ? null : texts[(i * 3 + 1) % texts.length]!,
    role: (["owner", "admin", "member", "viewer"] as const)[i % 4],
    status: (["active", "inactive", "pending"] as const)[i % 3],
    // Never active, once, or often, with sessions of odd lengths (durations of 0 s to 30 h).
    sessions:
      i % 6 === 0
        ? []
        : Array.from({ length: 1 + (i % 4) }, (_, k) =>
            sessionEndingDaysAgo(1 + ((i + k) % 25), (i * 37 + k) % 1800),
          ),
  }));
}

async function bothWays(
  db: Db,
  companyId: string,
  ordering: (typeof ORDERINGS)[number],
  status: string | null,
) {
  const today = new Date().toISOString().slice(0, 10);
  const f = {
    ...NO_MEMBER_FILTERS,
    dateFrom: new Date(Date.now() - 400 * 86_400_000).toISOString().slice(0, 10),
    dateTo: today,
    timezone: "UTC",
    companyTimezone: "UTC",
    today,
    status: status as never,
    ordering,
    page: 1,
    pageSize: 20,
  };
  let written = "";
  let rowCount = 0;
  await forEachUserMetricsChunk(
    db,
    companyId,
    f,
    async (rows) => {
      rowCount += rows.length;
      for (const row of rows) written += userMetricCsv(toUserMetric(row));
    },
    { chunkSize: 7 },
  );
  let fromDatabase = "";
  let counted = 0;
  await forEachUserMetricsCsvChunk(
    db,
    companyId,
    f,
    async (text, rows) => {
      fromDatabase += text;
      counted += rows;
    },
    { chunkSize: 7 },
  );
  return { written, fromDatabase, counted, rowCount };
}

describe("the export's CSV written by the database", () => {
  describe("in PostgreSQL", () => {
    const conn = connectTestDb();
    afterAll(() => conn.close());
    let companyId: string;
    beforeAll(async () => {
      ({ companyId } = await createCompany(conn.db, members()));
    });

    it("is byte for byte the records serialize.ts writes, in every ordering", async () => {
      for (const ordering of ORDERINGS) {
        for (const status of [null, "inactive"]) {
          const { written, fromDatabase, counted, rowCount } = await bothWays(
            conn.db,
            companyId,
            ordering,
            status,
          );
          expect(rowCount, `${ordering} ${status}`).toBeGreaterThan(status ? 10 : 50);
          expect(fromDatabase, `${ordering} ${status}`).toBe(written);
          expect(counted).toBe(rowCount);
        }
      }
    });

    it("neutralises every formula start and quotes what needs it", async () => {
      const { fromDatabase } = await bothWays(conn.db, companyId, "-last_active", null);
      expect(fromDatabase).toContain(",'=1+1,"); // neutralised; nothing to quote
      expect(fromDatabase).toContain(`"say ""hi"""`);
      expect(fromDatabase).toContain(`'\uff1dHYPERLINK()`);
    });
  });

  describe("in PGlite", () => {
    const lite = migratedPglite();
    it("is byte for byte the records serialize.ts writes", async () => {
      // PGlite's driver decodes text with TextDecoder, which drops a leading byte-order mark: a
      // value starting with one reads back without it (the database's record keeps it).
      const texts = [...risky, ...randomText].filter((t) => !t.startsWith("\ufeff"));
      const { companyId } = await createCompany(lite.db(), members(texts));
      for (const ordering of ["-last_active", "total_sessions", "-avg_session_duration"] as const) {
        const { written, fromDatabase } = await bothWays(lite.db(), companyId, ordering, null);
        expect(written.length).toBeGreaterThan(0);
        expect(fromDatabase).toBe(written);
      }
    }, 120_000);
  });
});
