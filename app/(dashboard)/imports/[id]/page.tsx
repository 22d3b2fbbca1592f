import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { requirePageUser } from "@/app/_lib/guards";
import { getDb } from "@/db/client";
import { readUploadSample } from "@/db/jobs/import-files";
import { countImportRowErrors, getImportJob, listImportRowErrors } from "@/db/queries/imports";
import { getPrimaryModel } from "@/db/queries/models";
import { buttonClass } from "@/components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { can } from "@/lib/auth/policy";
import { ENTITY_FIELDS, isMissing, proposeMapping, type ImportEntity } from "@/lib/csv";
import { ENTITY_LABELS, formatBytes, formatCount, formatDuration, formatUtc, progressFigures } from "@/lib/imports/format";
import type { ImportSpec } from "@/lib/imports/spec";
import { ImportProgress } from "../_components/import-progress";
import { JobActionButton } from "../_components/job-actions";
import { MappingEditor, type EditorField } from "../_components/mapping-editor";
import { ImportStatusBadge } from "../_components/status-badge";

export const metadata: Metadata = { title: "Import" };

export default async function ImportJobPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requirePageUser("imports:run");
  const id = Number((await params).id);
  if (!Number.isInteger(id) || id <= 0) notFound();
  const handle = getDb();
  const job = await getImportJob(handle, id);
  if (!job) notFound();
  const entity = job.entity as ImportEntity;
  const entityLabel = ENTITY_LABELS[entity] ?? job.entity;

  const head = (
    <>
      <nav aria-label="Breadcrumb" className="text-sm text-muted-foreground">
        <Link href="/imports" className="hover:text-foreground">Imports</Link> / #{job.id}
      </nav>
      <header className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight">
            {entityLabel} from {job.filename}
          </h1>
          <p className="text-sm text-muted-foreground">
            {formatBytes(job.bytes)} · uploaded {formatUtc(job.createdAt)}
          </p>
        </div>
        <ImportStatusBadge status={job.status} dryRun={Boolean(job.dryRun)} />
      </header>
    </>
  );

  if (job.status === "uploaded") {
    const delimiter = (job.options as { delimiter?: string } | null)?.delimiter;
    const read = job.filePath ? readUploadSample(job.filePath, { delimiter, maxRows: 20 }) : ({ ok: false, reason: "The uploaded file is gone." } as const);
    if (!read.ok) {
      return (
        <section className="flex flex-col gap-4">
          {head}
          <p role="alert" className="rounded-md border border-destructive/40 bg-destructive/10 px-4 py-3 text-sm text-destructive">
            {read.reason} <Link href="/imports/new" className="font-medium underline">Upload a file again</Link>.
          </p>
        </section>
      );
    }
    const { header, rows } = read.sample;
    const samples = rows.map((r) => r.fields);
    const initial: ImportSpec = { entity, columns: proposeMapping(entity, header, { samples }), fixed: [], blanks: [], delimiter: read.sample.delimiter };
    const fields: EditorField[] = ENTITY_FIELDS[entity].map((f) => ({
      key: f.key,
      label: f.label,
      required: f.required,
      type: f.type,
      description: f.description,
      group: f.oneOf?.required ? f.oneOf.group : undefined,
    }));
    const examples = header.map((_, c) => [...new Set(samples.map((r) => r[c] ?? "").filter((v) => !isMissing(v)))].slice(0, 3));
    return (
      <section className="flex flex-col gap-4">
        {head}
        <MappingEditor jobId={job.id} filename={job.filename} entityLabel={entityLabel} initial={initial} fields={fields} header={header} examples={examples} allowCustom={entity === "accounts"} />
      </section>
    );
  }

  const [errors, errorCount, model] = await Promise.all([listImportRowErrors(handle, job.id, 100), countImportRowErrors(handle, job.id), getPrimaryModel(handle)]);
  const dryRun = Boolean(job.dryRun);
  const changed = job.createdCount + job.updatedCount > 0;
  const offerPublish = job.status === "completed" && !dryRun && changed && can(user.role, "models:publish") && Boolean(model?.publishedVersionId);
  const initial = {
    status: job.status,
    dryRun,
    processedRows: job.processedRows,
    counts: { created: job.createdCount, updated: job.updatedCount, unchanged: job.unchangedCount, failed: job.failedCount },
    error: job.error,
    ...progressFigures({ ...job, now: job.finishedAt ?? Date.now() }),
  };
  const live = job.status === "queued" || job.status === "running";
  return (
    <section className="flex flex-col gap-4">
      {head}
      <Card>
        <CardHeader>
          <CardTitle>{dryRun ? "Dry run: what the import would do" : "Progress"}</CardTitle>
          {dryRun ? <p className="text-sm text-muted-foreground">Nothing was written. The counts and the error report are what the import will give.</p> : null}
          {job.finishedAt && job.startedAt ? (
            <p className="text-sm text-muted-foreground">
              Finished {formatUtc(job.finishedAt)} after {formatDuration((job.finishedAt - job.startedAt) / 1000)}.
            </p>
          ) : null}
        </CardHeader>
        <CardContent className="flex flex-col gap-4">
          <ImportProgress jobId={job.id} initial={initial} />
          {job.status === "failed" && job.error ? (
            <p role="alert" className="rounded-md border border-destructive/40 bg-destructive/10 px-4 py-3 text-sm text-destructive" data-testid="import-error">
              {job.error}
            </p>
          ) : null}
          <div className="flex flex-wrap gap-3">
            {live ? <JobActionButton jobId={job.id} kind="cancel" label="Cancel import" confirm="Stop this import? Rows already imported stay." /> : null}
            {dryRun && job.status === "completed" ? <JobActionButton jobId={job.id} kind="run-for-real" label="Run the import for real" variant="primary" /> : null}
            {offerPublish ? (
              <div className="flex flex-col gap-1">
                <JobActionButton jobId={job.id} kind="publish" label="Publish scores now" variant="primary" />
                <span className="text-xs text-muted-foreground">Rescores every account with {model!.name}; optional — scores update at the next publish otherwise.</span>
              </div>
            ) : null}
          </div>
        </CardContent>
      </Card>

      {!live ? (
        <Card>
          <CardHeader className="flex-row flex-wrap items-center justify-between gap-2">
            <div>
              <CardTitle>Error report</CardTitle>
              <p className="text-sm text-muted-foreground">
                {errorCount === 0
                  ? dryRun
                    ? "Every row would be imported without a problem."
                    : "Every row was imported without a problem."
                  : dryRun
                    ? `${formatCount(job.failedCount)} rows would fail (${formatCount(errorCount)} problems); the import would still land every good row.`
                    : `${formatCount(job.failedCount)} rows failed (${formatCount(errorCount)} problems). Every good row was imported; fix these rows and import the file again — rows already in are left unchanged.`}
              </p>
            </div>
            {errorCount > 0 ? (
              <a href={`/api/imports/${job.id}/errors`} className={buttonClass("outline", "sm")} download>
                Download error report (CSV)
              </a>
            ) : null}
          </CardHeader>
          {errorCount > 0 ? (
            <CardContent className="overflow-x-auto p-0">
              <table className="w-full text-sm" data-testid="import-errors">
                <caption className="sr-only">First {Math.min(100, errorCount)} problems, by line</caption>
                <thead className="border-b bg-muted/50 text-left text-xs uppercase tracking-wide text-muted-foreground">
                  <tr>
                    <th scope="col" className="px-3 py-2 text-right">Line</th>
                    <th scope="col" className="px-3 py-2">Column</th>
                    <th scope="col" className="px-3 py-2">Value</th>
                    <th scope="col" className="px-3 py-2">Reason</th>
                  </tr>
                </thead>
                <tbody>
                  {errors.map((e, k) => (
                    <tr key={k} className="border-b align-top last:border-0">
                      <td className="px-3 py-2 text-right tabular-nums">{e.line}</td>
                      <td className="px-3 py-2">{e.column ?? ""}</td>
                      <td className="max-w-56 truncate px-3 py-2 font-mono text-xs" title={e.value ?? ""}>{e.value ?? ""}</td>
                      <td className="px-3 py-2">{e.reason}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              {errorCount > errors.length ? <p className="px-4 py-3 text-sm text-muted-foreground">Showing the first {errors.length}; the CSV has all {formatCount(errorCount)}.</p> : null}
            </CardContent>
          ) : null}
        </Card>
      ) : null}
    </section>
  );
}
