import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { canonicalTimeZone } from "@/lib/time/zones";
import { baseUrl, forgeToken } from "../helpers/api";
import { connectTestDb } from "../helpers/db";
import { createCompany, sessionEndingDaysAgo } from "../helpers/fixtures";
import { hostile, query, rawTail } from "../helpers/hostile";

/**
 * Property-based hostile input (fast-check) against every v2 endpoint: random and adversarial query
 * strings and bodies must get a documented 4xx in the API's error shape (or a normal answer), never
 * a 5xx, never a hang, and a refused write must leave the database as it was. Each endpoint gets a
 * company of its own, so the per-company limit (100/min) never answers for the validation.
 */
const conn = connectTestDb();
afterAll(() => conn.close());

const RUNS = 60;
// Fixed so CI is repeatable; FC_SEED=<n> explores other inputs.
const SEED = Number(process.env.FC_SEED ?? 20261126);

type Seen = { status: number; text: string; contentType: string };

async function send(path: string, init: RequestInit = {}): Promise<Seen> {
  const res = await fetch(`${baseUrl()}${path}`, { ...init, signal: AbortSignal.timeout(15_000) });
  return { status: res.status, text: await res.text(), contentType: res.headers.get("content-type") ?? "" };
}

/** A 4xx must be the API's error body; nothing may be a 5xx. */
function expectDocumented(seen: Seen, allowed: number[], context: string) {
  expect(seen.status, `${context} → ${seen.status} ${seen.text.slice(0, 300)}`).toBeLessThan(500);
  expect(allowed, `${context} → ${seen.status} ${seen.text.slice(0, 300)}`).toContain(seen.status);
  if (seen.status >= 400) {
    const body = JSON.parse(seen.text) as Record<string, unknown>;
    expect(typeof body.detail, context).toBe("string");
    expect(typeof body.code, context).toBe("string");
    expect(body.timestamp, context).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    if (body.code === "validation_error") expect(typeof body.errors, context).toBe("object");
  }
}

let tokens: Record<
  "list" | "summary" | "export" | "sessions" | "detail" | "retention" | "company",
  { companyId: string; token: string; userId: string }
>;
beforeAll(async () => {
  const make = async () => {
    const { companyId, members } = await createCompany(conn.db, [
      { role: "owner", sessions: [sessionEndingDaysAgo(1), sessionEndingDaysAgo(4)] },
      { department: "=cmd|' /C calc'!A0", sessions: [sessionEndingDaysAgo(2)] },
      { department: " =1+1", sessions: [sessionEndingDaysAgo(2)] },
      { department: "\uFF20SUM(A1)", sessions: [sessionEndingDaysAgo(3)] },
    ]);
    return { companyId, token: await forgeToken(members[0]!.userId), userId: members[1]!.userId };
  };
  tokens = {
    list: await make(),
    summary: await make(),
    export: await make(),
    sessions: await make(),
    detail: await make(),
    retention: await make(),
    company: await make(),
  };
});

describe("hostile query strings", () => {
  for (const [name, suffix, allowed] of [
    ["list", "user-metrics/", [200, 400, 404]],
    ["summary", "user-metrics/summary/", [200, 400]],
    ["export", "user-metrics/export/", [200, 400]],
    ["retention", "user-metrics/retention/", [200, 400]],
  ] as const) {
    it(`${name}: every query gets its answer or a documented 400/404, never a 5xx or a hang`, async () => {
      const { companyId, token } = tokens[name];
      await fc.assert(
        fc.asyncProperty(query, rawTail, async (q, tail) => {
          const path = `/api/v2/companies/${companyId}/${suffix}?${q}${tail}`;
          const seen = await send(path, { headers: { Authorization: `Bearer ${token}` } });
          expectDocumented(seen, [...allowed], path);
          if (seen.status === 200 && name === "export") {
            // No cell may start a formula, whatever the stored text.
            for (const line of seen.text.split("\r\n").slice(1))
              for (const cell of line.split(","))
                expect(cell, line).not.toMatch(/^"?\s*[=+\-@\uFF1D\uFF0B\uFF0D\uFF20]/);
          }
        }),
        { numRuns: RUNS, seed: SEED },
      );
    }, 120_000);
  }
});

describe("hostile member ids", () => {
  it("detail: any id and query gets the member, a 400 or 404 member_not_found, never a 5xx", async () => {
    const { companyId, token, userId } = tokens.detail;
    const id = fc.oneof(
      fc.constant(userId),
      fc.constant(userId.toUpperCase()),
      hostile.filter((v) => v !== "" && v !== "." && v !== "..").map(encodeURIComponent),
    );
    await fc.assert(
      fc.asyncProperty(id, query, rawTail, async (user, q, tail) => {
        const path = `/api/v2/companies/${companyId}/user-metrics/${user}/?${q}${tail}`;
        const seen = await send(path, { headers: { Authorization: `Bearer ${token}` } });
        expectDocumented(seen, [200, 400, 404], path);
        // Only the member's own id names anyone.
        if (seen.status === 200) expect(user.toLowerCase(), path).toBe(userId);
      }),
      { numRuns: RUNS, seed: SEED },
    );
  }, 120_000);
});

describe("hostile bodies", () => {
  const contentType = fc.constantFrom(
    "application/json",
    "application/json; charset=utf-8",
    "text/plain",
    "application/x-www-form-urlencoded",
    "multipart/form-data; boundary=x",
    "",
  );
  const session = fc.record(
    {
      id: fc.oneof(hostile, fc.uuid()),
      user_id: fc.oneof(hostile, fc.uuid()),
      started_at: hostile,
      ended_at: hostile,
    },
    { requiredKeys: [] },
  );
  const body = fc.oneof(
    fc.jsonValue().map((v) => JSON.stringify(v)),
    fc.string({ maxLength: 60 }),
    fc.array(session, { maxLength: 6 }).map((sessions) => JSON.stringify({ sessions })),
    fc.constantFrom(
      '{"sessions": [',
      "{",
      "null",
      "[]",
      '{"sessions": null}',
      "\u0000",
      "x".repeat(2_000_000),
    ),
  );

  it("sessions: refused with a documented 4xx, and a refused batch changes nothing", async () => {
    const { companyId, token } = tokens.sessions;
    const count = async () =>
      (
        await conn.sql<
          { n: number }[]
        >`select count(*)::int as n from activity_sessions where company_id = ${companyId}`
      )[0]!.n;
    const before = await count();
    await fc.assert(
      fc.asyncProperty(body, contentType, async (text, type) => {
        const seen = await send(`/api/v2/companies/${companyId}/sessions/`, {
          method: "POST",
          headers: { Authorization: `Bearer ${token}`, ...(type ? { "Content-Type": type } : {}) },
          body: text,
        });
        expectDocumented(seen, [400, 413, 415], `${type} ${text.slice(0, 120)}`);
      }),
      { numRuns: RUNS, seed: SEED },
    );
    expect(await count()).toBe(before);
  }, 120_000);

  it("token: refused with a documented 4xx, never a 5xx", async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          body,
          fc
            .record({ email: hostile, password: hostile }, { requiredKeys: [] })
            .map((v) => JSON.stringify(v)),
        ),
        contentType,
        async (text, type) => {
          // A client address per attempt, so the per-address guessing limit does not answer instead.
          const seen = await send("/api/v2/auth/token/", {
            method: "POST",
            headers: {
              "X-Forwarded-For": `10.9.${Math.floor(n / 250)}.${n++ % 250}`,
              ...(type ? { "Content-Type": type } : {}),
            },
            body: text,
          });
          expectDocumented(seen, [400, 401, 413, 415, 429], `${type} ${text.slice(0, 120)}`);
        },
      ),
      { numRuns: RUNS, seed: SEED },
    );
  }, 120_000);
  it("company zone (PATCH): accepted or a documented 4xx, never a 5xx; the stored zone is always a known one", async () => {
    const { companyId, token } = tokens.company;
    const zoneBody = fc.oneof(
      fc.record({ timezone: fc.oneof(hostile, fc.constantFrom(...Intl.supportedValuesOf("timeZone"))) }),
      fc.record({ timezone: fc.jsonValue() }, { requiredKeys: [] }),
      fc.jsonValue(),
    );
    const text = fc.oneof(
      zoneBody.map((v) => JSON.stringify(v)),
      fc.constantFrom("{", '{"timezone":', "null", "[]", "\u0000", '{"timezone":"' + "x".repeat(5000) + '"}'),
    );
    await fc.assert(
      fc.asyncProperty(text, contentType, async (body, type) => {
        const seen = await send(`/api/v2/companies/${companyId}/`, {
          method: "PATCH",
          headers: { Authorization: `Bearer ${token}`, ...(type ? { "Content-Type": type } : {}) },
          body,
        });
        expectDocumented(seen, [200, 400, 413, 415], `${type} ${body.slice(0, 120)}`);
        if (seen.status === 200) {
          const zone = (JSON.parse(seen.text) as { timezone: string }).timezone;
          // A zone Intl knows, in a stable spelling (asking again answers the same name).
          expect(() => new Intl.DateTimeFormat("en-US", { timeZone: zone })).not.toThrow();
          expect(canonicalTimeZone(zone)).toBe(zone);
        }
      }),
      { numRuns: RUNS, seed: SEED },
    );
    const [row] = await conn.sql<
      { timezone: string }[]
    >`select timezone from companies where id = ${companyId}`;
    const [known] = await conn.sql<{ ok: boolean }[]>`
      select (now() at time zone ${row!.timezone}) is not null as ok`;
    expect(known!.ok).toBe(true);
  }, 240_000);
});
