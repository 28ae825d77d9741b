import { createHash, timingSafeEqual } from "node:crypto";

/**
 * Whether a secret a request presented equals the configured one, in time that depends on neither
 * (digests first, so not even the length is compared directly).
 */
export function sameSecret(given: string, expected: string): boolean {
  const digest = (s: string) => createHash("sha256").update(s).digest();
  return timingSafeEqual(digest(given), digest(expected));
}
