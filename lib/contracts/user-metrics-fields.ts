import { readChoice, readDay, readInt, readText } from "./fields";
import {
  MAX_INACTIVE_DAYS,
  MAX_PAGE_SIZE,
  MAX_SEARCH_LENGTH,
  ORDERINGS,
  USER_STATUSES,
} from "./user-metrics-constants";

/**
 * The list's single-valued fields as the pages read them from their URLs, by the API's rules but
 * without its schemas (the browser loads no zod): a value the API would refuse reads as absent.
 * tests hold each reader equal to `userMetricsQuerySchema.shape[field].safeParse`.
 */
export const LIST_FIELDS = {
  date_from: readDay,
  date_to: readDay,
  status: readChoice([...USER_STATUSES, "all"] as const),
  page: readInt(1),
  page_size: readInt(1, MAX_PAGE_SIZE),
  ordering: readChoice(ORDERINGS),
  search: readText(MAX_SEARCH_LENGTH),
  inactive_for: readInt(1, MAX_INACTIVE_DAYS),
};
export type ListField = keyof typeof LIST_FIELDS;
