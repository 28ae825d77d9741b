/** The companies contract's names the browser needs, without its schemas (./companies). */

/** The fields of a company update (the keys of `updateCompanySchema`). */
export const UPDATE_COMPANY_FIELDS = ["timezone"] as const;
