import { ApiError } from "@/lib/api/errors";

/**
 * Work that reads a company's raw sessions (a summary with member filters or in another zone,
 * retention) costs seconds of a database core on a large company, where the rollups cost
 * milliseconds. One company's such requests run one at a time on each instance, so a burst of
 * them queues behind itself instead of taking every core from the other companies; one that has
 * waited `maxWaitMs` is refused with 503 and Retry-After. The queue lives in this process and is
 * bounded by the companies with work running (an entry goes when its last task ends).
 */
export class OneAtATime {
  private readonly tails = new Map<string, Promise<unknown>>();

  constructor(private readonly maxWaitMs: number) {}

  /** `signal`: the request's; one whose client left while it waited is dropped, not computed. */
  async run<T>(key: string, work: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    const before = this.tails.get(key);
    let release!: () => void;
    const mine = new Promise<void>((resolve) => (release = resolve));
    const tail = before ? before.then(() => mine) : mine;
    this.tails.set(key, tail);
    try {
      if (before) await waitFor(before, this.maxWaitMs);
      if (signal?.aborted) throw gone();
      return await work();
    } finally {
      release();
      if (this.tails.get(key) === tail) this.tails.delete(key);
    }
  }

  /** Companies with work running or queued (for tests). */
  get size() {
    return this.tails.size;
  }
}

const busy = () =>
  new ApiError(
    "service_unavailable",
    "This company's figures are being computed from raw sessions for another request. Try again shortly.",
    {},
    { "Retry-After": "5" },
  );

/** Nobody is left to answer: what the wrapper logs and audits for a request whose client left. */
const gone = () =>
  new ApiError("service_unavailable", "The client left before its turn came.", {}, { "Retry-After": "5" });

async function waitFor(previous: Promise<unknown>, ms: number) {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(busy()), ms)));
  try {
    await Promise.race([previous.catch(() => undefined), late]);
  } finally {
    clearTimeout(timer);
  }
}

/** The instance's queue for raw-session work: a request waits at most 20 s for the one before. */
export const rawSessionWork = new OneAtATime(20_000);
