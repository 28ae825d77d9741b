import bcrypt from "bcryptjs";
import { describe, expect, it } from "vitest";
import { hashPassword, needsRehash, verifyPassword } from "./password";

describe("password hashing", () => {
  it("hashes with argon2id and verifies", async () => {
    const hash = await hashPassword("demo-password");
    expect(hash).toMatch(/^\$argon2id\$/);
    expect(await verifyPassword("demo-password", hash)).toBe(true);
    expect(await verifyPassword("wrong", hash)).toBe(false);
    expect(needsRehash(hash)).toBe(false);
  });

  it("keeps verifying hashes of the earlier release (bcrypt), which are then due for an upgrade", async () => {
    const legacy = await bcrypt.hash("demo-password", 4);
    expect(await verifyPassword("demo-password", legacy)).toBe(true);
    expect(await verifyPassword("wrong", legacy)).toBe(false);
    expect(needsRehash(legacy)).toBe(true);
  });

  it("refuses a missing account or a malformed hash without throwing", async () => {
    expect(await verifyPassword("demo-password", null)).toBe(false);
    expect(await verifyPassword("demo-password", "not-a-hash")).toBe(false);
  });

  it("hashes off the event loop: timers keep firing while several hashes run", async () => {
    let ticks = 0;
    const timer = setInterval(() => ticks++, 5);
    const started = performance.now();
    await Promise.all(Array.from({ length: 4 }, (_, i) => hashPassword(`p${i}`)));
    const elapsed = performance.now() - started;
    clearInterval(timer);
    // A hash on the main thread would block the interval for the whole run (bcryptjs did).
    expect(ticks).toBeGreaterThanOrEqual(Math.floor(elapsed / 5 / 3));
  });
});
