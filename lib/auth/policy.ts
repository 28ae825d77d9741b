import type { MemberRole, MemberStatus } from "@/db/schema/enums";

/**
 * Who may do what in a company: the one place role rules live. The API's wrapper, the pages
 * (which buttons to show) and, later, API keys' scopes all ask here.
 */
export const PERMISSIONS = {
  /** The list, summary and member figures. A viewer is refused. */
  "metrics:read": ["owner", "admin", "member"],
  "metrics:export": ["owner", "admin", "member"],
  /** Recomputing rollups and writing activity change the company's data. */
  "metrics:refresh": ["owner", "admin"],
  "sessions:write": ["owner", "admin"],
  /** Creating, listing and revoking API keys: people only (an API key never manages keys). */
  "keys:manage": ["owner", "admin"],
  /** The company's settings (its time zone): people only, as for keys. */
  "company:manage": ["owner", "admin"],
} as const satisfies Record<string, readonly MemberRole[]>;

export type Permission = keyof typeof PERMISSIONS;

/** Permissions no API key ever holds, whatever its scopes: a person must act. */
export const PEOPLE_ONLY: readonly Permission[] = ["keys:manage", "company:manage"];

export type Membership = { role: MemberRole; status: MemberStatus };

/** Only an active membership grants anything; then the role decides. */
export function can(membership: Membership | null | undefined, permission: Permission): boolean {
  return (
    !!membership &&
    membership.status === "active" &&
    (PERMISSIONS[permission] as readonly MemberRole[]).includes(membership.role)
  );
}
