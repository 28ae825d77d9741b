/**
 * Progress of a long step on stderr (stdout stays the result): at most a line every `everyMs`,
 * with the count, the percentage of `total` and the time so far, and one at the end.
 */
export function progress(label: string, total: number, everyMs = 3000) {
  const started = performance.now();
  let last = started;
  let reported = -1;
  const line = (done: number) => {
    reported = done;
    const pct = total > 0 ? ` (${Math.floor((done / total) * 100)} %)` : "";
    const seconds = ((performance.now() - started) / 1000).toFixed(0);
    process.stderr.write(
      `${label}: ${done.toLocaleString("en")} / ${total.toLocaleString("en")}${pct}, ${seconds} s\n`,
    );
  };
  return {
    /** Reports `done` if the last line is older than `everyMs`. */
    update(done: number) {
      const now = performance.now();
      if (now - last < everyMs) return;
      last = now;
      line(done);
    },
    /** Reports `done` unless that very line was just printed. */
    finish(done = total) {
      if (done !== reported) line(done);
    },
  };
}

/** For one long awaited call with no count of its own: a "still running" line every `everyMs`. */
export async function heartbeat<T>(label: string, work: Promise<T>, everyMs = 5000): Promise<T> {
  const started = performance.now();
  const timer = setInterval(() => {
    const seconds = ((performance.now() - started) / 1000).toFixed(0);
    process.stderr.write(`${label}: still running, ${seconds} s\n`);
  }, everyMs);
  try {
    return await work;
  } finally {
    clearInterval(timer);
  }
}
