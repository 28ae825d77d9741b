import Link from "next/link";
import type { UserMetric } from "@/lib/contracts/user-metrics";

/** A member's page in the company. */
export function memberPath(companyId: string, userId: string): string {
  return `/companies/${companyId}/members/${userId}`;
}

/**
 * The member's name, linking to their page. Not prefetched: a list shows up to 100 members, and
 * each prefetch would be a page render the reader almost never opens.
 */
export function MemberLink({ companyId, user }: { companyId: string; user: UserMetric }) {
  return (
    <Link href={memberPath(companyId, user.user_id)} prefetch={false}>
      {user.first_name} {user.last_name}
    </Link>
  );
}
