/**
 * The membership enums, as plain constants (no database code): the schema's pgEnums, the API
 * contract, the role policy and the pages all take them from here.
 */
export const MEMBER_ROLES = ["owner", "admin", "member", "viewer"] as const;
export const MEMBER_STATUSES = ["active", "inactive", "pending"] as const;

export type MemberRole = (typeof MEMBER_ROLES)[number];
export type MemberStatus = (typeof MEMBER_STATUSES)[number];
