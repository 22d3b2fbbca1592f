/** Server-rendered pieces of the API page: a JSON Schema's type as text and a property table. */
type Json = Record<string, unknown>;

/** Text with `code spans` (as the OpenAPI descriptions are written) rendered as <code>. */
export function RichText({ text }: { text: string }) {
  const parts = text.split(/(`[^`]+`)/g);
  return (
    <>
      {parts.map((p, i) =>
        p.startsWith("`") && p.endsWith("`") && p.length > 2 ? (
          <code key={i} className="rounded bg-muted px-1 py-0.5 font-mono text-xs">
            {p.slice(1, -1)}
          </code>
        ) : (
          <span key={i}>{p}</span>
        ),
      )}
    </>
  );
}

const refName = (ref: string) => ref.slice(ref.lastIndexOf("/") + 1);

/** A short type label: `string | null`, `AccountInput[]`, `"open" | "won" | "lost"`, `integer ≥ 0`. */
export function typeLabel(s: Json | undefined): React.ReactNode {
  if (!s) return "any";
  if (typeof s.$ref === "string") {
    const name = refName(s.$ref);
    return (
      <a href={`#schema-${name}`} className="text-primary underline underline-offset-2">
        {name}
      </a>
    );
  }
  if (Array.isArray(s.anyOf)) {
    const parts = (s.anyOf as Json[]).map((x, i) => <span key={i}>{i > 0 ? " | " : ""}{typeLabel(x)}</span>);
    return <>{parts}</>;
  }
  if (Array.isArray(s.enum)) return (s.enum as unknown[]).map((v) => JSON.stringify(v)).join(" | ");
  const types = Array.isArray(s.type) ? (s.type as string[]) : s.type ? [s.type as string] : [];
  if (types.includes("array")) return <>{typeLabel(s.items as Json)}[]</>;
  const base = types.join(" | ") || "object";
  const notes: string[] = [];
  if (typeof s.format === "string") notes.push(s.format);
  if (typeof s.minimum === "number" && s.minimum > -1e15) notes.push(`≥ ${s.minimum}`);
  if (typeof s.maximum === "number" && s.maximum < 1e15) notes.push(`≤ ${s.maximum}`);
  if (typeof s.maxLength === "number") notes.push(`≤ ${s.maxLength} chars`);
  if (typeof s.maxItems === "number") notes.push(`≤ ${s.maxItems} items`);
  return notes.length ? `${base} (${notes.join(", ")})` : base;
}

export interface PropertyTableProps {
  schema: Json;
  caption: string;
}

/** The properties of an object schema: name, type, required, description. */
export function PropertyTable({ schema, caption }: PropertyTableProps) {
  const props = (schema.properties ?? {}) as Record<string, Json>;
  const required = new Set((schema.required ?? []) as string[]);
  const names = Object.keys(props);
  if (names.length === 0) return <p className="text-sm text-muted-foreground">{typeLabel(schema)}</p>;
  return (
    <div className="overflow-x-auto rounded-md border">
      <table className="w-full text-sm">
        <caption className="sr-only">{caption}</caption>
        <thead className="border-b bg-muted/50 text-left text-xs uppercase tracking-wide text-muted-foreground">
          <tr>
            <th scope="col" className="px-3 py-1.5">Field</th>
            <th scope="col" className="px-3 py-1.5">Type</th>
            <th scope="col" className="px-3 py-1.5">Description</th>
          </tr>
        </thead>
        <tbody>
          {names.map((n) => (
            <tr key={n} className="border-b last:border-0 align-top">
              <td className="whitespace-nowrap px-3 py-1.5 font-mono text-xs">
                {n}
                {required.has(n) ? <span className="ml-1 text-destructive" title="required">*</span> : null}
              </td>
              <td className="px-3 py-1.5 font-mono text-xs">{typeLabel(props[n])}</td>
              <td className="px-3 py-1.5 text-muted-foreground"><RichText text={String(props[n]!.description ?? "")} /></td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
