import type { ApiClientError } from "@/lib/api-client";

/** Placeholders of the same size as the cards, so nothing moves when data arrives. */
export function CardSkeletons({ count }: { count: number }) {
  return (
    <div className="metrics-grid" aria-hidden="true">
      {Array.from({ length: count }, (_, i) => (
        <div key={i} className="metric-card skeleton" />
      ))}
    </div>
  );
}

export function EmptyState({ title, children }: { title: string; children?: React.ReactNode }) {
  return (
    <div className="panel state-panel empty">
      <h3>{title}</h3>
      {children}
    </div>
  );
}

/** The API's own words, and a way to try again. */
export function ErrorAlert({ error, onRetry }: { error: ApiClientError | Error; onRetry?: () => void }) {
  const detail = "detail" in error ? error.detail : error.message;
  const code = "code" in error ? error.code : null;
  return (
    <div className="alert" role="alert">
      <div>
        <strong>Could not load the metrics.</strong> {detail}
        {code && (
          <span className="muted">
            {" "}
            (<code>{code}</code>)
          </span>
        )}
      </div>
      {onRetry && (
        <button type="button" className="button small" onClick={onRetry}>
          Retry
        </button>
      )}
    </div>
  );
}
