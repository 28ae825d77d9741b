import { describe, expect, it } from "vitest";
import { LagClock, lsnKey, parseLsn } from "./replica";

describe("write positions", () => {
  it("parse PostgreSQL's text form and compare as fixed-width strings", () => {
    expect(parseLsn("0/3001178")).toBe(0x3001178n);
    expect(parseLsn("16/B374D848")).toBe((0x16n << 32n) | 0xb374d848n);
    const positions = ["0/FFFFFFFF", "1/0", "0/3001178", "A/1", "9/FFFFFFFF"].map(parseLsn);
    const byString = [...positions].sort((a, b) => (lsnKey(a) < lsnKey(b) ? -1 : 1));
    expect(byString).toEqual([...positions].sort((a, b) => (a < b ? -1 : 1)));
  });
});

describe("a replica's lag", () => {
  it("is zero when the replica has what the primary had last, else the age of the oldest write it lacks", () => {
    const clock = new LagClock(10_000);
    clock.primaryAt(100n, 1000);
    expect(clock.lagMs(100n, 1000)).toBe(0);
    clock.primaryAt(200n, 2000);
    clock.primaryAt(200n, 3000); // no new write: the sample of 2000 still stands
    clock.primaryAt(300n, 4000);
    expect(clock.lagMs(100n, 5000)).toBe(3000); // lacks the write seen at 2000
    expect(clock.lagMs(250n, 5000)).toBe(1000); // has that one, lacks the one seen at 4000
    expect(clock.lagMs(300n, 5000)).toBe(0);
  });

  it("keeps samples for a bounded time, so a long-stalled replica reads as at least that far behind", () => {
    const clock = new LagClock(5000);
    for (let t = 0; t <= 60_000; t += 1000) clock.primaryAt(BigInt(t + 1), t);
    expect(clock.lagMs(0n, 60_000)).toBe(5000);
  });
});
