import type { ApiClientError } from "@/lib/api-client";
import { isRetryable } from "@/lib/hooks/retry";

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

/** The API's own words (with each field's message on a 400), and a way to try again when it can help. */
export function ErrorAlert({
  error,
  onRetry,
  title = "Could not load the metrics.",
}: {
  error: ApiClientError | Error;
  onRetry?: () => void;
  /** What failed, in a few words; the API's detail follows. */
  title?: string;
}) {
  const detail = "detail" in error ? error.detail : error.message;
  const code = "code" in error ? error.code : null;
  const fields = "errors" in error && error.errors ? Object.entries(error.errors) : [];
  // The hooks' rule: what will be refused again as it is gets no Retry button.
  const retryable = isRetryable(error);
  return (
    <div className="alert" role="alert">
      <div>
        <strong>{title}</strong> {detail}
        {code && (
          <span className="muted">
            {" "}
            (<code>{code}</code>)
          </span>
        )}
        {fields.length > 0 && (
          <ul>
            {fields.map(([field, messages]) => (
              <li key={field}>
                <code>{field}</code>: {messages.join(" ")}
              </li>
            ))}
          </ul>
        )}
      </div>
      {onRetry && retryable && (
        <button type="button" className="button small" onClick={onRetry}>
          Retry
        </button>
      )}
    </div>
  );
}
