"use client";

import { useNow } from "@/components/ui/use-now";
import { EmptyState, ErrorAlert } from "@/components/user-metrics/states";
import type { ApiKey } from "@/lib/contracts/api-keys";
import { useApiKeys } from "@/lib/hooks";
import { absoluteTime, relativeTime } from "@/lib/relative-time";
import { maskedKey } from "./scopes";

const day = new Intl.DateTimeFormat("en-GB", {
  day: "numeric",
  month: "short",
  year: "numeric",
  timeZone: "UTC",
});

/** A date ("13 Jul 2025"), or with `now` how long ago in words; the exact time on hover. */
function When({ iso, now }: { iso: string; now?: number }) {
  return (
    <time dateTime={iso} title={absoluteTime(iso)}>
      {now === undefined ? day.format(new Date(iso)) : relativeTime(iso, now)}
    </time>
  );
}

function Expiry({ iso, now }: { iso: string | null; now: number }) {
  if (!iso) return <>Never</>;
  if (Date.parse(iso) <= now) {
    return (
      <span className="expired">
        Expired <When iso={iso} />
      </span>
    );
  }
  return <When iso={iso} />;
}

/**
 * The company's live keys. Each row has a Revoke button that hands the key to `onRevoke`
 * (the confirmation dialog); the labels of the cells are repeated for the stacked phone layout.
 */
export function KeysTable({
  companyId,
  onRevoke,
  headingRef,
}: {
  companyId: string;
  onRevoke: (key: ApiKey) => void;
  headingRef: React.RefObject<HTMLHeadingElement | null>;
}) {
  const keys = useApiKeys(companyId);
  const now = useNow();
  return (
    <section
      className="panel keys-panel"
      aria-labelledby="keys-title"
      aria-busy={keys.isPending || undefined}
    >
      <h2 id="keys-title" ref={headingRef} tabIndex={-1}>
        Active keys{keys.data ? ` (${keys.data.results.length})` : ""}
      </h2>
      {keys.isError ? (
        <ErrorAlert
          error={keys.error}
          onRetry={() => void keys.refetch()}
          title="Could not load the API keys."
        />
      ) : keys.isPending ? (
        <p className="muted">Loading the keys…</p>
      ) : keys.data.results.length === 0 ? (
        <EmptyState title="No API keys yet">
          <p>Create one above to call the API from a script or a service.</p>
        </EmptyState>
      ) : (
        <table className="keys-table">
          <caption className="visually-hidden">API keys of this company, newest first</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Key</th>
              <th scope="col">Scopes</th>
              <th scope="col">Created</th>
              <th scope="col">Last used</th>
              <th scope="col">Expires</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {keys.data.results.map((key) => (
              <tr key={key.id}>
                <th scope="row" data-label="Name">
                  <span className="key-name">{key.name}</span>
                  <span className="hint">by {key.created_by.email}</span>
                </th>
                <td data-label="Key">
                  <code>{maskedKey(key.prefix)}</code>
                </td>
                <td data-label="Scopes">
                  <ul className="scope-tags">
                    {key.scopes.map((scope) => (
                      <li key={scope}>
                        <code>{scope}</code>
                      </li>
                    ))}
                  </ul>
                </td>
                <td data-label="Created">
                  <When iso={key.created_at} />
                </td>
                <td data-label="Last used">
                  {key.last_used_at ? <When iso={key.last_used_at} now={now} /> : "Never"}
                </td>
                <td data-label="Expires">
                  <Expiry iso={key.expires_at} now={now} />
                </td>
                <td className="row-actions">
                  <button type="button" className="button small danger-outline" onClick={() => onRevoke(key)}>
                    Revoke<span className="visually-hidden"> {key.name}</span>
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
