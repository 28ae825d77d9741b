"use client";

import { useEffect, useRef, useState } from "react";

/**
 * Whether an element has come into the viewport (then for good): what is
 * further down is not drawn during the first load.
 */
function useInViewport<T extends Element>() {
  const ref = useRef<T>(null);
  const [seen, setSeen] = useState(false);
  useEffect(() => {
    const el = ref.current;
    if (!el || seen) return;
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((e) => e.isIntersecting)) setSeen(true);
      },
      { rootMargin: "0px" },
    );
    observer.observe(el);
    return () => observer.disconnect();
  }, [seen]);
  return { ref, seen };
}

/**
 * A chart with its title, a one-line reading of it, and its data as a table: the accessible text
 * alternative (the SVG itself is hidden from screen readers, which get the sentence and the table).
 */
export function ChartFrame({
  id,
  title,
  description,
  columns,
  rows,
  height = 280,
  children,
}: {
  id: string;
  title: string;
  description: string;
  columns: string[];
  rows: (string | number)[][];
  height?: number;
  children: React.ReactNode;
}) {
  // The chart itself (and recharts) only once it is about to be seen; its box keeps the height.
  const { ref, seen } = useInViewport<HTMLDivElement>();
  return (
    <figure className="panel chart" aria-labelledby={`${id}-title`} data-testid={`chart-${id}`}>
      <figcaption>
        <h2 id={`${id}-title`}>{title}</h2>
        <p className="muted" id={`${id}-desc`}>
          {description}
        </p>
      </figcaption>
      <div
        ref={ref}
        className="chart-body"
        style={{ height }}
        role="img"
        aria-labelledby={`${id}-title ${id}-desc`}
      >
        {seen && children}
      </div>
      <details className="chart-data">
        <summary>Show the data as a table</summary>
        {/* Focusable, so keyboard users can scroll a long table. */}
        <div className="table-wrap" tabIndex={0} role="region" aria-label={`${title}: data`}>
          <table>
            <caption className="visually-hidden">{title}</caption>
            <thead>
              <tr>
                {columns.map((c) => (
                  <th key={c} scope="col">
                    {c}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((r, i) => (
                <tr key={i}>
                  {r.map((cell, j) =>
                    j === 0 ? (
                      <th key={j} scope="row">
                        {cell}
                      </th>
                    ) : (
                      <td key={j}>{cell}</td>
                    ),
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </figure>
  );
}
