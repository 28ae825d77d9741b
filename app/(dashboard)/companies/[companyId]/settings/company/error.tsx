"use client";

import { PageError } from "@/components/ui/page-error";

export default function CompanySettingsError({ error, retry }: { error: unknown; retry: () => void }) {
  return <PageError title="The company's settings could not be shown" error={error} retry={retry} />;
}
