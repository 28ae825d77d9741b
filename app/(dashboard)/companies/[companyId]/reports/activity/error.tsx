"use client";

import { PageError } from "@/components/ui/page-error";

export default function ActivityReportError({ error, retry }: { error: unknown; retry: () => void }) {
  return <PageError title="The activity report could not be shown" error={error} retry={retry} />;
}
