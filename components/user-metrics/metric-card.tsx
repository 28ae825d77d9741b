import Link from "next/link";
import { memberPagePath } from "@/components/ui/company-pages";
import { absoluteTime, relativeTime } from "@/lib/relative-time";
import type { UserMetric } from "@/lib/contracts/user-metrics";

/** One member: who they are, their role and status, and how engaged they have been. */
export function UserMetricCard({
  companyId,
  user,
  now,
}: {
  companyId: string;
  user: UserMetric;
  now: number;
}) {
  const name = `${user.first_name} ${user.last_name}`;
  return (
    <article className="metric-card" aria-label={name}>
      <header className="metric-card-head">
        <div className="avatar" aria-hidden="true">
          {user.first_name.charAt(0)}
          {user.last_name.charAt(0)}
        </div>
        <div className="who">
          <h3 className="metric-name">
            <Link href={memberPagePath(companyId, user.user_id)}>{name}</Link>
          </h3>
          <p className="metric-email">{user.email}</p>
        </div>
        <span className={`status status-${user.status}`}>{user.status}</span>
      </header>
      <p className="metric-meta">
        <span className="badge">{user.role}</span>
        <span>{user.department ?? "No department"}</span>
      </p>
      <p className="last-active">
        {user.last_active === null ? (
          "Never active"
        ) : (
          <>
            Last active{" "}
            <time dateTime={user.last_active} title={absoluteTime(user.last_active)}>
              {relativeTime(user.last_active, now)}
            </time>
          </>
        )}
      </p>
      <dl className="metric-stats">
        <div>
          <dt>Sessions</dt>
          <dd data-testid="total-sessions">{user.total_sessions}</dd>
        </div>
        <div>
          <dt>This month</dt>
          <dd>{user.sessions_this_month}</dd>
        </div>
        <div>
          <dt>Avg. time</dt>
          <dd>{user.avg_session_duration}</dd>
        </div>
      </dl>
    </article>
  );
}
