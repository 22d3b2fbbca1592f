"use client";

import { useRouter } from "next/navigation";
import { useEffect, useId, useMemo, useRef, useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { Input, Label, Select } from "@/components/ui/input";
import { cn } from "@/components/ui/cn";
import type { ColumnMapping, CustomType, MappingIssue } from "@/lib/csv";
import type { ImportSpec } from "@/lib/imports/spec";
import { previewImportAction, startImportAction, type PreviewData } from "../actions";

/** A target field as the editor shows it. */
export interface EditorField {
  key: string;
  label: string;
  required: boolean;
  type: string;
  description: string;
  /** e.g. "account (accountExternalId or accountDomain)" for fields of a required one-of group */
  group?: string;
}

export interface MappingEditorProps {
  jobId: number;
  filename: string;
  entityLabel: string;
  initial: ImportSpec;
  fields: EditorField[];
  header: string[];
  /** a few non-blank sample values per column */
  examples: string[][];
  allowCustom: boolean;
}

const CUSTOM = "custom:";
const IGNORE = "ignore";
const CUSTOM_TYPES: { value: CustomType; label: string }[] = [
  { value: "string", label: "Text" },
  { value: "number", label: "Number" },
  { value: "boolean", label: "Yes / no" },
  { value: "date", label: "Date" },
];

function slug(text: string): string {
  return text.trim().toLowerCase().replace(/[^a-z0-9]+/g, "_").replace(/^_+|_+$/g, "") || "attribute";
}

/** Steps 2 and 3 of the wizard: the column mapping (editable), fixed values, and a live preview. */
export function MappingEditor({ jobId, filename, entityLabel, initial, fields, header, examples, allowCustom }: MappingEditorProps) {
  const router = useRouter();
  const [columns, setColumns] = useState<ColumnMapping[]>(initial.columns);
  const [fixed, setFixed] = useState<Record<string, string>>(() => Object.fromEntries(initial.fixed.map((f) => [f.field, f.template])));
  const [blanks, setBlanks] = useState(initial.blanks.join(", "));
  const [preview, setPreview] = useState<PreviewData | null>(null);
  const [previewError, setPreviewError] = useState<string | null>(null);
  const [startError, setStartError] = useState<string | null>(null);
  const [previewing, startPreview] = useTransition();
  const [starting, startStart] = useTransition();
  const uid = useId();
  const seq = useRef(0);

  const spec: ImportSpec = useMemo(
    () => ({
      entity: initial.entity,
      delimiter: initial.delimiter,
      columns,
      fixed: Object.entries(fixed)
        .filter(([, t]) => t.trim() !== "")
        .map(([field, template]) => ({ field, template })),
      blanks: blanks
        .split(",")
        .map((b) => b.trim())
        .filter((b) => b !== ""),
    }),
    [columns, fixed, blanks, initial.entity, initial.delimiter],
  );

  // Re-validate and re-preview shortly after each edit; only the latest answer is shown.
  useEffect(() => {
    const mine = ++seq.current;
    const timer = setTimeout(() => {
      startPreview(async () => {
        const res = await previewImportAction(jobId, spec);
        if (mine !== seq.current) return;
        if (res.ok) {
          setPreview(res.data ?? null);
          setPreviewError(null);
        } else setPreviewError(res.message);
      });
    }, 350);
    return () => clearTimeout(timer);
  }, [jobId, spec]);

  const mappedFromColumn = new Set(columns.map((c) => c.target).filter((t) => t !== IGNORE && !t.startsWith(CUSTOM)));
  const unmappedFields = fields.filter((f) => !mappedFromColumn.has(f.key));
  const errors = (preview?.issues ?? []).filter((i) => i.severity === "error");
  const warnings = (preview?.issues ?? []).filter((i) => i.severity === "warning");
  const canStart = preview !== null && errors.length === 0 && !previewError && !previewing;

  const setColumn = (index: number, patch: Partial<ColumnMapping>) =>
    setColumns((cols) => cols.map((c, i) => (i === index ? { ...c, ...patch, confidence: patch.target !== undefined ? 1 : c.confidence } : c)));

  const targetType = (target: string, c: ColumnMapping) => (target.startsWith(CUSTOM) ? (c.customType ?? "string") : (fields.find((f) => f.key === target)?.type ?? ""));

  function start(dryRun: boolean) {
    setStartError(null);
    startStart(async () => {
      const res = await startImportAction(jobId, spec, dryRun);
      if (res.ok && res.data) router.push(`/imports/${res.data.jobId}`);
      else if (!res.ok) setStartError(res.message);
      router.refresh();
    });
  }

  const previewKeys = useMemo(() => {
    const keys: { key: string; label: string }[] = [];
    for (const f of fields) if (mappedFromColumn.has(f.key) || (fixed[f.key] ?? "").trim() !== "") keys.push({ key: f.key, label: f.label });
    for (const c of columns) if (c.target.startsWith(CUSTOM)) keys.push({ key: c.target, label: c.target.slice(CUSTOM.length) });
    if (preview?.rows.some((r) => r.values.region !== undefined) && !keys.some((k) => k.key === "region")) keys.push({ key: "region", label: "Region" });
    return keys;
    // eslint-disable-next-line react-hooks/exhaustive-deps -- derived from the same state as `spec`
  }, [spec, fields, preview]);

  return (
    <div className="flex flex-col gap-5">
      <Card>
        <CardHeader>
          <CardTitle>Step 2: map the columns</CardTitle>
          <p className="text-sm text-muted-foreground">
            {header.length} columns found in <span className="font-medium text-foreground">{filename}</span>. Each column was matched to a field by its name (tolerant of case, spacing and common synonyms); change anything that is wrong, and choose “Don’t import” for columns you don’t need.
          </p>
        </CardHeader>
        <CardContent className="overflow-x-auto p-0">
          <table className="w-full text-sm" data-testid="column-mapping">
            <thead className="border-b bg-muted/50 text-left text-xs uppercase tracking-wide text-muted-foreground">
              <tr>
                <th scope="col" className="px-4 py-2">Column in file</th>
                <th scope="col" className="px-4 py-2">Example values</th>
                <th scope="col" className="px-4 py-2">Import as</th>
                <th scope="col" className="px-4 py-2">How to read it</th>
              </tr>
            </thead>
            <tbody>
              {columns.map((c, i) => {
                const isCustom = c.target.startsWith(CUSTOM);
                const type = targetType(c.target, c);
                const selectId = `${uid}-target-${i}`;
                return (
                  <tr key={i} className="border-b align-top last:border-0">
                    <th scope="row" className="px-4 py-2 text-left font-medium">
                      <label htmlFor={selectId}>{header[i] || <span className="italic text-muted-foreground">(no name)</span>}</label>
                    </th>
                    <td className="max-w-64 px-4 py-2 text-muted-foreground">
                      <span className="line-clamp-2 break-all">{examples[i]?.length ? examples[i]!.join(" · ") : "(empty)"}</span>
                    </td>
                    <td className="px-4 py-2">
                      <div className="flex min-w-56 flex-col gap-1.5">
                        <Select
                          id={selectId}
                          aria-label={`Import column ${header[i] || i + 1} as`}
                          value={isCustom ? "__custom" : c.target}
                          onChange={(e) => {
                            const v = e.target.value;
                            if (v === "__custom") setColumn(i, { target: `${CUSTOM}${slug(header[i] ?? `column_${i + 1}`)}`, customType: c.customType ?? "string" });
                            else setColumn(i, { target: v });
                          }}
                        >
                          <option value={IGNORE}>Don’t import</option>
                          <optgroup label={`${entityLabel} fields`}>
                            {fields.map((f) => (
                              <option key={f.key} value={f.key}>
                                {f.label}
                                {f.required ? " (required)" : ""}
                              </option>
                            ))}
                          </optgroup>
                          {allowCustom ? <option value="__custom">Custom attribute…</option> : null}
                        </Select>
                        {isCustom ? (
                          <Input
                            aria-label={`Custom attribute name for column ${header[i]}`}
                            value={c.target.slice(CUSTOM.length)}
                            onChange={(e) => setColumn(i, { target: `${CUSTOM}${e.target.value}` })}
                          />
                        ) : null}
                        {!isCustom && c.target !== IGNORE ? (
                          <span className="text-xs text-muted-foreground">{fields.find((f) => f.key === c.target)?.description}</span>
                        ) : null}
                      </div>
                    </td>
                    <td className="px-4 py-2">
                      <div className="flex min-w-44 flex-col gap-1.5">
                        {isCustom ? (
                          <Select aria-label={`Type of custom attribute from column ${header[i]}`} value={c.customType ?? "string"} onChange={(e) => setColumn(i, { customType: e.target.value as CustomType })}>
                            {CUSTOM_TYPES.map((t) => (
                              <option key={t.value} value={t.value}>
                                {t.label}
                              </option>
                            ))}
                          </Select>
                        ) : null}
                        {type === "date" ? (
                          <Select aria-label={`Date order of column ${header[i]}`} value={c.dateOrder ?? "auto"} onChange={(e) => setColumn(i, { dateOrder: e.target.value === "auto" ? undefined : (e.target.value as "dmy" | "mdy") })}>
                            <option value="auto">Date: detect</option>
                            <option value="mdy">Month first (12/31)</option>
                            <option value="dmy">Day first (31/12)</option>
                          </Select>
                        ) : null}
                        {type === "number" || type === "integer" ? (
                          <Select aria-label={`Decimal separator of column ${header[i]}`} value={c.decimal ?? "auto"} onChange={(e) => setColumn(i, { decimal: e.target.value === "auto" ? undefined : (e.target.value as "." | ",") })}>
                            <option value="auto">Decimal: detect</option>
                            <option value=".">Point (1,234.5)</option>
                            <option value=",">Comma (1.234,5)</option>
                          </Select>
                        ) : null}
                        {c.needsReview ? <span className="text-xs text-warning">{c.needsReview}</span> : null}
                      </div>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </CardContent>
      </Card>

      <Card>
        <CardHeader>
          <CardTitle>Fields the file does not have</CardTitle>
          <p className="text-sm text-muted-foreground">
            Give a fixed value for every row, e.g. <code className="rounded bg-muted px-1">won</code>, or build one from other columns with{" "}
            <code className="rounded bg-muted px-1">{"{column name}"}</code>, e.g. <code className="rounded bg-muted px-1">{`Lead {${header[0] ?? "id"}}`}</code>. Leave empty to skip.
          </p>
        </CardHeader>
        <CardContent className="grid gap-3 sm:grid-cols-2">
          {unmappedFields.map((f) => {
            const id = `${uid}-fixed-${f.key}`;
            return (
              <div key={f.key} className="flex flex-col gap-1">
                <Label htmlFor={id}>
                  {f.label}
                  {f.required ? <span className="ml-1 text-xs font-normal text-destructive">required</span> : null}
                  {f.group ? <span className="ml-1 text-xs font-normal text-muted-foreground">one of {f.group}</span> : null}
                </Label>
                <Input
                  id={id}
                  aria-label={`Fixed value for ${f.label}`}
                  value={fixed[f.key] ?? ""}
                  placeholder={f.type === "date" ? "e.g. 2025-01-31 or {date column}" : f.type === "enum" ? "e.g. a fixed value" : "fixed value or {column}"}
                  onChange={(e) => setFixed((m) => ({ ...m, [f.key]: e.target.value }))}
                />
              </div>
            );
          })}
          <div className="flex flex-col gap-1 sm:col-span-2">
            <Label htmlFor={`${uid}-blanks`}>Also treat these cell values as blank</Label>
            <Input id={`${uid}-blanks`} value={blanks} placeholder="e.g. unknown, tbd (N/A, null, none, - and empty cells always are)" onChange={(e) => setBlanks(e.target.value)} />
          </div>
        </CardContent>
      </Card>

      <div aria-live="polite" className="flex flex-col gap-2" data-testid="mapping-issues">
        {errors.length ? (
          <div className="rounded-md border border-destructive/40 bg-destructive/10 px-4 py-3 text-sm text-destructive">
            <p className="font-medium">Fix these before importing:</p>
            <ul className="mt-1 list-disc pl-5">
              {errors.map((e, k) => (
                <li key={k}>{issueText(e)}</li>
              ))}
            </ul>
          </div>
        ) : null}
        {warnings.length ? (
          <div className="rounded-md border border-warning/40 bg-warning/10 px-4 py-3 text-sm">
            <ul className="list-disc pl-5">
              {warnings.map((e, k) => (
                <li key={k}>{issueText(e)}</li>
              ))}
            </ul>
          </div>
        ) : null}
        {previewError ? (
          <p role="alert" className="rounded-md border border-destructive/40 bg-destructive/10 px-4 py-3 text-sm text-destructive">
            {previewError}
          </p>
        ) : null}
      </div>

      <Card>
        <CardHeader>
          <CardTitle>Step 3: preview</CardTitle>
          <p className="text-sm text-muted-foreground">
            The first rows as they would be imported, checked against the database (nothing is written).{previewing ? " Updating…" : ""}
          </p>
        </CardHeader>
        <CardContent className="overflow-x-auto p-0">
          {preview && preview.rows.length ? (
            <table className="w-full text-sm" data-testid="import-preview">
              <thead className="border-b bg-muted/50 text-left text-xs uppercase tracking-wide text-muted-foreground">
                <tr>
                  <th scope="col" className="px-3 py-2 text-right">Line</th>
                  <th scope="col" className="px-3 py-2">Result</th>
                  <th scope="col" className="px-3 py-2">Problems</th>
                  {previewKeys.map((k) => (
                    <th key={k.key} scope="col" className="px-3 py-2 whitespace-nowrap">
                      {k.label}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {preview.rows.map((r) => (
                  <tr key={r.line} className={cn("border-b align-top last:border-0", r.outcome === "failed" && "bg-destructive/5")}>
                    <td className="px-3 py-2 text-right tabular-nums text-muted-foreground">{r.line}</td>
                    <td className="px-3 py-2">
                      <OutcomeLabel outcome={r.outcome} />
                    </td>
                    <td className={cn("px-3 py-2 text-destructive", r.errors.length ? "min-w-80" : "")}>
                      {r.errors.map((e, k) => (
                        <div key={k}>
                          {e.column ? <span className="font-medium">{e.column}: </span> : null}
                          {e.reason}
                        </div>
                      ))}
                    </td>
                    {previewKeys.map((k) => (
                      <td key={k.key} className="max-w-48 truncate px-3 py-2" title={r.values[k.key]}>
                        {r.values[k.key] ?? ""}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          ) : (
            <p className="px-5 py-6 text-sm text-muted-foreground">{errors.length ? "The preview appears once the mapping has no errors." : "Loading the preview…"}</p>
          )}
        </CardContent>
      </Card>

      {startError ? (
        <p role="alert" className="rounded-md border border-destructive/40 bg-destructive/10 px-4 py-3 text-sm text-destructive">
          {startError}
        </p>
      ) : null}
      <div className="flex flex-wrap items-center gap-3">
        <Button variant="outline" disabled={!canStart || starting} onClick={() => start(true)}>
          Dry run (full report, writes nothing)
        </Button>
        <Button disabled={!canStart || starting} onClick={() => start(false)}>
          {starting ? "Starting…" : "Start import"}
        </Button>
        <span className="text-sm text-muted-foreground">Runs in the background; you can leave this page.</span>
      </div>
    </div>
  );
}

function issueText(i: MappingIssue): string {
  return i.message.charAt(0).toUpperCase() + i.message.slice(1);
}

const OUTCOME: Record<string, { label: string; className: string }> = {
  created: { label: "New", className: "text-success" },
  updated: { label: "Update", className: "text-primary" },
  unchanged: { label: "Unchanged", className: "text-muted-foreground" },
  failed: { label: "Error", className: "text-destructive" },
};

function OutcomeLabel({ outcome }: { outcome: string }) {
  const o = OUTCOME[outcome] ?? { label: outcome, className: "" };
  return <span className={cn("font-medium whitespace-nowrap", o.className)}>{o.label}</span>;
}
