import "server-only";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { getDb } from "@/db/client";
import { ApiError } from "@/lib/api/errors";
import { env } from "@/lib/env";
import { clientAddress } from "@/lib/request";
import { signInWithPassword } from "./sign-in";
import { signToken, verifyToken } from "./tokens";

// Without NEXTAUTH_URL, let next-auth take the origin from the request (X-Forwarded-Host), so the
// embedded default works on whatever port it is started; production should set NEXTAUTH_URL.
if (!process.env.NEXTAUTH_URL) process.env.AUTH_TRUST_HOST ??= "true";

/**
 * Browser sign-in. The session cookie holds the same HS256 JWT the token endpoint issues, so the
 * route handlers verify browsers and API consumers the same way (lib/auth/authenticate.ts).
 */
export const authOptions: NextAuthOptions = {
  secret: env.authSecret,
  session: { strategy: "jwt", maxAge: env.TOKEN_TTL_SECONDS },
  jwt: {
    maxAge: env.TOKEN_TTL_SECONDS,
    encode: async ({ token, maxAge }) => {
      if (!token?.sub) return "";
      return signToken({ ...token, sub: token.sub }, maxAge ?? env.TOKEN_TTL_SECONDS);
    },
    decode: async ({ token }) => (token ? ((await verifyToken(token)) ?? null) : null),
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
          if (error instanceof ApiError && error.code === "rate_limit_exceeded")
            throw new Error(error.detail);
          if (error instanceof ApiError) return null;
          throw error;
        }
      },
    }),
  ],
  callbacks: {
    jwt: ({ token, user }) => (user ? { ...token, sub: user.id, email: user.email, name: user.name } : token),
    session: ({ session, token }) => ({ ...session, user: { ...session.user, id: token.sub } }),
  },
};
