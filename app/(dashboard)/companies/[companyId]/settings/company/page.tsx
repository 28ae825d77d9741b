import type { Metadata } from "next";
import { CompanySettingsHeading } from "@/components/company-settings/settings-heading";
import { TimeZoneForm } from "@/components/company-settings/time-zone-form";
import { CompanyPage, type CompanyPageProps } from "@/components/ui/company-page";

export const metadata: Metadata = { title: "Company settings" };
export const dynamic = "force-dynamic";

export default function CompanySettingsPage(props: CompanyPageProps) {
  return (
    <CompanyPage props={props} page="company">
      {(ctx) => (
        <>
          <CompanySettingsHeading />
          <TimeZoneForm company={ctx.company} />
        </>
      )}
    </CompanyPage>
  );
}
