/** `work`, or a rejection once `ms` have passed without it settling (the timer is always cleared). */
export function withDeadline<T>(work: Promise<T>, ms: number, what = "work"): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms);
    work.then(resolve, reject).finally(() => clearTimeout(timer));
  });
}
