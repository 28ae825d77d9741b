/**
 * How long, in ms, until `check` holds (polled every 20 ms), or Infinity when it still does not
 * after `ms`. For what the product promises within a bound rather than at once: an access change
 * written elsewhere reaches every instance's access cache by a notification, within milliseconds.
 */
export async function within(ms: number, check: () => Promise<boolean>) {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > ms) return Infinity;
    await new Promise((r) => setTimeout(r, 20));
  }
  return Date.now() - started;
}
