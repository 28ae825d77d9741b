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

  it("stops a producer whose reader stops asking within the idle deadline, and errors the stream", async () => {
    let released = false;
    const { stream, done } = backpressuredStream(
      async (push) => {
        try {
          for (;;) await push("x");
        } finally {
          released = true; // where the export's transaction is rolled back
        }
      },
      { idleMs: 50 },
    );
    const reader = stream.getReader();
    await reader.read();
    const started = Date.now();
    expect(await done).toEqual({ ok: false, cancelled: true, reason: "idle" });
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(released).toBe(true);
    await expect(reader.read()).rejects.toThrow(/idle/);
  });

  it("keeps a slow producer going: the deadline only runs while it waits on the reader", async () => {
    const { stream, done } = backpressuredStream(
      async (push) => {
        await push("a");
        await new Promise((r) => setTimeout(r, 120)); // a slow query, longer than the deadline
        await push("b");
      },
      { idleMs: 60 },
    );
    expect(await new Response(stream).text()).toBe("ab");
    expect(await done).toEqual({ ok: true });
  });

  it("settles when the body is never read, without ever starting the producer", async () => {
    let ran = false;
    const { done } = backpressuredStream(
      async () => {
        ran = true;
      },
      { idleMs: 30 },
    );
    expect(await done).toEqual({ ok: false, cancelled: true, reason: "idle" });
    expect(ran).toBe(false);
  });

  it("stops when the client goes away, before or during the body", async () => {
    const before = new AbortController();
    before.abort();
    const early = backpressuredStream(async () => {}, { signal: before.signal, idleMs: 10_000 });
    expect(await early.done).toEqual({ ok: false, cancelled: true, reason: "aborted" });

    const during = new AbortController();
    const late = backpressuredStream(
      async (push) => {
        for (;;) await push("x");
      },
      { signal: during.signal, idleMs: 10_000 },
    );
    await late.stream.getReader().read();
    during.abort();
    expect(await late.done).toEqual({ ok: false, cancelled: true, reason: "aborted" });
  });
});
