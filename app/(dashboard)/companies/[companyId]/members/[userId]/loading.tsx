import { MemberSkeleton } from "@/components/member/member-skeleton";
import { CompanyShellSkeleton } from "@/components/ui/company-shell-skeleton";

export default function MemberLoading() {
  return (
    <CompanyShellSkeleton current="dashboard" subpage>
      <MemberSkeleton />
    </CompanyShellSkeleton>
  );
}
