import { absoluteTime, relativeTime } from "@/lib/relative-time";
import type { Ordering, UserMetric } from "@/lib/contracts/user-metrics";
import { MemberLink } from "./member-link";

/** The columns the API can order by: their heading and the field `ordering` names. */
const SORTABLE = [
  { field: "last_active", label: "Last active" },
  { field: "total_sessions", label: "Total sessions" },
  { field: "sessions_this_month", label: "Sessions this month" },
  { field: "avg_session_duration", label: "Avg. session" },
] as const;
type SortField = (typeof SORTABLE)[number]["field"];

/** A column's next ordering: the other direction if it is the sorted one, else most first. */
export function nextOrdering(current: Ordering, field: SortField): Ordering {
  return current === `-${field}` ? field : `-${field}`;
}

function ariaSort(current: Ordering, field: SortField) {
  if (current === `-${field}`) return "descending";
  if (current === field) return "ascending";
  return undefined;
}

function SortHeader({
  field,
  label,
  ordering,
  onSort,
}: {
  field: SortField;
  label: string;
  ordering: Ordering;
  onSort: (ordering: Ordering) => void;
}) {
  const sort = ariaSort(ordering, field);
  return (
    <th scope="col" aria-sort={sort} className="numeric">
      <button type="button" className="sort-button" onClick={() => onSort(nextOrdering(ordering, field))}>
        {label}
        <span className="sort-mark" aria-hidden="true">
          {sort === "descending" ? "↓" : sort === "ascending" ? "↑" : "↕"}
        </span>
      </button>
    </th>
  );
}

const COLUMNS = 9;

/**
 * The members as rows, one page of them; the metric columns' headings order the list. It scrolls
 * sideways inside its own box on a narrow screen, so the page around it keeps its width. Without
 * `users` it holds the place of `rows` rows while they load.
 */
export function MemberTable({
  companyId,
  users,
  rows,
  now,
  ordering,
  onSort,
}: {
  companyId: string;
  users: UserMetric[] | null;
  rows: number;
  now: number;
  ordering: Ordering;
  onSort: (ordering: Ordering) => void;
}) {
  return (
    <div className="table-scroll" role="region" aria-labelledby="members-table-caption" tabIndex={0}>
      <table className="members-table" data-testid="members-table" aria-busy={users === null}>
        <caption id="members-table-caption" className="visually-hidden">
          Members
        </caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Email</th>
            <th scope="col">Role</th>
            <th scope="col">Department</th>
            <th scope="col">Status</th>
            {SORTABLE.map((c) => (
              <SortHeader key={c.field} {...c} ordering={ordering} onSort={onSort} />
            ))}
          </tr>
        </thead>
        <tbody>
          {users === null
            ? Array.from({ length: rows }, (_, i) => (
                <tr key={i} aria-hidden="true">
                  {Array.from({ length: COLUMNS }, (_, j) => (
                    <td key={j}>
                      <span className="skeleton-text" />
                    </td>
                  ))}
                </tr>
              ))
            : users.map((user) => (
                <tr key={user.user_id}>
                  <th scope="row">
                    <MemberLink companyId={companyId} user={user} />
                  </th>
                  <td>{user.email}</td>
                  <td>
                    <span className="badge">{user.role}</span>
                  </td>
                  <td className={user.department ? undefined : "muted"}>
                    {user.department ?? "No department"}
                  </td>
                  <td>
                    <span className={`status status-${user.status}`}>{user.status}</span>
                  </td>
                  <td className="numeric" data-testid="cell-last_active" data-value={user.last_active ?? ""}>
                    {user.last_active === null ? (
                      "Never active"
                    ) : (
                      <time dateTime={user.last_active} title={absoluteTime(user.last_active)}>
                        {relativeTime(user.last_active, now)}
                      </time>
                    )}
                  </td>
                  <td className="numeric" data-testid="cell-total_sessions">
                    {user.total_sessions}
                  </td>
                  <td className="numeric" data-testid="cell-sessions_this_month">
                    {user.sessions_this_month}
                  </td>
                  <td className="numeric" data-testid="cell-avg_session_duration">
                    {user.avg_session_duration}
                  </td>
                </tr>
              ))}
        </tbody>
      </table>
    </div>
  );
}
