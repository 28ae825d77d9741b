import { describe, expect, it } from "vitest";
import {
  dashboardQuery,
  dashboardStateFrom,
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

  it("gives the summary the list's window and status only", () => {
    const { filters } = dashboardStateFrom(q("status=inactive&ordering=total_sessions&date_from=2025-07-01"));
    expect(summaryFilters(filters)).toEqual({
      status: "inactive",
      date_from: "2025-07-01",
      date_to: undefined,
    });
  });
});

describe("report URL state", () => {
  const today = new Date("2025-07-13T15:30:00Z");

  it("opens on the default preset", () => {
    expect(reportStateFrom(q(""), today)).toEqual({
      range: { date_from: "2025-06-13", date_to: "2025-07-13" },
      preset: "30d",
    });
    expect(reportStateFrom(q("range=bogus"), today).preset).toBe("30d");
  });

  it("reads a preset, and a custom range over it", () => {
    expect(reportStateFrom(q("range=7d"), today)).toEqual({
      range: { date_from: "2025-07-07", date_to: "2025-07-13" },
      preset: "7d",
    });
    expect(reportStateFrom(q("range=7d&date_from=2025-07-01"), today)).toEqual({
      range: { date_from: "2025-07-01", date_to: undefined },
      preset: null,
    });
  });

  it("writes a state back, and reads it again unchanged", () => {
    for (const search of [
      "",
      "range=month",
      "date_from=2025-07-01&date_to=2025-07-10",
      "date_to=2025-07-10",
    ]) {
      const state = reportStateFrom(q(search), today);
      expect(reportQuery(state)).toBe(search);
      expect(reportStateFrom(q(reportQuery(state)), today)).toEqual(state);
    }
  });
});
