import type { Metadata } from "next";
import "./globals.css";

export const metadata: Metadata = {
  title: "User Metrics",
  description: "Engagement analytics for your company's users",
};

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
