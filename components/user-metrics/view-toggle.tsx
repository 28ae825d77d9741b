"use client";

import type { DashboardView } from "./url-state";

/** Cards page by page, cards with "Load more", or a sortable table page by page. */
export function ViewToggle({
  view,
  onChange,
}: {
  view: DashboardView;
  onChange: (view: DashboardView) => void;
}) {
  return (
    <div className="view-toggle" role="group" aria-label="How to show members">
      <button type="button" aria-pressed={view === "pages"} onClick={() => onChange("pages")}>
        Pages
      </button>
      <button type="button" aria-pressed={view === "infinite"} onClick={() => onChange("infinite")}>
        Load more
      </button>
      <button type="button" aria-pressed={view === "table"} onClick={() => onChange("table")}>
        Table
      </button>
    </div>
  );
}
