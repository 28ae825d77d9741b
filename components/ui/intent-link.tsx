"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";

/**
 * `next/link` that prefetches when the reader reaches for it (pointer over it, a touch, keyboard
 * focus) rather than as soon as it is drawn: a page's first load then downloads and compiles only
 * its own code, not that of every page its navigation links to (the activity report's charts
 * were loaded by the dashboard's tabs). The click still finds the next page prefetched, as a rule.
 */
export function IntentLink({
  href,
  onMouseEnter,
  onTouchStart,
  onFocus,
  ...props
}: Omit<React.ComponentProps<typeof Link>, "href" | "prefetch"> & { href: string }) {
  const router = useRouter();
  const prefetch = () => router.prefetch(href);
  return (
    <Link
      {...props}
      href={href}
      prefetch={false}
      onMouseEnter={(e) => {
        prefetch();
        onMouseEnter?.(e);
      }}
      onTouchStart={(e) => {
        prefetch();
        onTouchStart?.(e);
      }}
      onFocus={(e) => {
        prefetch();
        onFocus?.(e);
      }}
    />
  );
}
