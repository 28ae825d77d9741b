"use client";

import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { useState } from "react";
import { RenderedAtProvider } from "@/components/ui/use-now";

/** One QueryClient per browser tab; the hooks carry their own staleTime and retry rules. */
export function Providers({ renderedAt, children }: { renderedAt: number; children: React.ReactNode }) {
  const [client] = useState(() => new QueryClient());
  return (
    <QueryClientProvider client={client}>
      <RenderedAtProvider at={renderedAt}>{children}</RenderedAtProvider>
    </QueryClientProvider>
  );
}
