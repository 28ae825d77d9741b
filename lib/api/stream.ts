/**
 * A byte stream fed by a producer that respects backpressure: each `push` waits until the reader
 * asks for more, so a slow client holds the producer back instead of letting memory grow. Nothing
 * is produced before the first read (after the response has left the handler). `done` settles when
 * the producer finishes, fails, or stops because the client went away.
 *
 * A producer can hold scarce things while it waits (a snapshot transaction, a pool connection),
 * so it is also stopped when the reader has not asked for the next chunk within `idleMs` (a
 * stalled client, or a body nobody ever reads) and when `signal` aborts (the client disconnected,
 * possibly before the body was ever piped). The stream is then errored and `done` settles.
 */
export function backpressuredStream(
  produce: (push: (chunk: string) => Promise<void>) => Promise<void>,
  { idleMs, signal }: { idleMs?: number; signal?: AbortSignal } = {},
) {
  const encoder = new TextEncoder();
  let wake: (() => void) | null = null;
  let demand = false;
  let started = false;
  let cancelled = false;
  let settled = false;
  let stopReason: StreamOutcome["reason"];
  let controllerRef: ReadableStreamDefaultController<Uint8Array> | null = null;
  let idleTimer: ReturnType<typeof setTimeout> | null = null;
  let settleDone: (outcome: StreamOutcome) => void = () => {};
  const done = new Promise<StreamOutcome>((r) => (settleDone = r));
  const settle = (outcome: StreamOutcome) => {
    if (settled) return;
    settled = true;
    clearIdle();
    signal?.removeEventListener("abort", onAbort);
    settleDone(stopReason && !outcome.ok && !outcome.error ? { ...outcome, reason: stopReason } : outcome);
  };
  const rouse = () => {
    const w = wake;
    wake = null;
    w?.();
  };
  const clearIdle = () => {
    if (idleTimer) clearTimeout(idleTimer);
    idleTimer = null;
  };
  // Runs only while the producer waits on the reader, never while it waits on its own source.
  const armIdle = () => {
    clearIdle();
    if (idleMs === undefined || settled) return;
    idleTimer = setTimeout(() => stop("idle"), idleMs);
    idleTimer.unref?.();
  };
  const stop = (reason: NonNullable<StreamOutcome["reason"]>) => {
    if (settled || cancelled) return;
    cancelled = true;
    stopReason = reason;
    clearIdle();
    try {
      controllerRef?.error(new Error(reason === "idle" ? "export reader idle too long" : "client went away"));
    } catch {
      /* already closed */
    }
    rouse();
    if (!started) settle({ ok: false, cancelled: true });
  };
  const onAbort = () => stop("aborted");

  const stream = new ReadableStream<Uint8Array>(
    {
      start(controller) {
        controllerRef = controller;
      },
      pull(controller) {
        clearIdle();
        demand = true;
        rouse();
        if (started) return;
        started = true;
        const push = async (chunk: string) => {
          while (!demand && !cancelled) await new Promise<void>((r) => (wake = r));
          if (cancelled) throw new StreamCancelled();
          demand = false;
          controller.enqueue(encoder.encode(chunk));
          armIdle();
        };
        produce(push).then(
          () => {
            if (cancelled) return settle({ ok: false, cancelled: true });
            controller.close();
            settle({ ok: true });
          },
          (error) => {
            if (error instanceof StreamCancelled || cancelled) return settle({ ok: false, cancelled: true });
            controller.error(error);
            settle({ ok: false, error });
          },
        );
      },
      cancel() {
        cancelled = true;
        clearIdle();
        rouse();
        if (!started) settle({ ok: false, cancelled: true });
      },
    },
    { highWaterMark: 0 },
  );
  if (signal?.aborted) stop("aborted");
  else {
    signal?.addEventListener("abort", onAbort, { once: true });
    // A body that is never read at all is as stalled as one that stops being read.
    armIdle();
  }
  return { stream, done };
}

export type StreamOutcome = {
  ok: boolean;
  error?: unknown;
  cancelled?: boolean;
  /** Set when the stream stopped it itself: the client went away, or stopped reading. */
  reason?: "aborted" | "idle";
};

class StreamCancelled extends Error {}
