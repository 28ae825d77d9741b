import { describe, expect, it } from "vitest";
import { csvCell, csvRow } from "@/lib/csv";
import { toUserMetric, USER_METRIC_FIELDS, userMetricCsv } from "./serialize";

describe("userMetricCsv", () => {
  it("writes exactly what the generic CSV writer writes, field for field, hostile text included", () => {
    const texts = [
      "Ada",
      '=HYPERLINK("x")',
      "+1",
      "-2",
      "@sum",
      "a,b",
      'say "hi"',
      "line\nbreak",
      "tab\tin",
      "ünïcödé",
      " =1+1",
      "\t@x",
      "\nx",
      "\uFF1D1",
      " \uFF20x",
      "",
    ];
    for (const [i, text] of texts.entries()) {
      const metric = toUserMetric({
        userId: "a1b2c3d4-e5f6-7890-abcd-ef1234567890",
        email: `${text}@example.com`,
        firstName: text,
        lastName: texts[(i + 1) % texts.length]!,
        lastActive: new Date(Date.UTC(2026, 10, 25, 14, 30, 7)),
        totalSessions: 42 + i,
        sessionsThisMonth: i,
        avgSessionSeconds: 3725 + i,
        status: "active",
        role: "member",
        department: i % 3 === 0 ? null : text,
        createdAt: new Date(Date.UTC(2024, 0, 15, 9)),
        lastLogin: new Date(Date.UTC(2026, 10, 25, 14)),
      });
      const line = userMetricCsv(metric);
      expect(line).toBe(csvRow(USER_METRIC_FIELDS.map((f) => metric[f])));
      // Every free-text field is neutralised, not only the ones a test happens to fill.
      for (const field of ["first_name", "last_name", "department"] as const) {
        const value = metric[field];
        if (value && /^(\s*[=+\-@\uFF1D\uFF0B\uFF0D\uFF20]|\n)/.test(value)) {
          expect(csvCell(value)).toMatch(/^"?'/);
          expect(line).toContain(`,${csvCell(value)},`);
        }
      }
    }
  });
});
