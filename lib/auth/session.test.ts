import { describe, expect, it } from "vitest";
import { safeCallbackUrl } from "./callback-url";

describe("safeCallbackUrl (no open redirect after sign-in)", () => {
  it.each([
    ["/companies/x/user-metrics?status=active", "/companies/x/user-metrics?status=active"],
    ["/a#b", "/a#b"],
    ["//evil.example", "/companies"],
    ["/\\evil.example", "/companies"],
    ["/\t/evil.example", "/companies"],
    ["/\n/evil.example", "/companies"],
    ["https://evil.example/", "/companies"],
    ["javascript:alert(1)", "/companies"],
    ["/.//evil.example/", "/companies"],
    ["/..//evil.example/", "/companies"],
    ["/%2e//evil.example/", "/companies"],
    ["/%2E%2E//evil.example/", "/companies"],
    ["/a/..//evil.example/", "/companies"],
    ["/./%2e/..//evil.example", "/companies"],
    ["/companies/./x/../y?a=1", "/companies/y?a=1"],
    ["", "/companies"],
    [undefined, "/companies"],
  ])("%j → %j", (input, expected) => {
    expect(safeCallbackUrl(input)).toBe(expected);
  });
});
