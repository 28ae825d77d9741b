import { CompanyShellSkeleton } from "@/components/ui/company-shell-skeleton";
import { ApiKeysSkeleton } from "@/components/api-keys/api-keys-skeleton";

export default function ApiKeysLoading() {
  return (
    <CompanyShellSkeleton current="apiKeys">
      <ApiKeysSkeleton />
    </CompanyShellSkeleton>
  );
}
