/** The page's heading. */
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
