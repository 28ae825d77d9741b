"use client";

import { KpiTiles } from "./kpi-tiles";
import { DashboardHeading } from "./dashboard-header";
import { UserMetricsFilters } from "./filters";
import { MemberTable } from "./member-table";
import { CardSkeletons } from "./states";
import { useDashboardState } from "./use-dashboard";
import { ViewToggle } from "./view-toggle";

const idle = () => {};

/**
 * The dashboard before its data: the parts' own empty states and the URL's filters, inert, so
 * nothing moves when the page replaces it. It asks for no data (the page decides who may).
 */
export function DashboardSkeleton() {
  const { filters, view } = useDashboardState();
  return (
    <>
      <div className="page-head">
        <DashboardHeading count={undefined} window={undefined} inactiveFor={filters.inactive_for} />
        <div className="actions" aria-hidden="true">
          {/* Holds the actions' height, which matters once they wrap under the heading. */}
          <span className="button" style={{ visibility: "hidden" }}>
            Export CSV
          </span>
        </div>
      </div>
      <p className="status-line" />
      <KpiTiles summary={undefined} inactiveFor={filters.inactive_for} />
      <div inert>
        <UserMetricsFilters values={filters} onChange={idle} />
      </div>
      <div inert>
        <ViewToggle view={view} onChange={idle} />
      </div>
      {view === "table" ? (
        <div inert>
          <MemberTable
            companyId=""
            users={null}
            rows={Math.min(filters.page_size, 12)}
            now={0}
            ordering={filters.ordering}
            onSort={idle}
          />
        </div>
      ) : (
        <CardSkeletons count={Math.min(filters.page_size, 12)} />
      )}
    </>
  );
}
