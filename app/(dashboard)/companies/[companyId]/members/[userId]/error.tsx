"use client";

import { PageError } from "@/components/ui/page-error";

export default function MemberError({ error, retry }: { error: unknown; retry: () => void }) {
  return <PageError title="The member's page could not be shown" error={error} retry={retry} />;
}
