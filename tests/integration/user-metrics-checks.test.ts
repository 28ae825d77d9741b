import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { ACME, api, forgeToken, INITECH, login, metricsPath } from "../helpers/api";
import { connectTestDb } from "../helpers/db";
import { createCompany, sessionEndingDaysAgo } from "../helpers/fixtures";

const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;
const conn = connectTestDb();
afterAll(() => conn.close());

function expectErrorBody(body: Record<string, unknown>, code: string, detail?: string) {
  expect(body.code).toBe(code);
  expect(typeof body.detail).toBe("string");
  if (detail) expect(body.detail).toBe(detail);
  expect(body.timestamp).toMatch(TIMESTAMP);
}

describe("401: credentials are checked first", () => {
  it("refuses a request without credentials, with the API's error body and a Bearer challenge", async () => {
    const res = await api(metricsPath(ACME));
    expect(res.status).toBe(401);
    expect(res.headers.get("www-authenticate")).toMatch(/^Bearer/);
    expect(Object.keys(res.body)).toEqual(["detail", "code", "timestamp"]);
    expectErrorBody(res.body, "authentication_required", "Authentication credentials were not provided.");
  });

  it("answers 401 before 404: no credentials on an unknown company", async () => {
    const res = await api(metricsPath(randomUUID()));
    expect(res.status).toBe(401);
  });

  it("refuses malformed, tampered, expired, not-yet-valid and foreign-secret tokens with invalid_token", async () => {
    const jane = await login("jane.smith@acme.test");
    const [h, p, s] = jane.split(".");
    const tamperedPayload = Buffer.from(
      JSON.stringify({ sub: "f47ac10b-58cc-4372-a567-0e02b2c3d479", exp: 9999999999 }),
    ).toString("base64url");
    const none = `${Buffer.from(JSON.stringify({ alg: "none", typ: "JWT" })).toString("base64url")}.${p}.`;
    const cases = {
      garbage: "not-a-jwt",
      tampered: `${h}.${tamperedPayload}.${s}`,
      algNone: none,
      expired: await forgeToken("a1b2c3d4-e5f6-7890-abcd-ef1234567890", { expiresIn: -60 }),
      notYetValid: await forgeToken("a1b2c3d4-e5f6-7890-abcd-ef1234567890", { notBefore: 3600 }),
      otherSecret: await forgeToken("a1b2c3d4-e5f6-7890-abcd-ef1234567890", {
        secret: "another-secret-another-secret-another-secret",
      }),
      otherAlgorithm: await forgeToken("a1b2c3d4-e5f6-7890-abcd-ef1234567890", { alg: "HS512" }),
      subjectNotUuid: await forgeToken("jane"),
    };
    for (const [name, token] of Object.entries(cases)) {
      const res = await api(metricsPath(ACME), { token });
      expect(res.status, name).toBe(401);
      expect(res.body.code, name).toBe("invalid_token");
      expect(res.headers.get("www-authenticate"), name).toMatch(/^Bearer .*invalid_token/);
    }
  });

  it("refuses an empty Bearer header as invalid_token and another scheme as missing credentials", async () => {
    const empty = await api(metricsPath(ACME), { headers: { Authorization: "Bearer " } });
    expect(empty.status).toBe(401);
    expect(empty.body.code).toBe("invalid_token");
    const basic = await api(metricsPath(ACME), { headers: { Authorization: "Basic amFuZTpwdw==" } });
    expect(basic.status).toBe(401);
    expect(basic.body.code).toBe("authentication_required");
  });

  it("refuses a valid token of a soft-deleted user", async () => {
    const { companyId, members } = await createCompany(conn.db, [
      { userDeleted: true, sessions: [sessionEndingDaysAgo(1)] },
    ]);
    const res = await api(metricsPath(companyId), { token: await forgeToken(members[0]!.userId) });
    expect(res.status).toBe(401);
    expect(res.body.code).toBe("invalid_token");
  });
});

describe("404: unknown, malformed or soft-deleted companies", () => {
  it("answers company_not_found for an unknown id, a malformed id and a soft-deleted company", async () => {
    const token = await login("jane.smith@acme.test");
    for (const id of [randomUUID(), "not-a-uuid", "123", "f659ecfa-32be-4a9b-9c9b-6e56c3ccf29a'--"]) {
      const res = await api(metricsPath(encodeURIComponent(id)), { token });
      expect(res.status, id).toBe(404);
      expect(Object.keys(res.body)).toEqual(["detail", "code", "timestamp"]);
      expectErrorBody(res.body, "company_not_found", "Company not found or you don't have access to it.");
    }
  });

  it("answers 404 for Initech even to its former owner", async () => {
    const res = await api(metricsPath(INITECH), { token: await login("owner@acme.test") });
    expect(res.status).toBe(404);
    expect(res.body.code).toBe("company_not_found");
  });

  it("answers 404 before 403 (a stranger asking about an unknown company)", async () => {
    const res = await api(metricsPath(randomUUID()), { token: await login("admin@globex.test") });
    expect(res.status).toBe(404);
  });
});

describe("403: only active members above viewer", () => {
  it("refuses a viewer, a member of another company, and pending, inactive or removed members", async () => {
    const fixture = await createCompany(conn.db, [
      { role: "member", status: "pending" },
      { role: "admin", status: "inactive" },
      { role: "member", status: "active", membershipDeleted: true },
      { role: "viewer", status: "active" },
    ]);
    const refusals: [string, string, string][] = [
      ["viewer@acme.test", ACME, await login("viewer@acme.test")],
      ["admin@globex.test", ACME, await login("admin@globex.test")],
      ["pending member", fixture.companyId, await forgeToken(fixture.members[0]!.userId)],
      ["inactive admin", fixture.companyId, await forgeToken(fixture.members[1]!.userId)],
      ["removed member", fixture.companyId, await forgeToken(fixture.members[2]!.userId)],
      ["viewer", fixture.companyId, await forgeToken(fixture.members[3]!.userId)],
    ];
    for (const [who, companyId, token] of refusals) {
      const res = await api(metricsPath(companyId), { token });
      expect(res.status, who).toBe(403);
      expect(Object.keys(res.body), who).toEqual(["detail", "code", "company_id", "timestamp"]);
      expectErrorBody(
        res.body,
        "permission_denied",
        "You do not have permission to access this company's user metrics.",
      );
      expect(res.body.company_id, who).toBe(companyId);
    }
  });

  it("lets owners, admins and members in", async () => {
    for (const email of [
      "owner@acme.test",
      "jane.smith@acme.test",
      "john.doe@acme.test",
      "multi@example.test",
    ]) {
      const res = await api(metricsPath(ACME), { token: await login(email) });
      expect(res.status, email).toBe(200);
    }
  });

  it("answers 403 before 400: a viewer with invalid parameters", async () => {
    const res = await api(metricsPath(ACME, "page_size=500"), { token: await login("viewer@acme.test") });
    expect(res.status).toBe(403);
  });
});

describe("400: every invalid parameter reported together", () => {
  it("uses the API's messages, one list per field", async () => {
    const token = await login("jane.smith@acme.test");
    const res = await api(
      metricsPath(
        ACME,
        "date_from=2025-13-01&page_size=101&status=archived&ordering=name&page=abc&date_to=yesterday",
      ),
      { token },
    );
    expect(res.status).toBe(400);
    expect(Object.keys(res.body)).toEqual(["detail", "code", "errors", "timestamp"]);
    expectErrorBody(res.body, "validation_error", "Invalid query parameters.");
    expect(res.body.errors).toEqual({
      date_from: ["Enter a valid date format (YYYY-MM-DD)."],
      date_to: ["Enter a valid date format (YYYY-MM-DD)."],
      page_size: ["Ensure this value is less than or equal to 100."],
      status: ['"archived" is not a valid choice.'],
      ordering: ['"name" is not a valid choice.'],
      page: ["A valid integer is required."],
    });
  });

  it.each([
    ["page=0", { page: ["Ensure this value is greater than or equal to 1."] }],
    ["page=-3", { page: ["Ensure this value is greater than or equal to 1."] }],
    ["page=1.5", { page: ["A valid integer is required."] }],
    ["page_size=0", { page_size: ["Ensure this value is greater than or equal to 1."] }],
    ["page_size=ten", { page_size: ["A valid integer is required."] }],
    ["date_from=2025-02-30", { date_from: ["Enter a valid date format (YYYY-MM-DD)."] }],
    ["date_from=2025-7-1", { date_from: ["Enter a valid date format (YYYY-MM-DD)."] }],
    ["date_from=2025-07-10&date_to=2025-07-01", { date_from: ["Ensure date_from is on or before date_to."] }],
    ["date_from=2999-01-01", { date_from: ["Ensure date_from is on or before date_to."] }],
    ["status=active&status=pending", { status: ["Provide this parameter only once."] }],
    ["ordering=-LAST_ACTIVE", { ordering: ['"-LAST_ACTIVE" is not a valid choice.'] }],
  ])("%s", async (query, errors) => {
    const res = await api(metricsPath(ACME, query), { token: await login("jane.smith@acme.test") });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe("validation_error");
    expect(res.body.errors).toEqual(errors);
  });

  it("ignores unknown parameters and treats empty values and status=all as absent", async () => {
    const token = await login("jane.smith@acme.test");
    const plain = await api<{ count: number }>(metricsPath(ACME), { token });
    for (const query of ["foo=bar&include_inactive=false", "status=&page=&ordering=", "status=all"]) {
      const res = await api<{ count: number }>(metricsPath(ACME, query), { token });
      expect(res.status, query).toBe(200);
      expect(res.body.count, query).toBe(plain.body.count);
    }
  });
});

describe("the path and methods", () => {
  it("answers the slash-less path the same way, with canonical links", async () => {
    const token = await login("jane.smith@acme.test");
    const slashless = await api<{ count: number; next: string }>(
      `/api/v2/companies/${ACME}/user-metrics?status=active&page_size=5`,
      { token },
    );
    const canonical = await api<{ count: number; next: string }>(
      metricsPath(ACME, "status=active&page_size=5"),
      { token },
    );
    expect(slashless.status).toBe(200);
    expect(slashless.body).toEqual(canonical.body);
    expect(new URL(slashless.body.next).pathname).toBe(`/api/v2/companies/${ACME}/user-metrics/`);
    expect((await api(`/api/v2/companies/${ACME}/user-metrics`)).status).toBe(401);
  });

  it("refuses other methods with 405 in the API's shape and answers OPTIONS with Allow", async () => {
    const token = await login("jane.smith@acme.test");
    for (const method of ["POST", "PUT", "PATCH", "DELETE"]) {
      const res = await api(metricsPath(ACME), { token, method });
      expect(res.status, method).toBe(405);
      expect(res.body.code).toBe("method_not_allowed");
      expect(res.headers.get("allow")).toBe("GET, OPTIONS");
    }
    const options = await api(metricsPath(ACME), { method: "OPTIONS" });
    expect(options.status).toBe(204);
    expect(options.headers.get("allow")).toBe("GET, OPTIONS");
  });

  it("answers 404 invalid_page for any page past the last, however large", async () => {
    const token = await login("jane.smith@acme.test");
    for (const page of ["2000000", "99999999999999999999"]) {
      const res = await api(metricsPath(ACME, `page=${page}`), { token });
      expect(res.status, page).toBe(404);
      expect(res.body.code).toBe("invalid_page");
    }
  });

  it("refuses dates outside the years 1900–9998 with a 400, not a database error", async () => {
    const token = await login("jane.smith@acme.test");
    for (const query of [
      "date_to=9999-12-31",
      "date_from=0000-01-01&date_to=0000-01-02",
      "date_to=0001-01-10",
    ]) {
      const res = await api(metricsPath(ACME, query), { token });
      expect(res.status, query).toBe(400);
      expect(JSON.stringify(res.body.errors)).toContain(
        "Ensure this date is between 1900-01-01 and 9998-12-31.",
      );
    }
  });

  it("treats a malformed session cookie as an invalid token", async () => {
    const res = await api(metricsPath(ACME), { headers: { Cookie: "next-auth.session-token=%E0%A4%A" } });
    expect(res.status).toBe(401);
    expect(res.body.code).toBe("invalid_token");
  });
});
