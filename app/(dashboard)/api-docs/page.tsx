import type { Metadata } from "next";
import { headers } from "next/headers";
import { requirePageUser } from "@/app/_lib/guards";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { rateLimitConfig } from "@/lib/auth/api-keys";
import { buildOpenApiDocument } from "@/lib/validation/openapi";
import { PropertyTable, RichText, typeLabel } from "./schema-view";

export const metadata: Metadata = { title: "API reference" };

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- the OpenAPI document is plain JSON

const METHOD_CLASS: Record<string, string> = { get: "bg-accent text-accent-foreground", post: "bg-primary/15 text-foreground" };

function curlFor(base: string, method: string, path: string, op: Json): string {
  const url = `${base}${path.replace("{externalId}", "001Dn00000AbCdE")}${path === "/accounts" ? "?band=A&limit=50" : ""}`;
  const lines = [`curl${method === "get" ? "" : ` -X ${method.toUpperCase()}`} '${url}'`];
  if (op.security?.length) lines.push(`  -H 'Authorization: Bearer $LODESTAR_API_KEY'`);
  const example = op.requestBody?.content?.["application/json"]?.example;
  if (example) {
    lines.push(`  -H 'Content-Type: application/json'`, `  -H 'Idempotency-Key: crm-sync-2025-03-04-001'`);
    lines.push(`  -d '${JSON.stringify(example, null, 2).replace(/'/g, "'\\''")}'`);
  }
  return lines.join(" \\\n");
}

/** The REST API reference, rendered from the same OpenAPI document the API serves. */
export default async function ApiDocsPage() {
  await requirePageUser("api-docs:read");
  const doc = buildOpenApiDocument() as Json;
  const h = await headers();
  const host = h.get("x-forwarded-host") ?? h.get("host") ?? "localhost:3000";
  const proto = h.get("x-forwarded-proto") ?? (host.startsWith("localhost") || host.startsWith("127.") ? "http" : "https");
  const base = `${proto}://${host}/api/v1`;
  const { limit, windowMs } = rateLimitConfig();
  const operations = Object.entries(doc.paths as Record<string, Record<string, Json>>).flatMap(([path, ops]) => Object.entries(ops).map(([method, op]) => ({ path, method, op })));
  const schemas = doc.components.schemas as Record<string, Json>;
  return (
    <section className="flex max-w-5xl flex-col gap-6">
      <header className="flex flex-col gap-2">
        <h1 className="text-2xl font-semibold tracking-tight">API reference</h1>
        <p className="text-muted-foreground"><RichText text={doc.info.description} /></p>
        <p className="text-sm">
          Machine-readable: <a className="text-primary underline underline-offset-2" href="/api/v1/openapi.json">/api/v1/openapi.json</a> (OpenAPI {doc.openapi}) · Base URL{" "}
          <code className="rounded bg-muted px-1.5 py-0.5 font-mono text-xs">{base}</code>
        </p>
      </header>

      <Card>
        <CardHeader>
          <CardTitle>Essentials</CardTitle>
        </CardHeader>
        <CardContent>
          <dl className="grid gap-3 text-sm sm:grid-cols-[10rem_1fr]">
            <dt className="font-medium">Authentication</dt>
            <dd className="text-muted-foreground"><code className="font-mono text-xs">Authorization: Bearer ldst_…</code>. Admins create keys under Settings → API keys; a revoked key is refused on its next request.</dd>
            <dt className="font-medium">Scopes</dt>
            <dd className="text-muted-foreground"><Badge>read</Badge> lists accounts and explanations; <Badge>write</Badge> upserts data. A key without the scope gets 403.</dd>
            <dt className="font-medium">Rate limit</dt>
            <dd className="text-muted-foreground">{limit} requests per {windowMs / 1000} s per key; beyond it 429 with <code className="font-mono text-xs">Retry-After</code> (seconds). Every answer carries <code className="font-mono text-xs">X-RateLimit-Remaining</code>.</dd>
            <dt className="font-medium">Idempotency</dt>
            <dd className="text-muted-foreground">Send <code className="font-mono text-xs">Idempotency-Key</code> on writes: a retry with the same key and body gets the stored answer (header <code className="font-mono text-xs">Idempotency-Replayed: true</code>); the same key with another body gets 422. Keys live 24 h.</dd>
            <dt className="font-medium">Errors</dt>
            <dd className="text-muted-foreground"><code className="font-mono text-xs">{"{ error: { code, message, fields } }"}</code>; a bad payload gets 400 with a message per field path, e.g. <code className="font-mono text-xs">records.3.employeeCount</code>, and nothing is written.</dd>
            <dt className="font-medium">Upserts</dt>
            <dd className="text-muted-foreground">Up to 1,000 records per request, matched by <code className="font-mono text-xs">externalId</code>. A field left out keeps its stored value; <code className="font-mono text-xs">null</code> clears it. Times are ISO 8601 or epoch milliseconds.</dd>
          </dl>
        </CardContent>
      </Card>

      <nav aria-label="Endpoints" className="flex flex-col gap-1 text-sm">
        {operations.map(({ path, method, op }) => (
          <a key={`${method} ${path}`} href={`#op-${op.operationId}`} className="flex items-center gap-2 hover:underline">
            <span className={cn("w-12 rounded px-1.5 py-0.5 text-center font-mono text-xs font-semibold uppercase", METHOD_CLASS[method])}>{method}</span>
            <code className="font-mono text-xs">{path}</code>
            <span className="text-muted-foreground">{op.summary}</span>
          </a>
        ))}
      </nav>

      {operations.map(({ path, method, op }) => {
        const params = (op.parameters ?? []) as Json[];
        const body = op.requestBody?.content?.["application/json"];
        return (
          <Card key={`${method} ${path}`} id={`op-${op.operationId}`} className="scroll-mt-4">
            <CardHeader>
              <div className="flex flex-wrap items-center gap-2">
                <span className={cn("rounded px-1.5 py-0.5 font-mono text-xs font-semibold uppercase", METHOD_CLASS[method])}>{method}</span>
                <h2 className="font-mono text-sm font-semibold">/api/v1{path}</h2>
                {op["x-scope"] ? <Badge>scope: {op["x-scope"]}</Badge> : <Badge>public</Badge>}
              </div>
              <p className="text-sm font-medium">{op.summary}</p>
              {op.description ? <p className="text-sm text-muted-foreground"><RichText text={op.description} /></p> : null}
            </CardHeader>
            <CardContent className="flex flex-col gap-4">
              {params.length ? (
                <div className="flex flex-col gap-2">
                  <h3 className="text-sm font-semibold">Parameters</h3>
                  <div className="overflow-x-auto rounded-md border">
                    <table className="w-full text-sm">
                      <thead className="border-b bg-muted/50 text-left text-xs uppercase tracking-wide text-muted-foreground">
                        <tr>
                          <th scope="col" className="px-3 py-1.5">Name</th>
                          <th scope="col" className="px-3 py-1.5">In</th>
                          <th scope="col" className="px-3 py-1.5">Type</th>
                          <th scope="col" className="px-3 py-1.5">Description</th>
                        </tr>
                      </thead>
                      <tbody>
                        {params.map((p) => (
                          <tr key={`${p.in}-${p.name}`} className="border-b last:border-0 align-top">
                            <td className="whitespace-nowrap px-3 py-1.5 font-mono text-xs">{p.name}{p.required ? <span className="ml-1 text-destructive" title="required">*</span> : null}</td>
                            <td className="px-3 py-1.5 text-muted-foreground">{p.in}</td>
                            <td className="px-3 py-1.5 font-mono text-xs">{typeLabel(p.schema)}</td>
                            <td className="px-3 py-1.5 text-muted-foreground"><RichText text={p.description ?? ""} /></td>
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  </div>
                </div>
              ) : null}
              {body ? (
                <div className="flex flex-col gap-2">
                  <h3 className="text-sm font-semibold">Body: <span className="font-mono text-xs font-normal">{typeLabel(body.schema)}</span></h3>
                </div>
              ) : null}
              <div className="flex flex-col gap-2">
                <h3 className="text-sm font-semibold">Responses</h3>
                <ul className="flex flex-col gap-1 text-sm">
                  {Object.entries(op.responses as Record<string, Json>).map(([status, r]) => {
                    const schema = r.content?.["application/json"]?.schema;
                    return (
                      <li key={status} className="flex gap-2">
                        <span className={cn("w-10 shrink-0 font-mono text-xs font-semibold", status.startsWith("2") ? "text-primary" : "text-destructive")}>{status}</span>
                        <span className="text-muted-foreground">
                          <RichText text={r.description} />
                          {schema?.$ref ? <> → <span className="font-mono text-xs">{typeLabel(schema)}</span></> : null}
                        </span>
                      </li>
                    );
                  })}
                </ul>
              </div>
              <div className="flex flex-col gap-2">
                <h3 className="text-sm font-semibold">Example</h3>
                <pre className="overflow-x-auto rounded-md bg-muted p-3 font-mono text-xs leading-relaxed"><code>{curlFor(base, method, path, op)}</code></pre>
              </div>
            </CardContent>
          </Card>
        );
      })}

      <h2 className="mt-2 text-xl font-semibold tracking-tight">Schemas</h2>
      {Object.entries(schemas).map(([name, schema]) => (
        <Card key={name} id={`schema-${name}`} className="scroll-mt-4">
          <CardHeader>
            <CardTitle className="font-mono text-sm">{name}</CardTitle>
            {schema.description ? <p className="text-sm text-muted-foreground"><RichText text={schema.description} /></p> : null}
          </CardHeader>
          <CardContent>
            <PropertyTable schema={schema} caption={`Fields of ${name}`} />
          </CardContent>
        </Card>
      ))}
    </section>
  );
}
