import type { Metadata, Viewport } from "next";
import { cookies } from "next/headers";
import { connection } from "next/server";
import { parseTheme, THEME_COOKIE } from "@/lib/theme";
import { Providers } from "./providers";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "User Metrics", template: "%s · User Metrics" },
  description: "Engagement analytics for your company's users",
};

export const viewport: Viewport = { width: "device-width", initialScale: 1 };

/** This request's moment, which the browser's first render draws relative times from. */
const renderedAt = () => Date.now();

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  // Rendered per request, so Next.js can put this request's CSP nonce (proxy.ts) on its scripts.
  await connection();
  // The theme this browser chose (the toggle's cookie), drawn from the first byte; none: the system's.
  const theme = parseTheme((await cookies()).get(THEME_COOKIE)?.value);
  return (
    <html lang="en" data-theme={theme ?? undefined}>
      <body>
        <a className="skip-link" href="#main">
          Skip to content
        </a>
        <Providers renderedAt={renderedAt()}>{children}</Providers>
      </body>
    </html>
  );
}
