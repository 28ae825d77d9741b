/** The page's heading, as the page and its loading state both show it. */
export function ApiKeysHeading() {
  return (
    <div className="page-head">
      <div>
        <h1>API keys</h1>
        <p className="muted">
          Keys let scripts and services call this company&apos;s API without a person signing in. Each key can
          do only what its scopes allow, and works until it expires or is revoked.
        </p>
      </div>
    </div>
  );
}

/** Placeholders the size of the form and the table, so nothing moves when the page arrives. */
export function ApiKeysSkeleton() {
  return (
    <>
      <ApiKeysHeading />
      <div className="panel skeleton skeleton-key-form" aria-hidden="true" />
      <div className="panel skeleton skeleton-keys" aria-hidden="true" />
    </>
  );
}
