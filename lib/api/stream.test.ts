import { describe, expect, it } from "vitest";
import { backpressuredStream } from "./stream";

describe("backpressuredStream", () => {
  it("produces nothing before the first read, then one chunk per read", async () => {
    const log: string[] = [];
    const { stream, done } = backpressuredStream(async (push) => {
      for (let i = 0; i < 3; i++) {
        log.push(`push ${i}`);
        await push(`c${i};`);
      }
    });
    await new Promise((r) => setTimeout(r, 20));
    expect(log).toEqual([]);
    const reader = stream.getReader();
    const first = await reader.read();
    expect(new TextDecoder().decode(first.value)).toBe("c0;");
    await new Promise((r) => setTimeout(r, 20));
    expect(log).toEqual(["push 0", "push 1"]); // one chunk ahead at most: push 1 waits for demand
    const rest: string[] = [];
    for (;;) {
      const { value, done: end } = await reader.read();
      if (end) break;
      rest.push(new TextDecoder().decode(value));
    }
    expect(rest).toEqual(["c1;", "c2;"]);
    expect(await done).toEqual({ ok: true });
  });

  it("stops the producer when the reader cancels, and reports failures", async () => {
    let pushed = 0;
    const { stream, done } = backpressuredStream(async (push) => {
      for (;;) {
        await push("x");
        pushed++;
      }
    });
    const reader = stream.getReader();
    await reader.read();
    await reader.cancel();
    expect(await done).toEqual({ ok: false, cancelled: true });
    expect(pushed).toBeLessThanOrEqual(2);

    const failing = backpressuredStream(async () => {
      throw new Error("boom");
    });
    await expect(new Response(failing.stream).text()).rejects.toThrow();
    expect((await failing.done).ok).toBe(false);
  });
});
