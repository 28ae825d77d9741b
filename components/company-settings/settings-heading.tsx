/** The page's heading. */
export function CompanySettingsHeading() {
  return (
    <div className="page-head">
      <div>
        <h1>Company settings</h1>
        <p className="muted">How the company&apos;s days are counted, for every page and API answer.</p>
      </div>
    </div>
  );
}
