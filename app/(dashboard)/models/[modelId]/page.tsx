import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { requirePageUser } from "@/app/_lib/guards";
import { getDb } from "@/db/client";
import { editorContext } from "@/db/queries/model-analysis";
import { getModel, listVersions } from "@/db/queries/models";
import { can } from "@/lib/auth/policy";
import { ModelEditor } from "../_components/model-editor";
import type { EditorVersion } from "../_components/editor-types";
import { LearnedVersionView } from "../predictive/_components/learned-version-view";

export const metadata: Metadata = { title: "Model" };

type Params = { modelId: string };
type Search = Record<string, string | string[] | undefined>;

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

export default async function ModelPage({ params, searchParams }: { params: Promise<Params>; searchParams: Promise<Search> }) {
  const user = await requirePageUser("models:read");
  const modelId = Number((await params).modelId);
  if (!Number.isInteger(modelId) || modelId <= 0) notFound();
  const sp = await searchParams;
  const handle = getDb();
  const model = await getModel(handle, modelId);
  if (!model) notFound();
  const versions = await listVersions(handle, modelId);
  const draft = versions.find((v) => v.status === "draft") ?? null;
  const live = versions.find((v) => v.id === model.publishedVersionId) ?? null;
  const requested = Number(one(sp.version));
  // Default: the draft being worked on, else the live version, else the newest.
  const shown = versions.find((v) => v.id === requested) ?? draft ?? live ?? versions[0];
  if (!shown) notFound();
  // Predictive and blended versions are trained, not edited: they get their own read-only view.
  if (shown.kind === "predictive" || shown.kind === "blended") return <LearnedVersionView model={model} version={shown} live={live ? { id: live.id, version: live.version } : null} />;
  const ctx = await editorContext(handle);
  const published = one(sp.published);
  const version: EditorVersion = {
    id: shown.id,
    version: shown.version,
    status: shown.status as EditorVersion["status"],
    revision: shown.revision,
    definition: shown.definition,
    note: shown.note,
    updatedAt: shown.updatedAt,
    updatedBy: shown.updatedBy,
    publishedAt: shown.publishedAt,
    publishedBy: shown.publishedBy,
  };
  return (
    <section className="flex flex-col gap-4">
      {published ? (
        <p className="rounded-md border border-success/40 bg-success/5 px-3 py-2 text-sm" role="status" data-testid="published-notice">
          Published version {published}: {Number(one(sp.accounts) ?? 0).toLocaleString("en-US")} accounts rescored in {(Number(one(sp.ms) ?? 0) / 1000).toFixed(1)} s. The ranked list now uses it.
        </p>
      ) : null}
      <ModelEditor
        key={`${version.id}:${version.revision}:${version.status}`}
        model={{
          id: model.id,
          name: model.name,
          description: model.description,
          isPrimary: model.isPrimary,
          live: live ? { id: live.id, version: live.version } : null,
          draft: draft ? { id: draft.id, version: draft.version } : null,
        }}
        version={version}
        canWrite={can(user.role, "models:write")}
        canPublish={can(user.role, "models:publish")}
        knownAttributes={ctx.knownAttributes}
        values={ctx.values}
        accounts={ctx.accounts}
        backtestDefaults={ctx.backtestDefaults}
      />
    </section>
  );
}
