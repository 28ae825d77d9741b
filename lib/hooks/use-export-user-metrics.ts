"use client";

/**
 * CSV export (GET …/user-metrics/export/), two ways:
 *
 * - `userMetricsExportUrl(companyId, params)`: a same-origin URL for a plain
 *   `<a href={…} download>`; the browser streams the file to disk with the session cookie.
 *   The dashboard's simplest option, and the only one that never holds the file in memory.
 * - `useExportUserMetrics()`: downloads through the API client, so apps authenticated by a
 *   bearer token (which a link cannot carry) can export too; the result holds the whole file.
 */
import { useMutation, type UseMutationResult } from "@tanstack/react-query";
import { pickParams, queryString, type ApiClientError, type QueryParams } from "@/lib/api-client";
import type { UserMetricsExportParams } from "@/lib/contracts/user-metrics";
import { EXPORT_PARAMS } from "@/lib/contracts/user-metrics-constants";
import { useApiClient } from "./api-client-context";
import { userMetricsPath } from "./use-user-metrics";

export type { UserMetricsExportParams };

export type ExportUserMetricsVariables = { companyId: string; params?: UserMetricsExportParams };

export type ExportUserMetricsResult = {
  blob: Blob;
  /** From Content-Disposition; `user-metrics-<companyId>.csv` when the header is not readable. */
  filename: string;
  /** Data rows: CSV records minus the header. */
  rows: number;
};

/** Picks the known filters, so a list's params object (with page, page_size) can be passed as is. */
function exportQueryParams(params?: UserMetricsExportParams): QueryParams {
  return pickParams(EXPORT_PARAMS, params);
}

export function userMetricsExportUrl(companyId: string, params?: UserMetricsExportParams): string {
  return `${userMetricsPath(companyId, "export")}${queryString(exportQueryParams(params))}`;
}

/**
 * The number of CSV records (RFC 4180): record breaks are CRLF (or a lone LF / CR) outside
 * quotes; inside a quoted field line breaks are data and `""` is an escaped quote. A final record
 * without its terminator still counts; empty lines do not (our export never writes one, and a
 * trailing blank line must not count as a row).
 */
export function countCsvRecords(text: string): number {
  let records = 0;
  let inQuotes = false;
  let recordStarted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inQuotes) {
      if (c === '"') {
        if (text[i + 1] === '"') i++;
        else inQuotes = false;
      }
    } else if (c === "\r" || c === "\n") {
      if (c === "\r" && text[i + 1] === "\n") i++;
      if (recordStarted) records++;
      recordStarted = false;
    } else {
      if (c === '"') inQuotes = true;
      recordStarted = true;
    }
  }
  return recordStarted ? records + 1 : records;
}

export function useExportUserMetrics(): UseMutationResult<
  ExportUserMetricsResult,
  ApiClientError,
  ExportUserMetricsVariables
> {
  const client = useApiClient();
  return useMutation<ExportUserMetricsResult, ApiClientError, ExportUserMetricsVariables>({
    mutationFn: async ({ companyId, params }) => {
      const { blob, filename } = await client.download(
        userMetricsPath(companyId, "export"),
        exportQueryParams(params),
      );
      const rows = Math.max(0, countCsvRecords(await blob.text()) - 1);
      return { blob, filename: filename ?? `user-metrics-${companyId}.csv`, rows };
    },
  });
}
