"use client";

import { useEffect, useState } from "react";

/** "now" for relative times, moved on every minute so "just now" does not go stale. */
export function useNow() {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), 60_000);
    return () => clearInterval(id);
  }, []);
  return now;
}
