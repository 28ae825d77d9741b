"use client";

import { PageError } from "@/components/ui/page-error";

export default function ApiKeysError({ error, retry }: { error: unknown; retry: () => void }) {
  return <PageError title="The API keys could not be shown" error={error} retry={retry} />;
}
