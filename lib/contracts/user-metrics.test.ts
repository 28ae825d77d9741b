import { describe, expect, it } from "vitest";
import { ApiError } from "@/lib/api/errors";
import {
  NO_MEMBER_FILTERS,
  parseMemberDetailQuery,
  parseRetentionQuery,
  parseSummaryQuery,
  parseUserMetricsQuery,
} from "./user-metrics";

/** The zone fields of a request in a UTC company on 2025-07-13. */
const UTC_DAYS = { timezone: "UTC", companyTimezone: "UTC", today: "2025-07-13" };

const now = new Date("2025-07-13T15:30:00Z");
const parse = (q: string) => parseUserMetricsQuery(new URLSearchParams(q), now);
const errorsOf = (q: string) => {
  try {
    parse(q);
  } catch (e) {
    expect(e).toBeInstanceOf(ApiError);
    return (e as ApiError).extra.errors;
  }
  throw new Error("expected a validation error");
};

describe("parseUserMetricsQuery", () => {
  it("fills the API's defaults: the 30 days before today, -last_active, page 1 of 20, all statuses", () => {
    expect(parse("")).toEqual({
      ...NO_MEMBER_FILTERS,
      dateFrom: "2025-06-13",
      dateTo: "2025-07-13",
      ...UTC_DAYS,
      status: null,
      ordering: "-last_active",
      page: 1,
      pageSize: 20,
    });
  });

  it("keeps valid values and treats status=all and empty values as absent", () => {
    expect(
      parse(
        "date_from=2025-06-01&date_to=2025-07-01&status=pending&page=3&page_size=100&ordering=total_sessions",
      ),
    ).toEqual({
      ...NO_MEMBER_FILTERS,
      dateFrom: "2025-06-01",
      dateTo: "2025-07-01",
      ...UTC_DAYS,
      status: "pending",
      ordering: "total_sessions",
      page: 3,
      pageSize: 100,
    });
    expect(parse("status=all").status).toBeNull();
    expect(parse("status=&page=").page).toBe(1);
    expect(parse("date_to=2025-05-01").dateFrom).toBe("2025-04-01");
  });

  it("reports every invalid field at once with the API's messages", () => {
    expect(errorsOf("date_from=13/07/2025&page_size=101&page=x&status=gone&ordering=email")).toEqual({
      date_from: ["Enter a valid date format (YYYY-MM-DD)."],
      page_size: ["Ensure this value is less than or equal to 100."],
      page: ["A valid integer is required."],
      status: ['"gone" is not a valid choice.'],
      ordering: ['"email" is not a valid choice.'],
    });
  });

  it("refuses impossible dates, reversed windows and repeated parameters", () => {
    expect(errorsOf("date_to=2025-02-29")).toEqual({ date_to: ["Enter a valid date format (YYYY-MM-DD)."] });
    expect(parse("date_from=2024-02-29&date_to=2024-02-29").dateFrom).toBe("2024-02-29");
    expect(errorsOf("date_from=2025-07-02&date_to=2025-07-01")).toEqual({
      date_from: ["Ensure date_from is on or before date_to."],
    });
    expect(errorsOf("date_from=2025-08-01")).toEqual({
      date_from: ["Ensure date_from is on or before date_to."],
    });
    expect(errorsOf("page=1&page=2")).toEqual({ page: ["Provide this parameter only once."] });
  });

  it("bounds page and page_size", () => {
    expect(errorsOf("page=0")).toEqual({ page: ["Ensure this value is greater than or equal to 1."] });
    expect(errorsOf("page_size=0")).toEqual({
      page_size: ["Ensure this value is greater than or equal to 1."],
    });
    expect(errorsOf("page=1e3")).toEqual({ page: ["A valid integer is required."] });
    expect(parse("page=99999999999999999999999").page).toBeGreaterThan(1e22);
    expect(errorsOf("date_from=1899-12-31")).toEqual({
      date_from: ["Ensure this date is between 1900-01-01 and 9998-12-31."],
    });
    expect(errorsOf("date_from=abc")).toEqual({ date_from: ["Enter a valid date format (YYYY-MM-DD)."] });
  });
});

describe("the member filters", () => {
  it("normalises search terms, roles and departments (equal filters are equal cache keys)", () => {
    const q = parse(
      "search=%20%20Jane%20%20SMITH%20&role=member,admin,member&department=Sales&department=&department=Finance&department=Sales",
    );
    expect(q.search).toEqual(["Jane", "SMITH"]);
    expect(q.roles).toEqual(["admin", "member"]);
    expect(q.departments).toEqual([null, "Finance", "Sales"]);
    expect(q.inactiveFor).toBeNull();
    // An empty department alone still selects members with no department.
    expect(parse("department=").departments).toEqual([null]);
    // Absent, or an empty search, means no filter.
    expect(parse("search=&role=").search).toBeNull();
  });

  it("inactive_for counts today: the first day a member's activity must not reach", () => {
    expect(parse("inactive_for=1")).toMatchObject({ inactiveFor: 1, inactiveBefore: "2025-07-13" });
    expect(parse("inactive_for=14")).toMatchObject({ inactiveFor: 14, inactiveBefore: "2025-06-30" });
  });

  it("reports every bad value of every new parameter together, with the others", () => {
    expect(
      errorsOf(
        `search=${"x".repeat(101)}&role=admin,boss,,owner&inactive_for=0&ordering=name&page_size=0&department=${"d".repeat(101)}`,
      ),
    ).toEqual({
      search: ["Ensure this field has no more than 100 characters."],
      role: ['"boss" is not a valid choice.', '"" is not a valid choice.'],
      department: ["Ensure each department has no more than 100 characters."],
      inactive_for: ["Ensure this value is greater than or equal to 1."],
      ordering: ['"name" is not a valid choice.'],
      page_size: ["Ensure this value is greater than or equal to 1."],
    });
    expect(errorsOf("search=%20%20")).toEqual({ search: ["This field may not be blank."] });
    // PostgreSQL text holds no NUL: refused here rather than failing the statement (a 500).
    expect(errorsOf("search=a%00b&department=Sales&department=%00")).toEqual({
      search: ["Null characters are not allowed."],
      department: ["Null characters are not allowed."],
    });
    expect(errorsOf("inactive_for=3651")).toEqual({
      inactive_for: ["Ensure this value is less than or equal to 3650."],
    });
    expect(errorsOf("inactive_for=7d")).toEqual({ inactive_for: ["A valid integer is required."] });
    expect(errorsOf("search=a&search=b")).toEqual({ search: ["Provide this parameter only once."] });
    const many = Array.from({ length: 21 }, (_, i) => `department=d${i}`).join("&");
    expect(errorsOf(many)).toEqual({ department: ["Ensure there are no more than 20 departments."] });
  });

  it("inactive_for beside a date is a 400 naming both", () => {
    expect(errorsOf("inactive_for=7&date_from=2025-07-01")).toEqual({
      inactive_for: ["Cannot be combined with date_from or date_to."],
      date_from: ["Cannot be combined with inactive_for."],
    });
    expect(errorsOf("inactive_for=7&date_from=2025-07-01&date_to=2025-07-02&page=0")).toEqual({
      page: ["Ensure this value is greater than or equal to 1."],
      inactive_for: ["Cannot be combined with date_from or date_to."],
      date_from: ["Cannot be combined with inactive_for."],
      date_to: ["Cannot be combined with inactive_for."],
    });
  });

  it("accepts the four new orderings", () => {
    for (const ordering of [
      "sessions_this_month",
      "-sessions_this_month",
      "avg_session_duration",
      "-avg_session_duration",
    ])
      expect(parse(`ordering=${ordering}`).ordering).toBe(ordering);
  });

  it("the summary takes the same filters; the member detail only the window", () => {
    const params = new URLSearchParams("role=viewer&search=ann&inactive_for=30");
    expect(parseSummaryQuery(params, now)).toMatchObject({
      roles: ["viewer"],
      search: ["ann"],
      inactiveBefore: "2025-06-14",
    });
    expect(parseMemberDetailQuery(new URLSearchParams("date_from=2025-07-01&role=boss"), now)).toEqual({
      dateFrom: "2025-07-01",
      dateTo: "2025-07-13",
      ...UTC_DAYS,
    });
  });
});

describe("time zones and comparisons", () => {
  // 2025-07-13T15:30Z is still the 13th in New York, already the 14th in Kiritimati (+14).
  const inZone = (q: string, timezone: string) =>
    parseUserMetricsQuery(new URLSearchParams(q), now, { timezone });

  it("counts today and the default window in the company's zone", () => {
    expect(inZone("", "Pacific/Kiritimati")).toMatchObject({
      dateFrom: "2025-06-14",
      dateTo: "2025-07-14",
      today: "2025-07-14",
      timezone: "Pacific/Kiritimati",
      companyTimezone: "Pacific/Kiritimati",
    });
    expect(inZone("inactive_for=1", "Pacific/Kiritimati").inactiveBefore).toBe("2025-07-14");
  });

  it("takes the request's zone over the company's, in its canonical spelling", () => {
    expect(inZone("timezone=US/Eastern", "Pacific/Kiritimati")).toMatchObject({
      today: "2025-07-13",
      timezone: "America/New_York",
      companyTimezone: "Pacific/Kiritimati",
    });
    expect(parse("timezone=utc").timezone).toBe("UTC");
  });

  it("refuses what is not an IANA zone name", () => {
    for (const zone of [
      "Mars/Olympus",
      "+05:00",
      "UTC+3",
      "EST5EDT",
      " UTC",
      "America/New_York\u0000",
      "x".repeat(65),
    ])
      expect(errorsOf(`timezone=${encodeURIComponent(zone)}`), zone).toEqual({
        timezone: ["Enter a valid IANA time zone (for example Europe/Berlin)."],
      });
    // Empty is absent, as for every single-valued parameter.
    expect(parse("timezone=").timezone).toBe("UTC");
  });

  it("compares with the previous period of the same length, or the same dates a year before", () => {
    const summary = (q: string) => parseSummaryQuery(new URLSearchParams(q), now);
    expect(summary("date_from=2025-07-01&date_to=2025-07-10&compare=previous_period")).toMatchObject({
      compare: "previous_period",
      comparison: { dateFrom: "2025-06-21", dateTo: "2025-06-30" },
    });
    expect(summary("date_from=2024-02-29&date_to=2024-03-31&compare=previous_year").comparison).toEqual({
      dateFrom: "2023-02-28",
      dateTo: "2023-03-31",
    });
    expect(summary("").compare).toBeNull();
  });

  it("reports a bad compare, zone and window together", () => {
    try {
      parseSummaryQuery(new URLSearchParams("compare=last_week&timezone=Nowhere&date_from=2025-08-01"), now);
      throw new Error("expected a validation error");
    } catch (e) {
      expect((e as ApiError).extra.errors).toEqual({
        compare: ['"last_week" is not a valid choice.'],
        timezone: ["Enter a valid IANA time zone (for example Europe/Berlin)."],
        date_from: ["Ensure date_from is on or before date_to."],
      });
    }
  });

  it("retention: weeks from Monday or months, the latest cohorts, every bad value reported", () => {
    expect(parseRetentionQuery(new URLSearchParams(""), now)).toMatchObject({
      period: "week",
      periods: 8,
      today: "2025-07-13",
      // 2025-07-13 is a Sunday: its week began on Monday the 7th; eight weeks back from there.
      firstCohort: "2025-05-19",
    });
    expect(parseRetentionQuery(new URLSearchParams("period=month&periods=24"), now).firstCohort).toBe(
      "2023-08-01",
    );
    try {
      parseRetentionQuery(new URLSearchParams("period=day&periods=25&timezone=Moon/Base&role=boss"), now);
      throw new Error("expected a validation error");
    } catch (e) {
      expect((e as ApiError).extra.errors).toEqual({
        period: ['"day" is not a valid choice.'],
        periods: ["Ensure this value is less than or equal to 24."],
        timezone: ["Enter a valid IANA time zone (for example Europe/Berlin)."],
        role: ['"boss" is not a valid choice.'],
      });
    }
  });
});
