import { describe, expect, it } from "vitest";
import { ApiError } from "@/lib/api/errors";
import { OneAtATime } from "./one-at-a-time";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A task that records when it runs and finishes after `ms`. */
function task(log: string[], name: string, ms: number, fail = false) {
  return async () => {
    log.push(`${name} start`);
    await sleep(ms);
    log.push(`${name} end`);
    if (fail) throw new Error(`${name} failed`);
    return name;
  };
}

describe("OneAtATime", () => {
  it("runs one company's work one at a time, in arrival order, and other companies' beside it", async () => {
    const q = new OneAtATime(1_000);
    const log: string[] = [];
    const results = await Promise.all([
      q.run("a", task(log, "a1", 30)),
      q.run("a", task(log, "a2", 10)),
      q.run("b", task(log, "b1", 10)),
      q.run("a", task(log, "a3", 10)),
    ]);
    expect(results).toEqual(["a1", "a2", "b1", "a3"]);
    const a = log.filter((l) => l.startsWith("a"));
    expect(a).toEqual(["a1 start", "a1 end", "a2 start", "a2 end", "a3 start", "a3 end"]);
    // b did not wait for a.
    expect(log.indexOf("b1 end")).toBeLessThan(log.indexOf("a1 end"));
    expect(q.size).toBe(0);
  });

  it("a failed task does not stop the next one", async () => {
    const q = new OneAtATime(1_000);
    const log: string[] = [];
    const first = q.run("a", task(log, "a1", 10, true));
    const second = q.run("a", task(log, "a2", 10));
    await expect(first).rejects.toThrow("a1 failed");
    await expect(second).resolves.toBe("a2");
    expect(q.size).toBe(0);
  });

  it("drops a request whose client left while it waited", async () => {
    const q = new OneAtATime(1_000);
    const log: string[] = [];
    const left = new AbortController();
    const slow = q.run("a", task(log, "slow", 30));
    const dropped = q.run("a", task(log, "dropped", 1), left.signal);
    left.abort();
    await slow;
    await expect(dropped).rejects.toBeInstanceOf(ApiError);
    expect(log).not.toContain("dropped start");
  });

  it("refuses with 503 and Retry-After what waited too long, and the queue goes on", async () => {
    const q = new OneAtATime(20);
    const log: string[] = [];
    const slow = q.run("a", task(log, "slow", 80));
    const refused = q.run("a", task(log, "late", 1));
    const error = await refused.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).code).toBe("service_unavailable");
    expect((error as ApiError).headers).toMatchObject({ "Retry-After": "5" });
    expect(log).not.toContain("late start");
    // The refused request holds nothing: once the slow one is done, the next runs at once.
    await slow;
    await expect(q.run("a", task(log, "next", 1))).resolves.toBe("next");
    expect(q.size).toBe(0);
  });
});
