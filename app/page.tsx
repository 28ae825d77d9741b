import { headers } from "next/headers";
import { DEMO } from "@/db/seed/demo-data";
import { requestOrigin } from "@/lib/request";

export const dynamic = "force-dynamic";

export default async function Home() {
  const h = await headers();
  const origin = requestOrigin(new Request("http://localhost/", { headers: h }));
  return (
    <main>
      <h1>User Metrics</h1>
      <p>Engagement analytics for your company&apos;s users, served by a multi-tenant JSON API.</p>
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
