"use client";

import { useEffect, useRef } from "react";
import { Brand } from "./company-shell";

/**
 * A company page that failed to render (its loader or its view threw): what happened in plain
 * words, the reference the server logged it under, and a way to try again.
 */
export function PageError({ title, error, retry }: { title: string; error: unknown; retry: () => void }) {
  const button = useRef<HTMLButtonElement>(null);
  // The alert replaces the page: move focus to its action so keyboard users are not lost.
  useEffect(() => button.current?.focus(), []);
  const digest = error instanceof Error && "digest" in error ? String(error.digest) : null;
  return (
    <>
      <header className="topbar">
        <div className="topbar-inner">
          <Brand />
        </div>
      </header>
      <main id="main" className="page">
        <section className="panel state-panel" role="alert" aria-labelledby="page-error-title">
          <h1 id="page-error-title">{title}</h1>
          <p>Something went wrong while loading this page. Trying again often helps.</p>
          {digest && (
            <p className="muted">
              Reference <code>{digest}</code>
            </p>
          )}
          <button ref={button} type="button" className="button primary" onClick={retry}>
            Try again
          </button>
        </section>
      </main>
    </>
  );
}
