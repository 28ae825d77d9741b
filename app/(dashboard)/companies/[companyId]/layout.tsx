import { loadCompanyPage } from "@/lib/company-page";

/**
 * Sign-in and company checks for every company page, here because a layout renders before the
 * pages' loading.tsx starts the stream: after that the status is fixed at 200, and a redirect or
 * not-found could only happen in the browser. (The not-found UI is one level up, since a segment's
 * own not-found.tsx does not catch its layout.)
 */
export default async function CompanyLayout({
  children,
  params,
}: {
  children: React.ReactNode;
  params: Promise<{ companyId: string }>;
}) {
  await loadCompanyPage((await params).companyId);
  return children;
}
