import { requestOrigin } from "@/lib/request";

/**
 * Absolute `next` / `previous` links from the request's own origin, keeping every other query
 * parameter as sent. Page 1 is written without `page`, as Django REST framework does.
 */
export function pageLinks(req: Request, page: number, pageSize: number, count: number) {
  const url = new URL(req.url);
  // The canonical path ends with a slash, however the request spelled it.
  const path = url.pathname.endsWith("/") ? url.pathname : `${url.pathname}/`;
  const base = `${requestOrigin(req)}${path}`;
  const link = (target: number) => {
    const params = new URLSearchParams(url.search);
    params.delete("page");
    if (target > 1) params.set("page", String(target));
    const query = params.toString();
    return query ? `${base}?${query}` : base;
  };
  const lastPage = Math.max(1, Math.ceil(count / pageSize));
  return {
    next: page < lastPage ? link(page + 1) : null,
    previous: page > 1 ? link(Math.min(page - 1, lastPage)) : null,
  };
}
