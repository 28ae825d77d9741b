/** The company resource's contract: its settings (the time zone its days are counted in). */
import { z } from "zod";
import { timeZone } from "./shared";

export const updateCompanySchema = z
  .object({
    timezone: z
      .string({ error: "This field is required and must be a string." })
      .pipe(timeZone)
      .describe("IANA time zone of the company's days: windows, daily series, months, inactive_for"),
  })
  .meta({ id: "CompanyUpdate" });
export type UpdateCompanyBody = z.output<typeof updateCompanySchema>;
export type UpdateCompanyInput = z.input<typeof updateCompanySchema>;

export const companySchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    timezone: z.string().describe("IANA time zone of the company's days"),
  })
  .meta({ id: "Company" });
export type CompanyResponse = z.infer<typeof companySchema>;
