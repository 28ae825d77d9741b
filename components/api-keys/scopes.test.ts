import { describe, expect, it } from "vitest";
import { API_KEY_SCOPES } from "@/lib/contracts/api-keys";
import { EXPIRY_CHOICES, expiryDays, maskedKey, SCOPE_DESCRIPTIONS, scopeRefusal } from "./scopes";

describe("API key form helpers", () => {
  it("describes every scope of the contract", () => {
    expect(Object.keys(SCOPE_DESCRIPTIONS).sort()).toEqual([...API_KEY_SCOPES].sort());
  });

  it("maps the expiry choices to the body's expires_in_days", () => {
    expect(EXPIRY_CHOICES.map((c) => expiryDays(c.value))).toEqual([null, 30, 90, 365]);
  });

  it("shows a key by its prefix only, and says why a scope is out of reach", () => {
    expect(maskedKey("Ab12Cd34")).toBe("um_Ab12Cd34…");
    expect(scopeRefusal("member")).toBe(
      "Your role (member) does not have this permission, so it cannot grant it to a key.",
    );
  });
});
