import "server-only";
import { createHash, randomInt } from "node:crypto";

const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const SECRET_LENGTH = 40;

/** A new secret: `um_` and 40 base62 characters drawn uniformly (238 bits). */
export function generateApiKey(): string {
  let out = "um_";
  for (let i = 0; i < SECRET_LENGTH; i++) out += BASE62[randomInt(BASE62.length)];
  return out;
}

/** What is stored and looked up: the secret's SHA-256 (enough for 238 random bits). */
export const hashApiKey = (secret: string) => createHash("sha256").update(secret).digest("hex");

/** Shown in lists so a leaked key can be recognised. */
export const apiKeyPrefix = (secret: string) => secret.slice(3, 11);

export const looksLikeApiKey = (token: string) => token.startsWith("um_");
