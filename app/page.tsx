export default function Home() {
  return (
    <main>
      <h1>User Metrics</h1>
      <p>Engagement analytics for your company&apos;s users, served by a multi-tenant JSON API.</p>
      <h2>Try the API</h2>
      <pre>
        <code>{`curl -s -X POST http://localhost:3000/api/v2/auth/token/ \\
  -H "Content-Type: application/json" \\
  -d '{"email":"jane.smith@acme.test","password":"demo-password"}'

curl -s "http://localhost:3000/api/v2/companies/f659ecfa-32be-4a9b-9c9b-6e56c3ccf29a/user-metrics/?status=active&page=1&page_size=10" \\
  -H "Authorization: Bearer <access>" -H "Content-Type: application/json"`}</code>
      </pre>
    </main>
  );
}
