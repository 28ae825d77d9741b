import Link from "next/link";
import { memberPagePath } from "@/components/ui/company-pages";
import type { UserMetric } from "@/lib/contracts/user-metrics";

/**
 * The member's name, linking to their page. Not prefetched: a list shows up to 100 members, and
 * each prefetch would be a page render the reader almost never opens.
 */
export function MemberLink({ companyId, user }: { companyId: string; user: UserMetric }) {
  return (
    <Link href={memberPagePath(companyId, user.user_id)} prefetch={false}>
      {user.first_name} {user.last_name}
    </Link>
  );
}
