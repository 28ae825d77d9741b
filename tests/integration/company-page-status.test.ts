import { beforeAll, describe, expect, it } from "vitest";
import { ACME, baseUrl } from "../helpers/api";
import { browserSignIn } from "../helpers/browser";

// A removed company (soft-deleted): its pages must answer like one that never existed.
const INITECH = "8d4e2a17-5c3b-4f9e-a1d6-2b7c9e0f4a53";
const UNKNOWN = "0b9c1f4e-7a2d-4c6b-9e8f-3d5a7c1b2e60";
const PAGES = ["user-metrics", "reports/activity"];

const get = (path: string, headers: Record<string, string> = {}) =>
  fetch(`${baseUrl()}${path}`, { headers, redirect: "manual" });

/** With loading.tsx beside the pages, these checks must still run before the 200 is sent. */
describe("company pages answer with real status codes", () => {
  let cookie: string;
  beforeAll(async () => {
    const session = await browserSignIn("jane.smith@acme.test", "demo-password");
    expect(session.cookie).not.toBeNull();
    cookie = session.cookie!;
  });

  for (const page of PAGES) {
    const path = (company: string) => `/companies/${company}/${page}/`;

    it(`${page}: signed out is an HTTP 307 to sign-in that returns to the path and query`, async () => {
      const res = await get(`${path(ACME)}?status=active`);
      expect(res.status).toBe(307);
      // As requireUser has always written it: the page path as the app's links spell it.
      expect(res.headers.get("location")).toBe(
        `/sign-in?callbackUrl=%2Fcompanies%2F${ACME}%2F${page.replace("/", "%2F")}%3Fstatus%3Dactive`,
      );
    });

    it(`${page}: a client's own x-return-to does not change where sign-in returns`, async () => {
      const target = `${path(ACME)}?status=active`;
      const location = `/sign-in?callbackUrl=${encodeURIComponent(target.replace("/?", "?"))}`;
      for (const value of ["//evil.example", "https://evil.example/", "/companies/"]) {
        // A prefetch too: the proxy replaces the header there, though it adds no policy.
        for (const extra of [{}, { Purpose: "prefetch" }] as Record<string, string>[]) {
          const res = await get(target, { "x-return-to": value, ...extra });
          expect(res.status, value).toBe(307);
          expect(res.headers.get("location"), value).toBe(location);
        }
      }
    });

    it(`${page}: signed in, an unknown, malformed or removed company is a 404`, async () => {
      for (const company of [UNKNOWN, "not-a-uuid", INITECH]) {
        const res = await get(path(company), { Cookie: cookie });
        expect(res.status, company).toBe(404);
        // The browser renders the not-found UI from the flight data (e2e checks it); the HTML
        // carries the tag that keeps the URL out of search results.
        const html = await res.text();
        expect(html, company).toMatch(/<meta name="robots" content="noindex"/);
      }
    });

    it(`${page}: signed in, a company of theirs is a 200 with the page`, async () => {
      const res = await get(`${path(ACME)}?status=active`, { Cookie: cookie });
      expect(res.status).toBe(200);
      const html = await res.text();
      expect(html).toContain('<span class="company-chip" title="Company">Acme Corp</span>');
      expect(html).not.toContain('<h1 id="nf-title">');
    });
  }
});
