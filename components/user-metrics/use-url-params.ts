"use client";

import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useCallback, useMemo } from "react";
import type { UrlPatch } from "./url-state";

/**
 * Filters live in the URL, so a shared link opens the same view. `update` merges a patch (null or
 * "" removes a key, a list repeats it: an empty list removes it, an empty value in it is kept) and
 * replaces the history entry without scrolling.
 */
export function useUrlParams() {
  const router = useRouter();
  const pathname = usePathname();
  const search = useSearchParams();
  const params = useMemo(() => new URLSearchParams(search.toString()), [search]);
  const update = useCallback(
    (patch: UrlPatch) => {
      const next = new URLSearchParams(search.toString());
      for (const [key, value] of Object.entries(patch)) {
        next.delete(key);
        if (Array.isArray(value)) for (const item of value) next.append(key, item);
        else if (value !== null && value !== undefined && value !== "") next.set(key, String(value));
      }
      const query = next.toString();
      router.replace(query ? `${pathname}?${query}` : pathname, { scroll: false });
    },
    [router, pathname, search],
  );
  return { params, update };
}
