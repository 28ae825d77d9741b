import { describe, expect, it } from "vitest";
import { createApiKeySchema } from "./api-keys";
import { CREATE_API_KEY_FIELDS } from "./api-keys-constants";
import { UPDATE_COMPANY_FIELDS } from "./companies-constants";
import { updateCompanySchema } from "./companies";
import { readDay } from "./fields";
import {
  exportParamsSchema,
  memberDetailParamsSchema,
  retentionParamsSchema,
  summaryParamsSchema,
  userMetricsQuerySchema,
} from "./user-metrics";
import {
  DETAIL_PARAMS,
  EXPORT_PARAMS,
  LIST_PARAMS,
  RETENTION_PARAMS,
  SUMMARY_PARAMS,
} from "./user-metrics-constants";
import { LIST_FIELDS } from "./user-metrics-fields";

/**
 * The browser reads the contract without its schemas (no zod in the pages): these names and
 * readers must say exactly what the schemas say, or a page would send what the API refuses.
 */
describe("the contract as the browser has it", () => {
  it("names each endpoint's parameters and each body's fields as the schemas do", () => {
    const keys = (schema: { shape: object }) => Object.keys(schema.shape).sort();
    expect([...LIST_PARAMS].sort()).toEqual(keys(userMetricsQuerySchema));
    expect([...SUMMARY_PARAMS].sort()).toEqual(keys(summaryParamsSchema));
    expect([...EXPORT_PARAMS].sort()).toEqual(keys(exportParamsSchema));
    expect([...DETAIL_PARAMS].sort()).toEqual(keys(memberDetailParamsSchema));
    expect([...RETENTION_PARAMS].sort()).toEqual(keys(retentionParamsSchema));
    expect([...CREATE_API_KEY_FIELDS].sort()).toEqual(keys(createApiKeySchema));
    expect([...UPDATE_COMPANY_FIELDS].sort()).toEqual(keys(updateCompanySchema));
  });

  const CORPUS = [
    ...["", " ", "0", "1", "2", "+3", "-1", "007", "1.5", "1e3", "20", "99", "100", "101", "3650", "3651"],
    ...["99999999999999999999", "abc", "NaN", "Infinity", "all", "active", "inactive", "pending", "ACTIVE"],
    ...["last_active", "-last_active", "total_sessions", "-total_sessions", "name", "-name", "email"],
    ...["2026-02-28", "2026-02-29", "2024-02-29", "2026-13-01", "1899-12-31", "1900-01-01", "9998-12-31"],
    ...["9999-01-01", "2026-1-01", " 2026-01-01", "2026-01-01T00:00", "ann", " ann ", "a\u0000b", "é"],
    "x".repeat(100),
    "x".repeat(101),
  ];

  it("reads every single-valued list field as the schema parses it", () => {
    for (const [field, read] of Object.entries(LIST_FIELDS)) {
      const schema = userMetricsQuerySchema.shape[field as keyof typeof LIST_FIELDS];
      for (const value of CORPUS) {
        const parsed = schema.safeParse(value);
        expect(read(value), `${field}=${JSON.stringify(value)}`).toEqual(
          parsed.success ? parsed.data : undefined,
        );
      }
    }
  });

  it("reads a member's dates as the detail's schema does", () => {
    for (const value of CORPUS) {
      const parsed = memberDetailParamsSchema.shape.date_from.safeParse(value);
      expect(readDay(value), JSON.stringify(value)).toEqual(parsed.success ? parsed.data : undefined);
    }
  });
});
