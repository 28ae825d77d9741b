"use client";

import { useUrlParams } from "@/components/user-metrics/use-url-params";
import { useUserMetric } from "@/lib/hooks";
import { memberRangeFrom } from "./member-range";

/** The page's one query: the member for the URL's range. */
export function useMember(companyId: string, userId: string) {
  const { params, update } = useUrlParams();
  const range = memberRangeFrom(params);
  return { range, update, detail: useUserMetric(companyId, userId, range) };
}
