import "server-only";
import { randomUUID } from "node:crypto";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { getDb } from "@/db/client";
import { ApiError } from "@/lib/api/errors";
import { env } from "@/lib/env";
import { clientAddress } from "@/lib/request";
import { signInWithPassword } from "./sign-in";
import { revokeSession } from "@/db/queries/sessions";
import {
  isSessionClaims,
  signSessionToken,
  verifyToken,
  type SessionClaims,
  type TokenClaims,
} from "./tokens";

// Without NEXTAUTH_URL, let next-auth take the origin from the request (X-Forwarded-Host), so the
// embedded default works on whatever port it is started; production should set NEXTAUTH_URL.
if (!process.env.NEXTAUTH_URL) process.env.AUTH_TRUST_HOST ??= "true";

/**
 * Browser sign-in. The session cookie holds the same HS256 JWT the token endpoint issues, so the
 * route handlers verify browsers and API consumers the same way (lib/auth/authenticate.ts).
 */
export const authOptions: NextAuthOptions = {
  secret: env.authSecret,
  session: { strategy: "jwt", maxAge: env.SESSION_MAX_AGE_SECONDS },
  jwt: {
    maxAge: env.SESSION_MAX_AGE_SECONDS,
    // Only browser-session tokens (with `sid` and `auth_time`) are sessions: an API access token
    // sent as the cookie is no session, so it can never be re-issued as a renewable cookie.
    encode: async ({ token }) => {
      const claims = { ...token, sub: token?.sub };
      return isSessionClaims(claims as TokenClaims)
        ? ((await signSessionToken(claims as SessionClaims)) ?? "")
        : "";
    },
    decode: async ({ token }) => {
      const claims = token ? await verifyToken(token) : null;
      const live =
        isSessionClaims(claims) && claims.auth_time + env.SESSION_MAX_AGE_SECONDS > Date.now() / 1000;
      return live ? claims : null;
    },
  },
  pages: { signIn: "/sign-in" },
  providers: [
    CredentialsProvider({
      name: "Email and password",
      credentials: {
        email: { label: "Email", type: "email" },
        password: { label: "Password", type: "password" },
      },
      async authorize(credentials, req) {
        const email = String(credentials?.email ?? "");
        const password = String(credentials?.password ?? "");
        if (!email || !password) return null;
        const headers = new Headers();
        for (const [k, v] of Object.entries(req?.headers ?? {})) if (typeof v === "string") headers.set(k, v);
        try {
          const user = await signInWithPassword(
            await getDb(),
            email,
            password,
            clientAddress(new Request("http://local/", { headers })),
          );
          return { id: user.id, email: user.email, name: user.name };
        } catch (error) {
          // Surface the limiter's message to the sign-in page; a wrong password stays a plain failure.
          if (
            error instanceof ApiError &&
            (error.code === "rate_limit_exceeded" || error.code === "service_unavailable")
          )
            throw new Error(error.detail);
          if (error instanceof ApiError) return null;
          throw error;
        }
      },
    }),
  ],
  callbacks: {
    // A sign-in starts a session: its own id (revocable) and the time its absolute lifetime counts from.
    jwt: ({ token, user }) =>
      user
        ? {
            sub: user.id,
            email: user.email,
            name: user.name,
            sid: randomUUID(),
            auth_time: Math.floor(Date.now() / 1000),
          }
        : token,
    session: ({ session, token }) => ({
      ...session,
      user: { ...session.user, id: token.sub },
      sid: token.sid,
    }),
  },
  events: {
    // Signing out ends the session on the server too: every instance refuses its token from now on.
    async signOut({ token }) {
      const claims = token as TokenClaims | null;
      if (!isSessionClaims(claims)) return;
      try {
        await revokeSession(
          await getDb(),
          claims.sid,
          claims.sub,
          claims.auth_time + env.SESSION_MAX_AGE_SECONDS,
        );
      } catch (error) {
        console.error(`[user-metrics] sign-out: session not revoked: ${(error as Error).message}`);
        throw error;
      }
    },
  },
};
