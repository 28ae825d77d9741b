"use client";

import { createContext, createElement, startTransition, useContext, useEffect, useState } from "react";

/** When the server drew the page: the first render in the browser draws the same moment. */
const RenderedAt = createContext<number | null>(null);

export function RenderedAtProvider({ at, children }: { at: number; children: React.ReactNode }) {
  return createElement(RenderedAt, { value: at }, children);
}

/**
 * "now" for relative times, moved on every minute so "just now" does not go stale. While the page
 * hydrates it is the moment the server drew it ("3 minutes ago" reads the same on both sides, so
 * a minute turning over in between is no hydration mismatch), then the browser's own clock.
 */
export function useNow() {
  const renderedAt = useContext(RenderedAt);
  const [now, setNow] = useState(() => renderedAt ?? Date.now());
  useEffect(() => {
    // A transition: redrawing every relative time yields to the browser rather than blocking it.
    const tick = () => startTransition(() => setNow(Date.now()));
    const first = setTimeout(tick, 0);
    const id = setInterval(tick, 60_000);
    return () => {
      clearTimeout(first);
      clearInterval(id);
    };
  }, []);
  return now;
}
