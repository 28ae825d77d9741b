import { describe, expect, it } from "vitest";
import { requestOrigin } from "./request";

const req = (headers: Record<string, string>) => new Request("http://internal:3000/api/", { headers });
const forwarded = { "x-forwarded-proto": "https", "x-forwarded-host": "metrics.example.com, proxy" };

describe("requestOrigin", () => {
  it("honours X-Forwarded-Proto and -Host from a trusted proxy hop", () => {
    expect(requestOrigin(req(forwarded), 1)).toBe("https://metrics.example.com");
  });

  it("ignores them when no proxy is trusted (TRUST_PROXY_HOPS=0): a client cannot choose the origin", () => {
    expect(requestOrigin(req(forwarded), 0)).toBe("http://internal:3000");
    expect(requestOrigin(req({ ...forwarded, host: "app.example.org" }), 0)).toBe("http://app.example.org");
  });

  it("ignores a forwarded host that is not a host", () => {
    expect(requestOrigin(req({ "x-forwarded-host": "evil.com/<script>", host: "internal:3000" }), 1)).toBe(
      "http://internal:3000",
    );
  });
});
