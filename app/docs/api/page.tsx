import type { Metadata } from "next";
import Link from "next/link";
import { buildOpenApi } from "@/lib/api/openapi";

export const metadata: Metadata = { title: "API reference" };

type Schema = {
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  $ref?: string;
  enum?: unknown[];
  description?: string;
  anyOf?: Schema[];
  format?: string;
  pattern?: string;
};
type Parameter = { name: string; in: string; required: boolean; description?: string; schema: Schema };
type Operation = {
  operationId: string;
  summary: string;
  security?: unknown[];
  parameters?: Parameter[];
  requestBody?: { content: Record<string, { schema: Schema }> };
  responses: Record<string, { description: string; content?: Record<string, { schema: Schema }> }>;
};

const refName = (ref?: string) => ref?.split("/").pop();

function typeOf(s: Schema): string {
  if (s.$ref) return refName(s.$ref)!;
  if (s.enum) return s.enum.map((v) => JSON.stringify(v)).join(" | ");
  if (s.anyOf) return s.anyOf.map(typeOf).join(" | ");
  if (s.type === "array" && s.items) return `${typeOf(s.items)}[]`;
  const t = Array.isArray(s.type) ? s.type.join(" | ") : (s.type ?? "any");
  return s.format ? `${t} (${s.format})` : t;
}

/** A readable reference, rendered from the same OpenAPI document /api/v2/openapi.json serves. */
export default function ApiReferencePage() {
  const doc = buildOpenApi();
  const schemas = doc.components.schemas as Record<string, Schema>;
  return (
    <main id="main" className="landing docs">
      <p>
        <Link href="/">User Metrics</Link> · <a href="/api/v2/openapi.json">openapi.json</a>
      </p>
      <h1>{doc.info.title}</h1>
      <p className="muted">{doc.info.description}</p>
      <nav aria-label="Endpoints">
        <ul>
          {Object.entries(doc.paths).flatMap(([path, ops]) =>
            Object.entries(ops as Record<string, Operation>).map(([method, op]) => (
              <li key={op.operationId}>
                <a href={`#${op.operationId}`}>
                  <code>
                    {method.toUpperCase()} {path}
                  </code>
                </a>{" "}
                — {op.summary}
              </li>
            )),
          )}
        </ul>
      </nav>
      {Object.entries(doc.paths).flatMap(([path, ops]) =>
        Object.entries(ops as Record<string, Operation>).map(([method, op]) => (
          <section
            key={op.operationId}
            id={op.operationId}
            className="panel"
            aria-labelledby={`${op.operationId}-h`}
          >
            <h2 id={`${op.operationId}-h`}>
              <code>
                {method.toUpperCase()} {path}
              </code>
            </h2>
            <p>{op.summary}</p>
            <p className="muted">
              {op.security ? "Bearer JWT or a signed-in session." : "No authentication."}
            </p>
            {op.parameters && op.parameters.length > 0 && (
              <div
                className="table-wrap"
                tabIndex={0}
                role="region"
                aria-label={`${op.operationId} parameters`}
              >
                <table>
                  <caption>Parameters</caption>
                  <thead>
                    <tr>
                      <th scope="col">Name</th>
                      <th scope="col">In</th>
                      <th scope="col">Type</th>
                      <th scope="col">Description</th>
                    </tr>
                  </thead>
                  <tbody>
                    {op.parameters.map((p) => (
                      <tr key={p.name}>
                        <th scope="row">
                          <code>{p.name}</code>
                          {p.required ? " *" : ""}
                        </th>
                        <td>{p.in}</td>
                        <td>
                          <code>{typeOf(p.schema)}</code>
                        </td>
                        <td>{p.description}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
            {op.requestBody && (
              <p>
                Body: <code>{typeOf(Object.values(op.requestBody.content)[0]!.schema)}</code>
              </p>
            )}
            <div className="table-wrap" tabIndex={0} role="region" aria-label={`${op.operationId} responses`}>
              <table>
                <caption>Responses</caption>
                <thead>
                  <tr>
                    <th scope="col">Status</th>
                    <th scope="col">Body</th>
                    <th scope="col">When</th>
                  </tr>
                </thead>
                <tbody>
                  {Object.entries(op.responses).map(([status, r]) => (
                    <tr key={status}>
                      <th scope="row">{status}</th>
                      <td>
                        {r.content ? (
                          <code>
                            {Object.keys(r.content)[0]} {typeOf(Object.values(r.content)[0]!.schema)}
                          </code>
                        ) : (
                          "—"
                        )}
                      </td>
                      <td>{r.description}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </section>
        )),
      )}
      <h2>Schemas</h2>
      {Object.entries(schemas).map(([name, schema]) => (
        <section key={name} id={`schema-${name}`} className="panel">
          <h3>{name}</h3>
          {schema.properties && (
            <ul>
              {Object.entries(schema.properties).map(([field, s]) => (
                <li key={field}>
                  <code>{field}</code>
                  {schema.required?.includes(field) ? "" : "?"}: <code>{typeOf(s)}</code>
                  {s.description ? ` — ${s.description}` : ""}
                </li>
              ))}
            </ul>
          )}
        </section>
      ))}
    </main>
  );
}
