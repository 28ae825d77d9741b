import { hash as argon2Hash, verify as argon2Verify } from "@node-rs/argon2";
import bcrypt from "bcryptjs";

/**
 * Passwords are hashed with argon2id (@node-rs/argon2: native, on libuv's thread pool, so a sign-in
 * never stalls the event loop that serves every other tenant). Its defaults are OWASP's
 * (19 MiB, 2 passes, 1 lane): about 70 ms per hash here.
 */
export function hashPassword(password: string): Promise<string> {
  return argon2Hash(password);
}

/** Hashes of an earlier release (bcrypt): still verified, and replaced on the next sign-in. */
const isLegacy = (hash: string) => /^\$2[aby]\$/.test(hash);

export const needsRehash = (hash: string) => !hash.startsWith("$argon2id$");

/** A real hash of a random string, compared when the account does not exist so timing does not tell. */
let dummy: Promise<string> | null = null;
const dummyHash = () => (dummy ??= argon2Hash(`no-such-account-${Math.random()}`));

export async function verifyPassword(password: string, hash: string | null): Promise<boolean> {
  if (hash !== null && isLegacy(hash)) return bcrypt.compare(password, hash);
  try {
    const ok = await argon2Verify(hash ?? (await dummyHash()), password);
    return ok && hash !== null;
  } catch {
    return false; // not a hash this release understands
  }
}
