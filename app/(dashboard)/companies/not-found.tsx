import { IntentLink } from "@/components/ui/intent-link";

export default function CompanyNotFound() {
  return (
    <main id="main" className="auth-page">
      <section className="auth-card wide" aria-labelledby="nf-title">
        <h1 id="nf-title">Company not found</h1>
        <p>This company does not exist, was removed, or you don&apos;t have access to it.</p>
        <p className="muted">
          error <code>company_not_found</code>
        </p>
        <IntentLink href="/companies" className="button">
          Back to your companies
        </IntentLink>
      </section>
    </main>
  );
}
