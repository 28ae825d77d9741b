import "server-only";
import { dehydrate, QueryClient, type DehydratedState } from "@tanstack/react-query";
import { headers } from "next/headers";
import { createApiClient, type ApiClient } from "@/lib/api-client";

/** A route module's GET, whatever its path's parameters (the table below pairs them with it). */
type RouteModule = { GET: (req: Request, route: { params: Promise<never> }) => Promise<Response> };

/**
 * The API's GET routes a page may read while it renders, by path. They are called in this
 * process, as they are, so a page's first view is answered exactly as the browser's own request
 * would be: the caller's session, access rules, rate limit, result cache and audit row included.
 */
const ROUTES: { pattern: RegExp; names: string[]; load: () => Promise<RouteModule> }[] = [
  {
    pattern: /^\/api\/v2\/companies\/([^/]+)\/user-metrics\/$/,
    names: ["companyId"],
    load: () => import("@/app/api/v2/companies/[companyId]/user-metrics/route"),
  },
  {
    pattern: /^\/api\/v2\/companies\/([^/]+)\/user-metrics\/summary\/$/,
    names: ["companyId"],
    load: () => import("@/app/api/v2/companies/[companyId]/user-metrics/summary/route"),
  },
  {
    pattern: /^\/api\/v2\/companies\/([^/]+)\/user-metrics\/retention\/$/,
    names: ["companyId"],
    load: () => import("@/app/api/v2/companies/[companyId]/user-metrics/retention/route"),
  },
  {
    pattern: /^\/api\/v2\/companies\/([^/]+)\/user-metrics\/([^/]+)\/$/,
    names: ["companyId", "userId"],
    load: () => import("@/app/api/v2/companies/[companyId]/user-metrics/[userId]/route"),
  },
  {
    pattern: /^\/api\/v2\/companies\/([^/]+)\/api-keys\/$/,
    names: ["companyId"],
    load: () => import("@/app/api/v2/companies/[companyId]/api-keys/route"),
  },
];

/** The request headers a route reads of its caller: who they are, where from, with what. */
const FORWARDED = ["cookie", "user-agent", "x-forwarded-for", "x-forwarded-proto", "host", "accept-language"];

/**
 * An API client for a page being rendered: the hooks' own query options run through it on the
 * server, with the signed-in browser's cookie. Only GETs of the routes above; anything else is a
 * programming error, thrown as such.
 */
export async function inProcessApiClient(): Promise<ApiClient> {
  const incoming = await headers();
  const forwarded = new Headers();
  for (const name of FORWARDED) {
    const value = incoming.get(name);
    if (value !== null) forwarded.set(name, value);
  }
  // Never fetched: the origin only makes the URL whole (routes read their path and query).
  const origin = `http://${incoming.get("host") ?? "localhost"}`;
  return createApiClient({
    fetch: async (input, init) => {
      const url = new URL(String(input), origin);
      const method = (init?.method ?? "GET").toUpperCase();
      for (const route of ROUTES) {
        const match = route.pattern.exec(url.pathname);
        if (!match || method !== "GET") continue;
        const params = Object.fromEntries(
          route.names.map((name, i) => [name, decodeURIComponent(match[i + 1]!)]),
        );
        const { GET } = await route.load();
        return GET(new Request(url, { method, headers: forwarded, signal: init?.signal ?? null }), {
          params: Promise.resolve(params) as Promise<never>,
        });
      }
      throw new Error(`no in-process route for ${method} ${url.pathname}`);
    },
  });
}

/** A view's first queries, prefetched into `queries` through `client`. */
export type FirstViewQueries = (client: ApiClient, queries: QueryClient) => Promise<unknown>[];

/**
 * The data of a page's first view, asked for here with the hooks' own query options and handed
 * to React Query in the browser (`<HydrationBoundary state>`): the first paint needs no client
 * round trip, and no re-render when the answers come in. A query that fails is left out; the
 * browser asks again as it always did, and shows what it gets.
 */
export async function prefetchFirstView(prefetch: FirstViewQueries): Promise<DehydratedState> {
  const queries = new QueryClient();
  const client = await inProcessApiClient();
  await Promise.all(prefetch(client, queries));
  return dehydrate(queries);
}
