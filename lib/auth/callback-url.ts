/**
 * Where to go after sign-in: only a path of this site, normalised. Used by the sign-in page on the
 * server and again by the form in the browser, so neither can be talked into an open redirect.
 */
export function safeCallbackUrl(
  value: string | string[] | undefined | null,
  fallback = "/companies",
): string {
  const raw = Array.isArray(value) ? value[0] : value;
  // Control characters and backslashes are what browsers strip or rewrite into "//host".
  if (!raw || !raw.startsWith("/") || /[\u0000-\u001f\u007f\\]/.test(raw)) return fallback;
  try {
    const url = new URL(raw, "http://same.invalid");
    if (url.origin !== "http://same.invalid") return fallback;
    // Dot segments and their encodings ("/.//x", "/..//x", "/%2e//x") normalise to "//x", which a
    // browser reads as another host: the normalised path must not start with two slashes either.
    if (!/^\/(?![/\\])/.test(url.pathname)) return fallback;
    return `${url.pathname}${url.search}${url.hash}`;
  } catch {
    return fallback;
  }
}
