import { CompanySettingsSkeleton } from "@/components/company-settings/settings-skeleton";
import { CompanyShellSkeleton } from "@/components/ui/company-shell-skeleton";

export default function CompanySettingsLoading() {
  return (
    <CompanyShellSkeleton current="company">
      <CompanySettingsSkeleton />
    </CompanyShellSkeleton>
  );
}
