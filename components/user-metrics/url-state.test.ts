import { describe, expect, it } from "vitest";
import { activeFilters, emptyTitle } from "./active-filters";
import { nextOrdering } from "./member-table";
import {
  CLEAR_FILTERS,
  dashboardQuery,
  dashboardStateFrom,
  filterPatch,
  hasFilters,
  reportQuery,
  reportStateFrom,
  summaryFilters,
  type DashboardState,
} from "./url-state";

const q = (s: string) => new URLSearchParams(s);

describe("dashboard URL state", () => {
  it("opens on the API's defaults when the URL says nothing", () => {
    expect(dashboardStateFrom(q(""))).toEqual({
      filters: { ordering: "-last_active", page_size: 20 },
      page: 1,
      view: "pages",
    });
  });

  it("reads every filter, the page and the view", () => {
    expect(
      dashboardStateFrom(
        q(
          "status=pending&ordering=-total_sessions&page_size=50&date_from=2025-07-01&date_to=2025-07-13&page=3&view=infinite",
        ),
      ),
    ).toEqual({
      filters: {
        status: "pending",
        ordering: "-total_sessions",
        page_size: 50,
        date_from: "2025-07-01",
        date_to: "2025-07-13",
      },
      page: 3,
      view: "infinite",
    });
  });

  it("falls back to the default for anything the API would refuse", () => {
    const state = dashboardStateFrom(
      q("page_size=1000&status=bogus&ordering=name&date_from=abc&date_to=2025-7-1&view=grid"),
    );
    expect(state.filters).toEqual({ ordering: "-last_active", page_size: 20 });
    expect(state.view).toBe("pages");
    // Only the sizes the page offers, even ones the API would take.
    expect(dashboardStateFrom(q("page_size=30")).filters.page_size).toBe(20);
    expect(dashboardStateFrom(q("status=all")).filters.status).toBeUndefined();
  });

  it("reads the page as the API does (a whole number from 1), else page 1", () => {
    for (const [raw, page] of [
      ["2", 2],
      ["2.7", 1],
      ["0", 1],
      ["-4", 1],
      ["x", 1],
      ["", 1],
    ] as const)
      expect(dashboardStateFrom(q(`page=${raw}`)).page, raw).toBe(page);
  });

  it("writes a state back without its defaults, and reads it again unchanged", () => {
    const states: DashboardState[] = [
      dashboardStateFrom(q("")),
      dashboardStateFrom(q("status=active&page_size=10&date_from=2025-07-01&page=2")),
      dashboardStateFrom(q("ordering=last_active&date_to=2025-07-13&view=infinite")),
    ];
    expect(dashboardQuery(states[0]!)).toBe("");
    expect(dashboardQuery(states[1]!)).toBe("status=active&page_size=10&date_from=2025-07-01&page=2");
    for (const state of states) expect(dashboardStateFrom(q(dashboardQuery(state)))).toEqual(state);
  });

  it("gives the summary the list's window and member filters, not its paging or ordering", () => {
    const { filters } = dashboardStateFrom(q("status=inactive&ordering=total_sessions&date_from=2025-07-01"));
    expect(summaryFilters(filters)).toEqual({
      status: "inactive",
      date_from: "2025-07-01",
      date_to: undefined,
    });
    const found = dashboardStateFrom(
      q("search=ann&role=admin&department=Sales&department=&inactive_for=30&page_size=50&page=2"),
    ).filters;
    expect(summaryFilters(found)).toStrictEqual({
      status: undefined,
      date_from: undefined,
      date_to: undefined,
      search: "ann",
      role: "admin",
      department: ["", "Sales"],
      inactive_for: 30,
    });
  });
});

describe("finding members in the URL", () => {
  const filters = (s: string) => dashboardStateFrom(q(s)).filters;

  it("reads the search, trimmed; blank or too long is no search", () => {
    expect(filters("search=ann").search).toBe("ann");
    expect(filters("search=%20ann%20smith%20").search).toBe("ann smith");
    expect(filters("search=Jos%C3%A9").search).toBe("José");
    expect(filters("search=").search).toBeUndefined();
    expect(filters("search=%20%20").search).toBeUndefined();
    expect(filters(`search=${"a".repeat(100)}`).search).toHaveLength(100);
    expect(filters(`search=${"a".repeat(101)}`).search).toBeUndefined();
  });

  it("reads roles in the contract's order, unknown ones and repeats dropped", () => {
    expect(filters("role=admin").role).toBe("admin");
    expect(filters("role=viewer,owner").role).toBe("owner,viewer");
    expect(filters("role=member,%20admin,member").role).toBe("admin,member");
    expect(filters("role=admin,boss").role).toBe("admin");
    expect(filters("role=boss").role).toBeUndefined();
    expect(filters("role=").role).toBeUndefined();
  });

  it("reads every department, an empty one meaning no department, sorted and without repeats", () => {
    expect(filters("department=Sales").department).toEqual(["Sales"]);
    expect(filters("department=Sales&department=Finance&department=Sales").department).toEqual([
      "Finance",
      "Sales",
    ]);
    expect(filters("department=").department).toEqual([""]);
    expect(filters("department=&department=Sales").department).toEqual(["", "Sales"]);
    expect(filters("").department).toBeUndefined();
    // What the API would refuse: a name too long is left out, and no more than 20 are kept.
    expect(filters(`department=${"x".repeat(101)}&department=Sales`).department).toEqual(["Sales"]);
    const many = Array.from({ length: 25 }, (_, i) => `department=D${String(i).padStart(2, "0")}`).join("&");
    expect(filters(many).department).toHaveLength(20);
  });

  it("reads the offered inactive_for choices only", () => {
    for (const days of [7, 14, 30, 90]) expect(filters(`inactive_for=${days}`).inactive_for).toBe(days);
    for (const raw of ["0", "5", "3651", "30.5", "x", "-7", ""])
      expect(filters(`inactive_for=${raw}`).inactive_for, raw).toBeUndefined();
  });

  it("lets inactive_for win over the dates (the API refuses both), and keeps the dates without it", () => {
    expect(filters("inactive_for=14&date_from=2025-07-01&date_to=2025-07-13")).toEqual({
      ordering: "-last_active",
      page_size: 20,
      inactive_for: 14,
    });
    expect(filters("inactive_for=13&date_from=2025-07-01")).toMatchObject({
      inactive_for: undefined,
      date_from: "2025-07-01",
    });
  });

  it("reads the table view and the new orderings", () => {
    expect(dashboardStateFrom(q("view=table")).view).toBe("table");
    for (const ordering of [
      "sessions_this_month",
      "-sessions_this_month",
      "avg_session_duration",
      "-avg_session_duration",
    ])
      expect(filters(`ordering=${ordering}`).ordering).toBe(ordering);
  });

  it("writes the new parameters back (each department repeated) and reads them again unchanged", () => {
    const state = dashboardStateFrom(
      q(
        "search=ann&role=member,admin&department=Sales&department=&inactive_for=30&ordering=-avg_session_duration&view=table&page=2",
      ),
    );
    expect(dashboardQuery(state)).toBe(
      "search=ann&role=admin%2Cmember&department=&department=Sales&inactive_for=30&ordering=-avg_session_duration&page=2&view=table",
    );
    expect(dashboardStateFrom(q(dashboardQuery(state)))).toEqual(state);
  });

  it("clears the dates when inactive_for is chosen, and inactive_for when a date is, back to page 1", () => {
    expect(filterPatch({ inactive_for: "30" })).toEqual({
      inactive_for: "30",
      date_from: null,
      date_to: null,
      page: null,
    });
    expect(filterPatch({ date_from: "2025-07-01" })).toEqual({
      date_from: "2025-07-01",
      inactive_for: null,
      page: null,
    });
    expect(filterPatch({ date_to: "2025-07-13" })).toMatchObject({ inactive_for: null });
    // Clearing either one leaves the other alone.
    expect(filterPatch({ inactive_for: "" })).toEqual({ inactive_for: "", page: null });
    expect(filterPatch({ search: "ann" })).toEqual({ search: "ann", page: null });
  });

  it("clears every filter but keeps the ordering, page size and view", () => {
    const params = q(
      "status=active&search=ann&role=admin&department=&inactive_for=7&ordering=total_sessions&page_size=50&view=table&page=3",
    );
    expect(hasFilters(dashboardStateFrom(params).filters)).toBe(true);
    for (const [key, value] of Object.entries(CLEAR_FILTERS)) if (value === null) params.delete(key);
    expect(params.toString()).toBe("ordering=total_sessions&page_size=50&view=table");
    expect(hasFilters(dashboardStateFrom(params).filters)).toBe(false);
  });
});

describe("what emptied the list", () => {
  const title = (s: string) => emptyTitle(activeFilters(dashboardStateFrom(q(s)).filters));

  it("names the filter", () => {
    expect(title("search=zzz")).toBe("No members match “zzz”");
    expect(title("inactive_for=14")).toBe("No members inactive for 14 days");
    expect(title("role=viewer")).toBe("No members with the role viewer");
    expect(title("department=")).toBe("No members in no department");
    expect(title("date_from=2025-07-01&date_to=2025-07-02")).toBe(
      "No members last active between 2025-07-01 and 2025-07-02",
    );
    expect(title("")).toBe("No members in this view");
  });

  it("names them all when several are set", () => {
    expect(title("search=zzz&inactive_for=14")).toBe("No members match “zzz” and inactive for 14 days");
    expect(title("search=zzz&role=admin,viewer&department=Sales&department=&status=pending")).toBe(
      "No members match “zzz”, with the role admin or viewer, in no department or Sales and with status pending",
    );
  });

  it("says how to remove each one", () => {
    const found = activeFilters(
      dashboardStateFrom(q("search=zzz&department=Sales&date_to=2025-07-02")).filters,
    );
    expect(found.map((f) => [f.clearLabel, f.clear])).toEqual([
      ["Clear the search", { search: null }],
      ["Clear the department", { department: null }],
      ["Clear the dates", { date_from: null, date_to: null }],
    ]);
  });
});

describe("table sorting", () => {
  it("orders a column most first, then toggles its direction", () => {
    expect(nextOrdering("-last_active", "total_sessions")).toBe("-total_sessions");
    expect(nextOrdering("-total_sessions", "total_sessions")).toBe("total_sessions");
    expect(nextOrdering("total_sessions", "total_sessions")).toBe("-total_sessions");
    expect(nextOrdering("-last_active", "last_active")).toBe("last_active");
  });
});

describe("report URL state", () => {
  const today = new Date("2025-07-13T15:30:00Z");

  it("opens on the default preset, in the company's zone", () => {
    expect(reportStateFrom(q(""), today)).toEqual({
      range: { date_from: "2025-06-13", date_to: "2025-07-13" },
      preset: "30d",
      zone: "UTC",
      retention: "week",
    });
    expect(reportStateFrom(q("range=bogus"), today).preset).toBe("30d");
    // 02:00 UTC on the 14th is still the 13th in New York: the range ends there.
    expect(reportStateFrom(q(""), new Date("2025-07-14T02:00:00Z"), "America/New_York")).toEqual({
      range: { date_from: "2025-06-13", date_to: "2025-07-13" },
      preset: "30d",
      zone: "America/New_York",
      retention: "week",
    });
  });

  it("reads a preset, and a custom range over it", () => {
    expect(reportStateFrom(q("range=7d"), today).range).toEqual({
      date_from: "2025-07-07",
      date_to: "2025-07-13",
    });
    expect(reportStateFrom(q("range=7d&date_from=2025-07-01"), today)).toMatchObject({
      range: { date_from: "2025-07-01", date_to: undefined },
      preset: null,
    });
  });

  it("sends the URL's zone (canonical) and counts today there; an unknown one falls back to the company's", () => {
    const late = new Date("2025-07-13T23:30:00Z");
    expect(reportStateFrom(q("timezone=Asia/Tokyo"), late, "America/New_York")).toMatchObject({
      range: { date_from: "2025-06-14", date_to: "2025-07-14", timezone: "Asia/Tokyo" },
      zone: "Asia/Tokyo",
    });
    expect(reportStateFrom(q("timezone=US/Eastern"), late).range.timezone).toBe("America/New_York");
    const unknown = reportStateFrom(q("timezone=Mars/Olympus"), late, "Europe/Berlin");
    expect(unknown.zone).toBe("Europe/Berlin");
    expect(unknown.range).not.toHaveProperty("timezone");
  });

  it("reads the retention period, week unless month", () => {
    expect(reportStateFrom(q("retention=month"), today).retention).toBe("month");
    expect(reportStateFrom(q("retention=year"), today).retention).toBe("week");
  });

  it("writes a state back, and reads it again unchanged", () => {
    for (const search of [
      "",
      "range=month",
      "date_from=2025-07-01&date_to=2025-07-10",
      "date_to=2025-07-10",
      "range=7d&timezone=America%2FNew_York&retention=month",
    ]) {
      const state = reportStateFrom(q(search), today);
      expect(reportQuery(state)).toBe(search);
      expect(reportStateFrom(q(reportQuery(state)), today)).toEqual(state);
    }
  });
});
