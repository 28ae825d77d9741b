/**
 * React Query keys of the company resource:
 *
 *   company  ['company', companyId]   ({id, name, timezone})
 */
const COMPANY = "company";

export const companyKeys = {
  all: [COMPANY] as const,
  detail: (companyId: string) => [COMPANY, companyId] as const,
};

export type CompanyKey = ReturnType<typeof companyKeys.detail>;
