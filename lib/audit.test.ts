import { describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import type { AuditEntry } from "@/db/schema";
import { AuditQueueFull, boundParams, MAX_PARAMS_BYTES, MAX_PENDING_AUDIT, writeAudit } from "./audit";

const entry = (params: Record<string, string | string[]> = {}): AuditEntry => ({
  requestId: "r",
  action: "test",
  method: "GET",
  path: "/",
  params,
  status: 200,
});

describe("audit rows", () => {
  it("keep their parameters within 4 KB, whole entries in order, and say when some were dropped", () => {
    const params: Record<string, string[]> = {};
    for (let i = 0; i < 30; i++) params[`p${i}`] = Array.from({ length: 5 }, () => "ü".repeat(200));
    const bounded = boundParams(params);
    expect(Buffer.byteLength(JSON.stringify(bounded))).toBeLessThanOrEqual(MAX_PARAMS_BYTES);
    expect(bounded._truncated).toBe("true");
    expect(Object.keys(bounded)[0]).toBe("p0");
    expect(bounded.p0).toEqual(params.p0);
    const small = { status: "active", page: "2" };
    expect(boundParams(small)).toEqual(small);
  });

  it("wait in a bounded queue: with the database stalled, request number 5,001 is refused at once", async () => {
    const inserts: unknown[] = [];
    const stalled = {
      execute: (query: unknown) => {
        inserts.push(query);
        return new Promise(() => {}); // never answers
      },
    } as unknown as Db;
    // The first row goes in flight; the next 5,000 fill the queue up to its bound.
    for (let i = 0; i <= MAX_PENDING_AUDIT; i++) writeAudit(stalled, entry()).catch(() => {});
    await expect(writeAudit(stalled, entry())).rejects.toBeInstanceOf(AuditQueueFull);
    expect(inserts).toHaveLength(1);
  });
});
