import { describe, expect, it } from "vitest";
import { can } from "./policy";

describe("role policy", () => {
  it("lets active owners, admins and members read; refuses viewers and inactive or pending members", () => {
    for (const role of ["owner", "admin", "member"] as const)
      expect(can({ role, status: "active" }, "metrics:read")).toBe(true);
    expect(can({ role: "viewer", status: "active" }, "metrics:read")).toBe(false);
    expect(can({ role: "owner", status: "pending" }, "metrics:read")).toBe(false);
    expect(can({ role: "admin", status: "inactive" }, "metrics:read")).toBe(false);
    expect(can(null, "metrics:read")).toBe(false);
  });

  it("keeps refresh and ingestion to owners and admins", () => {
    for (const permission of ["metrics:refresh", "sessions:write"] as const) {
      expect(can({ role: "owner", status: "active" }, permission)).toBe(true);
      expect(can({ role: "admin", status: "active" }, permission)).toBe(true);
      expect(can({ role: "member", status: "active" }, permission)).toBe(false);
    }
  });
});
