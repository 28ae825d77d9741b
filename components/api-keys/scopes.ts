import type { ApiKeyScope } from "@/lib/contracts/api-keys";

/** What each scope lets a key do, in the words of the endpoints it opens. */
export const SCOPE_DESCRIPTIONS: Record<ApiKeyScope, string> = {
  "metrics:read": "Read the member list and the summary",
  "metrics:export": "Download the CSV export",
  "metrics:refresh": "Recompute the company's metrics",
  "sessions:write": "Send activity sessions",
};

/** The expiry choices of the form: days, or null for a key that never expires. */
export const EXPIRY_CHOICES = [
  { value: "never", label: "Never", days: null },
  { value: "30", label: "In 30 days", days: 30 },
  { value: "90", label: "In 90 days", days: 90 },
  { value: "365", label: "In 365 days", days: 365 },
] as const;
export type ExpiryChoice = (typeof EXPIRY_CHOICES)[number]["value"];

export function expiryDays(choice: ExpiryChoice): number | null {
  return EXPIRY_CHOICES.find((c) => c.value === choice)?.days ?? null;
}

/** How a key is recognised without its secret: `um_` and its prefix. */
export function maskedKey(prefix: string): string {
  return `um_${prefix}…`;
}

/** Why a scope cannot be ticked: a role grants only what it holds itself. */
export function scopeRefusal(role: string | null): string {
  return `Your role${role ? ` (${role})` : ""} does not have this permission, so it cannot grant it to a key.`;
}
