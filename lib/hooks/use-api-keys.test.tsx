import { dehydrate, hydrate, QueryClient } from "@tanstack/react-query";
import { act, renderHook, waitFor } from "@testing-library/react";
import { http, HttpResponse } from "msw";
import { describe, expect, it, vi } from "vitest";
import type { ApiKey, ApiKeyList, CreatedApiKey } from "@/lib/contracts/api-keys";
import { apiKeysKeys } from "./api-keys-keys";
import { useApiKeys, useCreateApiKey, useRevokeApiKey } from "./use-api-keys";
import { mockNetwork, wrapperFor, expectNoRequest } from "./test-utils";

const ACME = "f659ecfa-32be-4a9b-9c9b-6e56c3ccf29a";
const GLOBEX = "3f2b8c1e-9d4a-4b6f-8e2a-7c5d1a9b0e34";
const KEYS = "http://localhost:3000/api/v2/companies/:companyId/api-keys/";

const server = mockNetwork();

const KEY: ApiKey = {
  id: "0b7e5a53-3c0e-4d4e-9a57-6f1f2b3c4d5e",
  name: "Nightly export",
  prefix: "Ab12Cd34",
  scopes: ["metrics:read", "metrics:export"],
  created_at: "2025-07-13T15:30:00Z",
  expires_at: null,
  last_used_at: null,
  created_by: { user_id: "6a1c2b3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d", email: "jane.smith@acme.test" },
};

const CREATED: CreatedApiKey = { ...KEY, key: `um_${"Ab12Cd34"}${"x".repeat(32)}` };

function error(status: number, code: string, detail: string, extra: object = {}) {
  return HttpResponse.json({ detail, code, timestamp: "2025-07-13T15:30:00Z", ...extra }, { status });
}

/** Counts list GETs per company and answers them with `lists[company]` (empty by default). */
function listRoute(lists: Record<string, ApiKeyList> = {}) {
  const counts: Record<string, number> = {};
  server.use(
    http.get(KEYS, ({ params }) => {
      const company = String(params.companyId);
      counts[company] = (counts[company] ?? 0) + 1;
      return HttpResponse.json(lists[company] ?? { results: [] });
    }),
  );
  return counts;
}

describe("useApiKeys", () => {
  it("fetches the company's keys and caches them under ['api-keys', companyId]", async () => {
    const counts = listRoute({ [ACME]: { results: [KEY] } });
    const queryClient = new QueryClient();
    const { result } = renderHook(() => useApiKeys(ACME), { wrapper: wrapperFor(queryClient) });
    await waitFor(() => expect(result.current.isSuccess).toBe(true));
    expect(result.current.data).toEqual({ results: [KEY] });
    expect(counts).toEqual({ [ACME]: 1 });
    expect(apiKeysKeys.list(ACME)).toEqual(["api-keys", ACME]);
    expect(queryClient.getQueryData(["api-keys", ACME])).toEqual({ results: [KEY] });
  });

  it("does not ask again for a list the page was drawn with (hydrated from the server)", async () => {
    const counts = listRoute({ [ACME]: { results: [KEY] } });
    const drawn = new QueryClient();
    drawn.setQueryData(apiKeysKeys.list(ACME), { results: [KEY] });
    const queryClient = new QueryClient();
    hydrate(queryClient, dehydrate(drawn));
    const { result } = renderHook(() => useApiKeys(ACME), { wrapper: wrapperFor(queryClient) });
    expect(result.current.data).toEqual({ results: [KEY] });
    await new Promise((r) => setTimeout(r, 50));
    expect(counts).toEqual({});
  });

  it.each([
    [401, "invalid_token", "The API key has been revoked."],
    [403, "permission_denied", "Only the company's owners and admins manage its API keys."],
    [404, "company_not_found", "Company not found or you don't have access to it."],
  ])("does not retry a %i and exposes its body", async (status, code, detail) => {
    let requests = 0;
    server.use(
      http.get(KEYS, () => {
        requests++;
        return error(status, code, detail);
      }),
    );
    const { result } = renderHook(() => useApiKeys(ACME), { wrapper: wrapperFor(new QueryClient()) });
    await waitFor(() => expect(result.current.isError).toBe(true));
    expect(result.current.error).toMatchObject({ status, code, detail });
    expect(requests).toBe(1);
  });

  it("retries a 500 with the hooks' back-off, then succeeds", async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    let requests = 0;
    server.use(
      http.get(KEYS, () => {
        requests++;
        return requests < 3 ? error(500, "internal_error", "Boom.") : HttpResponse.json({ results: [KEY] });
      }),
    );
    const { result } = renderHook(() => useApiKeys(ACME), { wrapper: wrapperFor(new QueryClient()) });
    for (const [failures, delay] of [1000, 2000].entries()) {
      await vi.waitFor(() => expect(result.current.failureCount).toBe(failures + 1));
      expect(result.current.isError).toBe(false);
      await vi.advanceTimersByTimeAsync(delay);
    }
    await vi.waitFor(() => expect(result.current.isSuccess).toBe(true));
    expect(requests).toBe(3);
  });

  it("does not fetch without a company", () =>
    expectNoRequest(server, [() => useApiKeys("")], { results: [] }));
});

/** Mounts Acme's and Globex's lists beside the two mutations. */
function mountAll() {
  const queryClient = new QueryClient();
  const rendered = renderHook(
    () => ({
      acme: useApiKeys(ACME),
      globex: useApiKeys(GLOBEX),
      create: useCreateApiKey(),
      revoke: useRevokeApiKey(),
    }),
    { wrapper: wrapperFor(queryClient) },
  );
  return { queryClient, ...rendered };
}

describe("useCreateApiKey", () => {
  it("POSTs the body's fields only, returns the secret, and refetches that company's list only", async () => {
    const counts = listRoute();
    const bodies: unknown[] = [];
    server.use(
      http.post(KEYS, async ({ request, params }) => {
        expect(params.companyId).toBe(ACME);
        bodies.push(await request.json());
        return HttpResponse.json(CREATED, { status: 201 });
      }),
    );
    const { result } = mountAll();
    await waitFor(() => expect(counts).toEqual({ [ACME]: 1, [GLOBEX]: 1 }));

    let created: CreatedApiKey | undefined;
    const variables = {
      companyId: ACME,
      name: "Nightly export",
      scopes: ["metrics:read" as const],
      expires_in_days: 30,
    };
    await act(async () => {
      // A stray property (TypeScript lets one through at run time) stays out of the body.
      created = await result.current.create.mutateAsync({ ...variables, extra: 1 } as typeof variables);
    });

    expect(created).toEqual(CREATED);
    expect(bodies).toEqual([{ name: "Nightly export", scopes: ["metrics:read"], expires_in_days: 30 }]);
    // Resolved only once the list has refetched; the secret is not in any cached list.
    expect(counts).toEqual({ [ACME]: 2, [GLOBEX]: 1 });
    expect(JSON.stringify(result.current.acme.data)).not.toContain(CREATED.key);
  });

  it("sends a never-expiring key's null, and exposes the field errors of a 400 without refetching", async () => {
    const counts = listRoute();
    const bodies: unknown[] = [];
    const errors = { name: ["This field may not be blank."], scopes: ["Choose at least one scope."] };
    server.use(
      http.post(KEYS, async ({ request }) => {
        bodies.push(await request.json());
        return error(400, "validation_error", "Invalid request body.", { errors });
      }),
    );
    const { result } = mountAll();
    await waitFor(() => expect(counts).toEqual({ [ACME]: 1, [GLOBEX]: 1 }));
    await act(async () => {
      await result.current.create
        .mutateAsync({ companyId: ACME, name: " ", scopes: [], expires_in_days: null })
        .catch(() => undefined);
    });
    await waitFor(() => expect(result.current.create.isError).toBe(true));
    expect(bodies).toEqual([{ name: " ", scopes: [], expires_in_days: null }]);
    expect(result.current.create.error).toMatchObject({ status: 400, code: "validation_error", errors });
    expect(bodies).toHaveLength(1);
    expect(counts).toEqual({ [ACME]: 1, [GLOBEX]: 1 });
  });
});

describe("useRevokeApiKey", () => {
  it("DELETEs the key and refetches that company's list only", async () => {
    const counts = listRoute({ [ACME]: { results: [KEY] } });
    const deleted: string[] = [];
    server.use(
      http.delete(`${KEYS}:keyId/`, ({ params }) => {
        deleted.push(`${String(params.companyId)} ${String(params.keyId)}`);
        return new HttpResponse(null, { status: 204 });
      }),
    );
    const { result } = mountAll();
    await waitFor(() => expect(counts).toEqual({ [ACME]: 1, [GLOBEX]: 1 }));
    await act(async () => {
      await result.current.revoke.mutateAsync({ companyId: ACME, keyId: KEY.id });
    });
    expect(deleted).toEqual([`${ACME} ${KEY.id}`]);
    expect(counts).toEqual({ [ACME]: 2, [GLOBEX]: 1 });
    await waitFor(() => expect(result.current.revoke.isSuccess).toBe(true));
  });

  it("refetches after a 404 (already revoked) but not after a 403", async () => {
    const counts = listRoute();
    let reply = () => error(404, "not_found", "API key not found.");
    server.use(http.delete(`${KEYS}:keyId/`, () => reply()));
    const { result } = mountAll();
    await waitFor(() => expect(counts).toEqual({ [ACME]: 1, [GLOBEX]: 1 }));

    await act(async () => {
      await result.current.revoke.mutateAsync({ companyId: ACME, keyId: KEY.id }).catch(() => undefined);
    });
    expect(result.current.revoke.error).toMatchObject({ status: 404 });
    expect(counts).toEqual({ [ACME]: 2, [GLOBEX]: 1 });

    reply = () =>
      error(403, "permission_denied", "Only the company's owners and admins manage its API keys.");
    await act(async () => {
      await result.current.revoke.mutateAsync({ companyId: ACME, keyId: KEY.id }).catch(() => undefined);
    });
    await waitFor(() => expect(result.current.revoke.error).toMatchObject({ status: 403 }));
    expect(counts).toEqual({ [ACME]: 2, [GLOBEX]: 1 });
  });
});
