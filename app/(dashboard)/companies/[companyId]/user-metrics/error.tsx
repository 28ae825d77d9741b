"use client";

import { PageError } from "@/components/ui/page-error";

export default function UserMetricsError({ error, retry }: { error: unknown; retry: () => void }) {
  return <PageError title="The dashboard could not be shown" error={error} retry={retry} />;
}
