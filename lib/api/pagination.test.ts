import { describe, expect, it } from "vitest";
import { pageLinks } from "./pagination";

const req = (url: string, headers: Record<string, string> = {}) => new Request(url, { headers });

describe("pageLinks", () => {
  it("keeps every other parameter and moves only page", () => {
    const r = req("http://localhost:3000/api/v2/companies/x/user-metrics/?status=active&page=2&page_size=10");
    expect(pageLinks(r, 2, 10, 35)).toEqual({
      next: "http://localhost:3000/api/v2/companies/x/user-metrics/?status=active&page_size=10&page=3",
      previous: "http://localhost:3000/api/v2/companies/x/user-metrics/?status=active&page_size=10",
    });
  });

  it("has no next on the last page and no previous on the first", () => {
    const r = req("http://h/api/?page_size=10");
    expect(pageLinks(r, 1, 10, 10)).toEqual({ next: null, previous: null });
    expect(pageLinks(r, 1, 10, 11).next).toBe("http://h/api/?page_size=10&page=2");
  });

  it("builds links on the request's origin (lib/request.test.ts covers forwarded headers)", () => {
    const bad = req("http://internal:3000/api/", {
      "x-forwarded-host": "evil.com/<script>",
      host: "internal:3000",
    });
    expect(pageLinks(bad, 1, 1, 3).next).toBe("http://internal:3000/api/?page=2");
  });
});
