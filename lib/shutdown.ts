/**
 * What the process closes when it stops (pools of the database, the replica): the production
 * server (server.mjs) runs these after its last in-flight request has been answered. On globalThis
 * under a registered symbol, so the server, which loads no app module, finds the same registry.
 */
const REGISTRY = Symbol.for("user-metrics.shutdown");

type Closers = Map<string, () => Promise<void>>;

export function onShutdown(name: string, close: () => Promise<void>): void {
  const holder = globalThis as unknown as Record<symbol, Closers | undefined>;
  (holder[REGISTRY] ??= new Map()).set(name, close);
}
