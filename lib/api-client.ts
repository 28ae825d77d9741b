/**
 * The one typed fetcher for the v2 API, shared by every React Query hook.
 *
 * The dashboard runs on the API's own origin and is authenticated by its next-auth session
 * cookie, so the default client uses relative URLs and `credentials: "same-origin"`. Apps on
 * another origin create their own client with a `baseUrl` and a `getToken` for the bearer JWT.
 *
 * Every failure is thrown as an `ApiClientError` that carries the API's error body, so pages
 * read `error.code` / `error.detail` the same way whatever went wrong.
 */
import { isoSeconds } from "@/lib/format";
import type { APIError } from "@/lib/contracts/errors";

/** Query-string values; null, undefined and "" are left out (the API reads `status=` as absent anyway). */
export type QueryParams = Record<string, string | number | readonly string[] | null | undefined>;

/** Optional per-request settings; React Query passes its AbortSignal so superseded requests stop. */
export type RequestOptions = { signal?: AbortSignal };

export type DownloadResult = { blob: Blob; filename: string | null };

export type ApiClient = {
  get<T>(path: string, params?: QueryParams, options?: RequestOptions): Promise<T>;
  post<T>(path: string, body?: unknown, options?: RequestOptions): Promise<T>;
  /** A partial update: only the body's fields change. */
  patch<T>(path: string, body: unknown, options?: RequestOptions): Promise<T>;
  /** A DELETE; a 204 resolves to undefined. */
  delete<T = void>(path: string, options?: RequestOptions): Promise<T>;
  /** The absolute (or, with the default base, root-relative) URL of a path and its query. */
  url(path: string, params?: QueryParams): string;
  download(path: string, params?: QueryParams, options?: RequestOptions): Promise<DownloadResult>;
};

export type ApiClientOptions = {
  /** Origin (and optional prefix) of the API; "" means the page's own origin. */
  baseUrl?: string;
  /** The bearer token to send, if any; read before every request so a refreshed token is used. */
  getToken?: () => string | null | undefined | Promise<string | null | undefined>;
  fetch?: typeof fetch;
};

/** The codes this client makes up when the server did not answer with the API's error body. */
export const HTTP_ERROR = "http_error";
export const NETWORK_ERROR = "network_error";
export const INVALID_RESPONSE = "invalid_response";

/** An API failure: the API's error body plus the HTTP status (0 when no response arrived). */
export class ApiClientError extends Error implements APIError {
  readonly status: number;
  readonly detail: string;
  readonly code: string;
  readonly timestamp: string;
  readonly company_id?: string;
  readonly errors?: Record<string, string[]>;
  readonly retry_after?: number;

  constructor(status: number, body: APIError, options?: { cause?: unknown }) {
    super(body.detail, options);
    this.name = "ApiClientError";
    this.status = status;
    this.detail = body.detail;
    this.code = body.code;
    this.timestamp = body.timestamp;
    if (body.company_id !== undefined) this.company_id = body.company_id;
    if (body.errors !== undefined) this.errors = body.errors;
    if (body.retry_after !== undefined) this.retry_after = body.retry_after;
  }
}

export function createApiClient(options: ApiClientOptions = {}): ApiClient {
  const base = (options.baseUrl ?? "").replace(/\/+$/, "");
  // Looked up at call time, not creation time: `defaultApiClient` is created when this module
  // loads, before test mocks (or polyfills) replace the global fetch. `.call(globalThis)` because
  // browsers' fetch throws "Illegal invocation" when called without its window as `this`.
  const fetchFn = (input: string, init: RequestInit) =>
    (options.fetch ?? globalThis.fetch).call(globalThis, input, init);

  const url = (path: string, params?: QueryParams) =>
    `${base}${path.startsWith("/") ? path : `/${path}`}${queryString(params)}`;

  async function send(
    method: "GET" | "POST" | "PATCH" | "DELETE",
    target: string,
    init: { accept?: string; body?: unknown; signal?: AbortSignal },
  ): Promise<Response> {
    const headers = new Headers();
    if (init.accept) headers.set("Accept", init.accept);
    const token = await options.getToken?.();
    if (token) headers.set("Authorization", `Bearer ${token}`);
    let body: string | undefined;
    if (init.body !== undefined) {
      headers.set("Content-Type", "application/json");
      body = JSON.stringify(init.body);
    }

    let response: Response;
    try {
      response = await fetchFn(target, {
        method,
        headers,
        body,
        credentials: "same-origin",
        // React Query is the client's cache: after an invalidation the refetch must reach the
        // server (which answers 304 to a matching ETag), not the browser's 2-minute copy.
        cache: "no-cache",
        signal: init.signal,
      });
    } catch (cause) {
      throw networkError(cause, init.signal);
    }
    if (!response.ok) throw await errorFromResponse(response);
    return response;
  }

  return {
    url,
    async get<T>(path: string, params?: QueryParams, requestOptions?: RequestOptions) {
      const response = await send("GET", url(path, params), {
        accept: "application/json",
        signal: requestOptions?.signal,
      });
      return readJson<T>(response, requestOptions?.signal);
    },
    async post<T>(path: string, body?: unknown, requestOptions?: RequestOptions) {
      const response = await send("POST", url(path), {
        accept: "application/json",
        body,
        signal: requestOptions?.signal,
      });
      return readJson<T>(response, requestOptions?.signal);
    },
    async patch<T>(path: string, body: unknown, requestOptions?: RequestOptions) {
      const response = await send("PATCH", url(path), {
        accept: "application/json",
        body,
        signal: requestOptions?.signal,
      });
      return readJson<T>(response, requestOptions?.signal);
    },
    async delete<T = void>(path: string, requestOptions?: RequestOptions) {
      const response = await send("DELETE", url(path), {
        accept: "application/json",
        signal: requestOptions?.signal,
      });
      return readJson<T>(response, requestOptions?.signal);
    },
    async download(path: string, params?: QueryParams, requestOptions?: RequestOptions) {
      // No Accept: the server picks the file's own type; its errors are JSON regardless.
      const response = await send("GET", url(path, params), { signal: requestOptions?.signal });
      const filename = filenameFromContentDisposition(response.headers.get("Content-Disposition"));
      // The export is streamed: the connection can still drop after the headers arrived.
      const blob = await response.blob().catch((cause: unknown) => {
        throw networkError(cause, requestOptions?.signal);
      });
      return { blob, filename };
    },
  };
}

/** Same origin, session cookie: what the dashboard uses. */
export const defaultApiClient = createApiClient();

/**
 * The parameters an endpoint takes (its contract's names), picked from `params`: an object carrying other
 * properties at run time (TypeScript allows that) does not leak them into the URL.
 */
export function pickParams(names: readonly string[], params?: object): QueryParams {
  const source = (params ?? {}) as QueryParams;
  const out: QueryParams = {};
  for (const key of names) out[key] = source[key];
  return out;
}

/**
 * A request body of the fields an endpoint takes (its contract's names) that `input` sets:
 * variables carrying other properties at run time do not leak into it.
 */
export function pickFields(names: readonly string[], input: object): Record<string, unknown> {
  const source = input as Record<string, unknown>;
  const body: Record<string, unknown> = {};
  for (const field of names) if (source[field] !== undefined) body[field] = source[field];
  return body;
}

export function queryString(params?: QueryParams): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params ?? {})) {
    // A repeatable parameter: every value, empty ones included (department= means "none").
    if (Array.isArray(value)) for (const item of value) search.append(key, item);
    else if (value === null || value === undefined || value === "") continue;
    else search.append(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : "";
}

/**
 * The file name of a `Content-Disposition` header: RFC 6266's `filename*=UTF-8''…` wins over
 * `filename="…"`, as in browsers. Null when there is none (the caller picks a default).
 */
export function filenameFromContentDisposition(header: string | null): string | null {
  if (!header) return null;
  const extended = /filename\*\s*=\s*([^;]+)/i.exec(header)?.[1]?.trim();
  if (extended) {
    const encoded = /^[^']*'[^']*'(.*)$/.exec(extended)?.[1] ?? extended;
    try {
      return decodeURIComponent(encoded.replace(/^"(.*)"$/, "$1"));
    } catch {
      // A malformed percent-encoding: fall back to the plain parameter below.
    }
  }
  const quoted = /(?:^|;)\s*filename\s*=\s*"((?:\\.|[^"\\])*)"/i.exec(header)?.[1];
  if (quoted !== undefined) return quoted.replace(/\\(.)/g, "$1");
  return /(?:^|;)\s*filename\s*=\s*([^;\s]+)/i.exec(header)?.[1] ?? null;
}

function synthesized(code: string, detail: string, retryAfter?: number): APIError {
  const body: APIError = { detail, code, timestamp: isoSeconds(new Date()) };
  if (retryAfter !== undefined) body.retry_after = retryAfter;
  return body;
}

/** A fetch that never got (all of) its answer; a cancelled one is rethrown as is so React Query drops it. */
function networkError(cause: unknown, signal: AbortSignal | undefined): unknown {
  if (signal?.aborted) return cause;
  return new ApiClientError(
    0,
    synthesized(NETWORK_ERROR, "Could not reach the server. Check your connection and try again."),
    { cause },
  );
}

async function readJson<T>(response: Response, signal: AbortSignal | undefined): Promise<T> {
  const text = await response.text().catch((cause: unknown) => {
    throw networkError(cause, signal);
  });
  // 204 / empty body (a DELETE): nothing to parse.
  if (text === "") return undefined as T;
  try {
    return JSON.parse(text) as T;
  } catch (cause) {
    throw new ApiClientError(
      response.status,
      synthesized(INVALID_RESPONSE, "The server's answer could not be read. Try again later."),
      { cause },
    );
  }
}

/** The API's error body when the server sent one; otherwise (a proxy's HTML 502, …) an `http_error`. */
async function errorFromResponse(response: Response): Promise<ApiClientError> {
  let body: unknown = null;
  try {
    body = JSON.parse(await response.text());
  } catch {
    body = null;
  }
  const headerRetryAfter = retryAfterSeconds(response.headers.get("Retry-After"));
  if (isErrorBody(body)) {
    const parsed: APIError = {
      detail: body.detail,
      code: body.code,
      timestamp: typeof body.timestamp === "string" ? body.timestamp : isoSeconds(new Date()),
    };
    if (typeof body.company_id === "string") parsed.company_id = body.company_id;
    if (isFieldErrors(body.errors)) parsed.errors = body.errors;
    const retryAfter = typeof body.retry_after === "number" ? body.retry_after : headerRetryAfter;
    if (retryAfter !== undefined) parsed.retry_after = retryAfter;
    return new ApiClientError(response.status, parsed);
  }
  const statusText = response.statusText ? ` (${response.statusText})` : "";
  return new ApiClientError(
    response.status,
    synthesized(
      HTTP_ERROR,
      `The server answered with HTTP ${response.status}${statusText}. Try again later.`,
      headerRetryAfter,
    ),
  );
}

type Loose = Record<string, unknown>;

function isErrorBody(value: unknown): value is Loose & { detail: string; code: string } {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as Loose).detail === "string" &&
    typeof (value as Loose).code === "string"
  );
}

function isFieldErrors(value: unknown): value is Record<string, string[]> {
  return (
    typeof value === "object" &&
    value !== null &&
    !Array.isArray(value) &&
    Object.values(value).every((v) => Array.isArray(v) && v.every((m) => typeof m === "string"))
  );
}

/** `Retry-After` in seconds; the HTTP-date form is not used by this API and is ignored. */
function retryAfterSeconds(header: string | null): number | undefined {
  if (!header || !/^\d+$/.test(header.trim())) return undefined;
  return Number(header.trim());
}
