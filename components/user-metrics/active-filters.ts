import { rolesOf, type DashboardFilters, type UrlPatch } from "./url-state";

/** One filter that narrows the list: how to say it after "No members …", and how to remove it. */
export type ActiveFilter = { key: string; phrase: string; clearLabel: string; clear: UrlPatch };

/** "a", "a or b", "a, b or c". */
function list(items: string[], word: "and" | "or"): string {
  return items.length < 2 ? (items[0] ?? "") : `${items.slice(0, -1).join(", ")} ${word} ${items.at(-1)}`;
}

/** The filters in force, in the order the form shows them (the default window is not one). */
export function activeFilters(f: DashboardFilters): ActiveFilter[] {
  const out: ActiveFilter[] = [];
  if (f.search)
    out.push({
      key: "search",
      phrase: `match “${f.search}”`,
      clearLabel: "Clear the search",
      clear: { search: null },
    });
  const roles = rolesOf(f.role);
  if (roles.length)
    out.push({
      key: "role",
      phrase: `with the role ${list(roles, "or")}`,
      clearLabel: roles.length > 1 ? "Clear the roles" : "Clear the role",
      clear: { role: null },
    });
  if (f.department?.length)
    out.push({
      key: "department",
      phrase: `in ${list(
        f.department.map((d) => d || "no department"),
        "or",
      )}`,
      clearLabel: f.department.length > 1 ? "Clear the departments" : "Clear the department",
      clear: { department: null },
    });
  if (f.inactive_for)
    out.push({
      key: "inactive_for",
      phrase: `inactive for ${f.inactive_for} days`,
      clearLabel: "Clear “Inactive for”",
      clear: { inactive_for: null },
    });
  if (f.status)
    out.push({
      key: "status",
      phrase: `with status ${f.status}`,
      clearLabel: "Clear the status",
      clear: { status: null },
    });
  if (f.date_from || f.date_to)
    out.push({
      key: "dates",
      phrase:
        f.date_from && f.date_to
          ? `last active between ${f.date_from} and ${f.date_to}`
          : f.date_from
            ? `last active since ${f.date_from}`
            : `last active until ${f.date_to}`,
      clearLabel: "Clear the dates",
      clear: { date_from: null, date_to: null },
    });
  return out;
}

/** The empty list's title: "No members match “zzz” and inactive for 14 days". */
export function emptyTitle(filters: ActiveFilter[]): string {
  return filters.length
    ? `No members ${list(
        filters.map((f) => f.phrase),
        "and",
      )}`
    : "No members in this view";
}
