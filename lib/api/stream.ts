/**
 * A byte stream fed by a producer that respects backpressure: each `push` waits until the reader
 * asks for more, so a slow client holds the producer back instead of letting memory grow. Nothing
 * is produced before the first read (after the response has left the handler). `done` settles when
 * the producer finishes, fails, or stops because the client went away.
 */
export function backpressuredStream(produce: (push: (chunk: string) => Promise<void>) => Promise<void>) {
  const encoder = new TextEncoder();
  let wake: (() => void) | null = null;
  let demand = false;
  let started = false;
  let cancelled = false;
  let settle: (outcome: StreamOutcome) => void = () => {};
  const done = new Promise<StreamOutcome>((r) => (settle = r));
  const rouse = () => {
    const w = wake;
    wake = null;
    w?.();
  };

  const stream = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        demand = true;
        rouse();
        if (started) return;
        started = true;
        const push = async (chunk: string) => {
          while (!demand && !cancelled) await new Promise<void>((r) => (wake = r));
          if (cancelled) throw new StreamCancelled();
          demand = false;
          controller.enqueue(encoder.encode(chunk));
        };
        produce(push).then(
          () => {
            controller.close();
            settle({ ok: true });
          },
          (error) => {
            if (error instanceof StreamCancelled) return settle({ ok: false, cancelled: true });
            controller.error(error);
            settle({ ok: false, error });
          },
        );
      },
      cancel() {
        cancelled = true;
        rouse();
        if (!started) settle({ ok: false, cancelled: true });
      },
    },
    { highWaterMark: 0 },
  );
  return { stream, done };
}

export type StreamOutcome = { ok: boolean; error?: unknown; cancelled?: boolean };

class StreamCancelled extends Error {}
