"use client";

import { IntentLink } from "@/components/ui/intent-link";
import { ChartFrame } from "@/components/charts/chart-frame";
import { DailySessionsChart } from "@/components/charts/lazy";
import { describeMemberDaily, memberDailySeries } from "@/components/charts/shape";
import { companyPagePath } from "@/components/ui/company-pages";
import { DateRangeFields } from "@/components/ui/date-range-fields";
import { ErrorAlert } from "@/components/user-metrics/states";
import type { UserMetricDetail } from "@/lib/hooks";
import { absoluteTime } from "@/lib/relative-time";
import { shownRange } from "./member-range";
import { useMember } from "./use-member";

const CHART_HEIGHT = 280;

/** A time for people, with its machine-readable value; "Never active" when there is none. */
function When({ iso }: { iso: string | null }) {
  return iso === null ? "Never active" : <time dateTime={iso}>{absoluteTime(iso)}</time>;
}

/** The member's UserMetric fields: label, the test id the end-to-end tests compare with the API, value. */
const FIGURES: [string, string, (m: UserMetricDetail) => React.ReactNode][] = [
  ["Email", "email", (m) => m.email],
  ["Role", "role", (m) => m.role],
  ["Department", "department", (m) => m.department ?? "No department"],
  ["Status", "status", (m) => <span className={`status status-${m.status}`}>{m.status}</span>],
  ["Last active", "last-active", (m) => <When iso={m.last_active} />],
  ["Total sessions", "total-sessions", (m) => m.total_sessions],
  ["Sessions this month", "sessions-this-month", (m) => m.sessions_this_month],
  ["Average session", "avg-session-duration", (m) => m.avg_session_duration],
  ["Joined", "joined", (m) => <When iso={m.created_at} />],
  ["Last login", "last-login", (m) => <When iso={m.last_login} />],
];

/** The figures, with placeholders of the same size until the member has loaded. */
export function MemberFigures({
  member,
  failed,
}: {
  member: UserMetricDetail | undefined;
  failed?: boolean;
}) {
  return (
    <section className="panel" aria-labelledby="member-figures-title" aria-busy={!member && !failed}>
      <h2 id="member-figures-title">Figures</h2>
      <dl className="member-figures">
        {FIGURES.map(([label, id, value]) => (
          <div key={id}>
            <dt>{label}</dt>
            <dd data-testid={member ? id : undefined}>
              {member ? value(member) : failed ? "—" : <span className="skeleton-text" aria-hidden="true" />}
            </dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

/** The member's latest sessions, newest first; the table scrolls sideways on a narrow screen. */
function RecentSessions({ sessions }: { sessions: UserMetricDetail["recent_sessions"] }) {
  return (
    <section className="panel" aria-labelledby="recent-sessions-title">
      <h2 id="recent-sessions-title">Recent sessions</h2>
      {sessions.length === 0 ? (
        <p className="muted">No sessions yet.</p>
      ) : (
        <div className="table-wrap recent-sessions" tabIndex={0} role="region" aria-label="Recent sessions">
          <table data-testid="recent-sessions">
            <caption className="visually-hidden">
              The member&apos;s latest {sessions.length} sessions, newest first
            </caption>
            <thead>
              <tr>
                <th scope="col">Started</th>
                <th scope="col">Ended</th>
                <th scope="col">Duration</th>
              </tr>
            </thead>
            <tbody>
              {sessions.map((s) => (
                <tr key={s.id}>
                  <td>
                    <When iso={s.started_at} />
                  </td>
                  <td>
                    <When iso={s.ended_at} />
                  </td>
                  <td>{s.duration}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

export function BackToDashboard({ companyId }: { companyId: string }) {
  return (
    <IntentLink href={companyPagePath(companyId, "dashboard")} className="back-link">
      ← Back to the dashboard
    </IntentLink>
  );
}

/** The heading: the member's name once known, and the days shown with the zone they are counted in. */
export function MemberHeading({ member, zone }: { member: UserMetricDetail | undefined; zone?: string }) {
  return (
    <div className="page-head">
      <div>
        <h1>{member ? `${member.first_name} ${member.last_name}` : "Member"}</h1>
        <p className="muted">
          {member
            ? `Activity from ${member.daily[0]!.date} to ${member.daily.at(-1)!.date} (${member.daily.length} days) · ${zone}`
            : "Loading…"}
        </p>
      </div>
    </div>
  );
}

/** "From" and "To", in a form of their own, as the report's range picker sets them out. */
export function MemberRange({
  from,
  to,
  onChange,
}: {
  from: string;
  to: string;
  onChange: (patch: { date_from?: string; date_to?: string }) => void;
}) {
  return (
    <form className="filters member-range" aria-label="Date range" onSubmit={(e) => e.preventDefault()}>
      <DateRangeFields idPrefix="m" from={from} to={to} onChange={onChange} />
    </form>
  );
}

/** The daily activity chart's frame, empty while there is no data. */
export function MemberDailyChart({
  member,
  failed,
  zone = "",
}: {
  member: UserMetricDetail | undefined;
  failed?: boolean;
  zone?: string;
}) {
  const points = member ? memberDailySeries(member) : [];
  return (
    <ChartFrame
      id="member-daily"
      title="Sessions per day"
      description={member ? describeMemberDaily(points) : failed ? "Could not load the member." : "Loading…"}
      columns={["Day", "Sessions", "Avg. session"]}
      rows={points.map((p) => [p.date, p.sessions, p.avgDuration])}
      height={CHART_HEIGHT}
    >
      {member && <DailySessionsChart data={points} zone={zone} />}
    </ChartFrame>
  );
}

/** Someone who is not a member of this company (or an id that names nobody). */
function NotAMember({ companyId }: { companyId: string }) {
  return (
    <section
      className="panel state-panel"
      aria-labelledby="member-missing-title"
      data-testid="member-not-found"
    >
      <h1 id="member-missing-title">Member not found</h1>
      <p>This person is not a member of the company, or their membership was removed.</p>
      <p className="muted">
        error <code>member_not_found</code>
      </p>
      <IntentLink href={companyPagePath(companyId, "dashboard")} className="button">
        Back to the dashboard
      </IntentLink>
    </section>
  );
}

/** A member's page: who they are, their figures, their days in the chosen range, their latest sessions. */
export function MemberView({
  companyId,
  userId,
  timezone,
}: {
  companyId: string;
  userId: string;
  /** The company's zone: the one the API counts the member's days in. */
  timezone: string;
}) {
  const { range, update, detail } = useMember(companyId, userId);
  if (detail.error?.code === "member_not_found") return <NotAMember companyId={companyId} />;
  const member = detail.data;
  const shown = shownRange(range, timezone);
  return (
    <>
      <BackToDashboard companyId={companyId} />
      <MemberHeading member={member} zone={timezone} />
      <MemberRange
        from={shown.from}
        to={shown.to}
        onChange={(patch) =>
          update({ date_from: range.date_from ?? null, date_to: range.date_to ?? null, ...patch })
        }
      />
      {detail.error && (
        <ErrorAlert
          error={detail.error}
          onRetry={() => detail.refetch()}
          title="Could not load the member."
        />
      )}
      <MemberFigures member={member} failed={!!detail.error} />
      <MemberDailyChart member={member} failed={!!detail.error} zone={timezone} />
      {member && <RecentSessions sessions={member.recent_sessions} />}
    </>
  );
}
