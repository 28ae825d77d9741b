"use client";

import type { DashboardView } from "./url-state";

/** Pages or "Load more": how to go through the members. */
export function ViewToggle({
  view,
  onChange,
}: {
  view: DashboardView;
  onChange: (view: DashboardView) => void;
}) {
  return (
    <div className="view-toggle" role="group" aria-label="How to page through members">
      <button type="button" aria-pressed={view === "pages"} onClick={() => onChange("pages")}>
        Pages
      </button>
      <button type="button" aria-pressed={view === "infinite"} onClick={() => onChange("infinite")}>
        Load more
      </button>
    </div>
  );
}
