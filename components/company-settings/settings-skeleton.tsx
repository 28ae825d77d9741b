/** The page's heading, as the page and its loading state both show it. */
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

/** A placeholder the size of the form, so nothing moves when the page arrives. */
export function CompanySettingsSkeleton() {
  return (
    <>
      <CompanySettingsHeading />
      <div className="panel skeleton skeleton-settings" aria-hidden="true" />
    </>
  );
}
