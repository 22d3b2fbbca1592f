import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { requirePageUser } from "@/app/_lib/guards";
import { getDb } from "@/db/client";
import { getModel, getVersion, listVersions } from "@/db/queries/models";
import { diffDefinitions, formatValue, type DefinitionChange } from "@/lib/scoring/diff";
import { parseModelDefinition } from "@/lib/scoring/model";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";

export const metadata: Metadata = { title: "Compare versions" };

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

const SECTION: Record<DefinitionChange["type"], string> = {
  schema_version: "Format",
  category_weight: "Weights",
  criterion_added: "Criteria",
  criterion_removed: "Criteria",
  criterion_changed: "Criteria",
  criteria_reordered: "Criteria",
  band_added: "Bands",
  band_removed: "Bands",
  band_changed: "Bands",
};

function Change({ c }: { c: DefinitionChange }) {
  switch (c.type) {
    case "criterion_changed":
      return (
        <div>
          <div className="font-medium">Changed “{c.label}”</div>
          <table className="mt-1 w-full text-sm">
            <caption className="sr-only">Fields of {c.label} that changed</caption>
            <thead className="text-left text-xs uppercase tracking-wide text-muted-foreground">
              <tr>
                <th scope="col" className="py-1 pr-3">Field</th>
                <th scope="col" className="py-1 pr-3">Before</th>
                <th scope="col" className="py-1">After</th>
              </tr>
            </thead>
            <tbody>
              {c.fields.map((f) => (
                <tr key={f.field} className="border-t">
                  <th scope="row" className="py-1 pr-3 text-left font-normal text-muted-foreground">{f.field}</th>
                  <td className="py-1 pr-3"><del className="text-destructive decoration-destructive/60">{f.beforeText}</del></td>
                  <td className="py-1"><ins className="text-success no-underline">{f.afterText}</ins></td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      );
    case "criterion_added":
      return (
        <div>
          <span className="font-medium text-success">Added</span> {c.message.replace(/^Added criterion /, "")}
          <div className="text-xs text-muted-foreground">{Object.entries(c.after).filter(([k]) => !["id", "label", "category", "kind", "enabled"].includes(k)).map(([k, v]) => `${k}: ${formatValue(v)}`).join(" · ")}</div>
        </div>
      );
    case "criterion_removed":
      return (
        <div>
          <span className="font-medium text-destructive">Removed</span> “{c.label}”
        </div>
      );
    case "category_weight":
      return (
        <div>
          {c.category.charAt(0).toUpperCase() + c.category.slice(1)} weight <del className="text-destructive">{c.before}</del> → <ins className="text-success no-underline">{c.after}</ins>
        </div>
      );
    default:
      return <div>{c.message}</div>;
  }
}

export default async function DiffPage({ params, searchParams }: { params: Promise<{ modelId: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requirePageUser("models:read");
  const modelId = Number((await params).modelId);
  if (!Number.isInteger(modelId) || modelId <= 0) notFound();
  const handle = getDb();
  const model = await getModel(handle, modelId);
  if (!model) notFound();
  const sp = await searchParams;
  const versions = await listVersions(handle, modelId);
  const live = versions.find((v) => v.id === model.publishedVersionId);
  // Defaults: the live version against the newest other one.
  const fromId = Number(one(sp.from)) || live?.id || versions[1]?.id;
  const toId = Number(one(sp.to)) || versions.find((v) => v.id !== fromId)?.id;
  const from = fromId ? await getVersion(handle, modelId, fromId) : null;
  const to = toId ? await getVersion(handle, modelId, toId) : null;
  const a = from ? parseModelDefinition(from.definition) : null;
  const b = to ? parseModelDefinition(to.definition) : null;
  const changes = a?.ok && b?.ok ? diffDefinitions(a.value, b.value) : null;
  const groups = new Map<string, DefinitionChange[]>();
  for (const c of changes ?? []) groups.set(SECTION[c.type], [...(groups.get(SECTION[c.type]) ?? []), c]);
  return (
    <section className="flex max-w-4xl flex-col gap-5">
      <header>
        <nav aria-label="Breadcrumb" className="text-sm text-muted-foreground">
          <Link href="/models" className="hover:underline">Models</Link> /{" "}
          <Link href={`/models/${modelId}`} className="hover:underline">{model.name}</Link> /{" "}
          <Link href={`/models/${modelId}/versions`} className="hover:underline">Versions</Link>
        </nav>
        <h1 className="text-2xl font-semibold tracking-tight">
          {from && to ? `Version ${from.version} → version ${to.version}` : "Compare versions"}
        </h1>
        {from && to ? (
          <p className="text-sm text-muted-foreground">
            What changes when going from version {from.version} ({from.status === "published" ? "live" : from.status}) to version {to.version} ({to.status === "published" ? "live" : to.status}).
          </p>
        ) : null}
      </header>
      {!from || !to ? (
        <p className="rounded-lg border border-dashed p-6 text-muted-foreground">Pick two versions of this model to compare on the versions page.</p>
      ) : changes === null ? (
        <p className="rounded-lg border border-dashed p-6 text-muted-foreground">One of these versions cannot be read as a rule model.</p>
      ) : changes.length === 0 ? (
        <p className="rounded-lg border border-dashed p-6 text-muted-foreground" data-testid="no-differences">The two versions are identical.</p>
      ) : (
        [...groups].map(([title, list]) => (
          <Card key={title}>
            <CardHeader>
              <CardTitle>{title}</CardTitle>
            </CardHeader>
            <CardContent>
              <ul className="flex flex-col gap-3 text-sm" data-testid={`diff-${title.toLowerCase()}`}>
                {list.map((c, k) => (
                  <li key={k}><Change c={c} /></li>
                ))}
              </ul>
            </CardContent>
          </Card>
        ))
      )}
    </section>
  );
}
