import { SignJWT } from "jose";

/** A token in the product's one format (HS256, `sub` = user id), for the scripts that drive the server. */
export function signFor(secret: string, sub: string, expiresIn = "2h") {
  return new SignJWT({})
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setSubject(sub)
    .setIssuedAt()
    .setExpirationTime(expiresIn)
    .sign(new TextEncoder().encode(secret));
}
