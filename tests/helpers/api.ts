import { SignJWT } from "jose";
import { inject } from "vitest";
import { TEST_AUTH_SECRET } from "./config";

export const baseUrl = () => inject("baseUrl");

export type ApiResponse<T = Record<string, unknown>> = {
  status: number;
  headers: Headers;
  body: T;
  text: string;
};

export async function api<T = Record<string, unknown>>(
  path: string,
  options: {
    token?: string | null;
    method?: string;
    headers?: Record<string, string>;
    body?: unknown;
    raw?: string;
  } = {},
): Promise<ApiResponse<T>> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.Authorization = `Bearer ${options.token}`;
  let body: string | undefined = options.raw;
  if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers["Content-Type"] ??= "application/json";
  }
  const res = await fetch(`${baseUrl()}${path}`, {
    method: options.method ?? "GET",
    headers,
    body,
    redirect: "manual",
  });
  const text = await res.text();
  let parsed: unknown = null;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    parsed = null;
  }
  return { status: res.status, headers: res.headers, body: parsed as T, text };
}

const tokens = new Map<string, string>();

/** A real token from the token endpoint (cached per account for the run). */
export async function login(email: string, password = "demo-password"): Promise<string> {
  const cachedToken = tokens.get(email);
  if (cachedToken) return cachedToken;
  const res = await api<{ access: string }>("/api/v2/auth/token/", {
    method: "POST",
    body: { email, password },
  });
  if (res.status !== 200) throw new Error(`login ${email} failed: ${res.status} ${res.text}`);
  tokens.set(email, res.body.access);
  return res.body.access;
}

/** A token signed the way the server signs them (or deliberately not), for users made by fixtures. */
export async function forgeToken(
  sub: string,
  options: { secret?: string; expiresIn?: number; notBefore?: number; alg?: "HS256" | "HS512" } = {},
): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  let jwt = new SignJWT({ email: "fixture@test" })
    .setProtectedHeader({ alg: options.alg ?? "HS256", typ: "JWT" })
    .setSubject(sub)
    .setIssuedAt(now)
    .setExpirationTime(now + (options.expiresIn ?? 600));
  if (options.notBefore !== undefined) jwt = jwt.setNotBefore(now + options.notBefore);
  return jwt.sign(new TextEncoder().encode(options.secret ?? TEST_AUTH_SECRET));
}

export const ACME = "f659ecfa-32be-4a9b-9c9b-6e56c3ccf29a";
export const GLOBEX = "3f2b8c1e-9d4a-4b6f-8e2a-7c5d1a9b0e34";
export const INITECH = "8d4e2a17-5c3b-4f9e-a1d6-2b7c9e0f4a53";
export const metricsPath = (companyId: string, query = "") =>
  `/api/v2/companies/${companyId}/user-metrics/${query ? `?${query}` : ""}`;
