import { describe, expect, it } from "vitest";
import { ApiError } from "@/lib/api/errors";
import { parseUserMetricsQuery } from "./user-metrics";

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
      dateFrom: "2025-06-13",
      dateTo: "2025-07-13",
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
      dateFrom: "2025-06-01",
      dateTo: "2025-07-01",
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
