import bcrypt from "bcryptjs";

/** bcrypt cost: about 60–100 ms per hash in pure JS on this machine, slow enough against offline guessing. */
export const PASSWORD_HASH_ROUNDS = 10;

export function hashPassword(password: string): Promise<string> {
  return bcrypt.hash(password, PASSWORD_HASH_ROUNDS);
}

/** A real hash of a random string, compared when the account does not exist so timing does not tell. */
const DUMMY_HASH = bcrypt.hashSync("no-such-account-" + Math.random(), PASSWORD_HASH_ROUNDS);

export async function verifyPassword(password: string, hash: string | null): Promise<boolean> {
  const ok = await bcrypt.compare(password, hash ?? DUMMY_HASH);
  return ok && hash !== null;
}
