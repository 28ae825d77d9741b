import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api, baseUrl, forgeToken, metricsPath } from "../helpers/api";
import { connectTestDb } from "../helpers/db";
import { createCompany, sessionEndingDaysAgo } from "../helpers/fixtures";
import { startServer, type RunningServer } from "../../scripts/lib/next-server";
import { SERVER_ENV } from "./global-setup";

/** A second instance on the same PostgreSQL and Redis: limits and cached results hold across both. */
describe("two instances", () => {
  let second: RunningServer;
  const conn = connectTestDb();
  beforeAll(async () => {
    second = await startServer(SERVER_ENV, "second instance");
  });
  afterAll(async () => {
    await second?.stop();
    await conn.close();
  });

  it("share the rate-limit window and the result cache", async () => {
    const { companyId, members } = await createCompany(conn.db, [{ sessions: [sessionEndingDaysAgo(2)] }]);
    const token = await forgeToken(members[0]!.userId);
    const one = await api(metricsPath(companyId), { token });
    expect(one.headers.get("x-cache")).toBe("MISS");
    expect(one.headers.get("x-ratelimit-remaining")).toBe("99");
    const res = await fetch(`${second.url}${metricsPath(companyId)}`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("x-cache")).toBe("HIT");
    expect(res.headers.get("x-ratelimit-remaining")).toBe("98");
    expect(second.url).not.toBe(baseUrl());
  });
});
