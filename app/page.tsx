import { headers } from "next/headers";
import Link from "next/link";
import { redirect } from "next/navigation";
import { DEMO } from "@/db/seed/demo-data";
import { getSignedInUser } from "@/lib/auth/session";
import { requestOrigin } from "@/lib/request";

export const dynamic = "force-dynamic";

export default async function Home() {
  if (await getSignedInUser()) redirect("/companies");
  const origin = requestOrigin(new Request("http://localhost/", { headers: await headers() }));
  return (
    <main id="main" className="landing">
      <p className="brand">
        <span className="brand-mark" aria-hidden="true">
          ▮▮▮
        </span>{" "}
        User Metrics
      </p>
      <h1>Engagement analytics for your company&apos;s users</h1>
      <p className="muted">
        A dashboard and activity reports in the browser, and a multi-tenant JSON API for your own apps.
      </p>
      <p>
        <Link href="/sign-in" className="button primary">
          Sign in to the dashboard
        </Link>
      </p>
      <h2>Try the API</h2>
      <p>Get a token for a demo account (every demo password is {DEMO.password}):</p>
      <pre>
        <code>{`curl -s -X POST ${origin}/api/v2/auth/token/ \\
  -H "Content-Type: application/json" \\
  -d '{"email":"jane.smith@acme.test","password":"${DEMO.password}"}'`}</code>
      </pre>
      <p>Then list Acme&apos;s active members, ten per page:</p>
      <pre>
        <code>{`curl -s \\
  "${origin}/api/v2/companies/${DEMO.acmeId}/user-metrics/?status=active&page=1&page_size=10" \\
  -H "Authorization: Bearer <access>" \\
  -H "Content-Type: application/json"`}</code>
      </pre>
    </main>
  );
}
