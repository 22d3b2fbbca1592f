"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useMemo, useRef, useState, useTransition } from "react";
import type { PreviewResult } from "@/db/queries/model-analysis";
import type { VersionConflict } from "@/db/mutations/models";
import { parseModelDefinition, type Band, type Criterion, type RuleModelDefinition } from "@/lib/scoring/model";
import { SCORE_CATEGORIES, type ScoreCategory } from "@/lib/vocabulary";
import { BandBadge } from "@/components/ui/badge";
import { Button, buttonClass } from "@/components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { FieldError, Label } from "@/components/ui/input";
import { createDraftAction, discardDraftAction, previewAction, publishAction, saveDraftAction } from "../actions";
import { BacktestPanel } from "./backtest-panel";
import { CriterionCard, KIND_LABEL, newCriterion } from "./criterion-card";
import type { EditorModel, EditorValuesProps, EditorVersion } from "./editor-types";
import { fieldId, NumberField, TextField, type Errors } from "./fields";
import { PreviewPanel } from "./preview-panel";

export interface ModelEditorProps {
  model: EditorModel;
  version: EditorVersion;
  canWrite: boolean;
  canPublish: boolean;
  knownAttributes: string[];
  values: EditorValuesProps;
  accounts: number;
  backtestDefaults: { cutoff: number; horizonDays: number };
}

const CATEGORY_TITLE: Record<ScoreCategory, string> = { fit: "Fit", engagement: "Engagement", intent: "Intent", relationship: "Relationship" };
const CATEGORY_HINT: Record<ScoreCategory, string> = {
  fit: "Firmographics and technology: how much the account looks like your best customers.",
  engagement: "What the account's people did, with decay so recent events count more.",
  intent: "Third-party research surges on your topics.",
  relationship: "Open opportunities, past deals and customer status.",
};

const when = (t: number | null) => (t == null ? "–" : new Date(t).toISOString().slice(0, 16).replace("T", " ") + " UTC");

function toErrors(def: unknown, knownAttributes: string[]): { errors: Errors; issues: { path: string; message: string }[] } {
  const parsed = parseModelDefinition(def, { knownAttributes });
  if (parsed.ok) return { errors: {}, issues: [] };
  const errors: Errors = {};
  for (const i of parsed.issues) (errors[i.path] ??= []).push(i.message);
  return { errors, issues: parsed.issues };
}

/** Where an issue path points, in words, for the error summary. */
function describePath(path: string, def: RuleModelDefinition): string {
  const m = /^criteria\.(\d+)(?:\.(.+))?$/.exec(path);
  if (m) {
    const c = def.criteria[Number(m[1])];
    return `Criterion “${c?.label || `#${Number(m[1]) + 1}`}”${m[2] ? ` · ${m[2]}` : ""}`;
  }
  const b = /^bands\.(\d+)(?:\.(.+))?$/.exec(path);
  if (b) return `Band ${def.bands[Number(b[1])]?.label || `#${Number(b[1]) + 1}`}${b[2] ? ` · ${b[2]}` : ""}`;
  const w = /^categories\.(\w+)\.weight$/.exec(path);
  if (w) return `${CATEGORY_TITLE[w[1] as ScoreCategory] ?? w[1]} weight`;
  if (path === "categories") return "Weights";
  if (path === "bands") return "Bands";
  if (path === "criteria") return "Criteria";
  return path || "Model";
}

/** The section an issue without its own field belongs to. */
function anchorFor(path: string): string {
  if (path === "categories") return "weights";
  if (path === "bands") return "bands";
  if (path === "criteria") return "criteria";
  if (/^criteria\.\d+$/.test(path)) return fieldId(`${path}.label`);
  return fieldId(path);
}

/**
 * The model editor: weights, criteria and bands with inline validation; a live preview of the edit
 * against every account (debounced); the backtest; save (optimistic locking with a readable
 * conflict), discard and publish with a note. Read-only for roles without models:write and for
 * versions that are not drafts.
 */
export function ModelEditor({ model, version, canWrite, canPublish, knownAttributes, values, accounts, backtestDefaults }: ModelEditorProps) {
  const router = useRouter();
  const editable = canWrite && version.status === "draft";
  const [def, setDef] = useState<RuleModelDefinition>(() => structuredClone(version.definition) as RuleModelDefinition);
  const [saved, setSaved] = useState(() => JSON.stringify(version.definition));
  const [revision, setRevision] = useState(version.revision);
  const [tab, setTab] = useState<"edit" | "backtest">("edit");
  const [notice, setNotice] = useState<{ tone: "ok" | "error"; text: string } | null>(null);
  const [conflict, setConflict] = useState<{ message: string; conflict: VersionConflict | null } | null>(null);
  const [serverErrors, setServerErrors] = useState<Errors>({});
  const [pending, start] = useTransition();
  const [publishOpen, setPublishOpen] = useState(false);
  const [note, setNote] = useState("");
  const [noteError, setNoteError] = useState<string[] | undefined>();
  const [newKind, setNewKind] = useState<Criterion["kind"]>("attribute");

  const defKey = JSON.stringify(def);
  const dirty = defKey !== saved;
  const { errors: clientErrors, issues } = useMemo(() => toErrors(def, knownAttributes), [def, knownAttributes]);
  const errors: Errors = Object.keys(clientErrors).length ? clientErrors : serverErrors;
  const valid = issues.length === 0;

  // Unsaved edits are not lost to a stray click away.
  useEffect(() => {
    if (!dirty || !editable) return;
    const warn = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener("beforeunload", warn);
    return () => window.removeEventListener("beforeunload", warn);
  }, [dirty, editable]);

  // ---- live preview (debounced; only the latest answer is shown) ----
  const [preview, setPreview] = useState<PreviewResult | null>(null);
  const [previewStatus, setPreviewStatus] = useState<"idle" | "running" | "ready" | "error">("idle");
  const [previewError, setPreviewError] = useState<string | null>(null);
  const seq = useRef(0);
  const previewEnabled = canWrite && version.status === "draft";
  useEffect(() => {
    if (!previewEnabled || !valid) return;
    const mine = ++seq.current;
    const timer = setTimeout(async () => {
      setPreviewStatus("running");
      try {
        const r = await previewAction({ modelId: model.id, definition: JSON.parse(defKey) });
        if (mine !== seq.current) return;
        if (r.ok) {
          setPreview(r.data ?? null);
          setPreviewError(null);
          setPreviewStatus("ready");
        } else {
          setPreviewError(r.message);
          setPreviewStatus("error");
        }
      } catch {
        if (mine === seq.current) {
          setPreviewError("The preview could not be computed. Try again in a moment.");
          setPreviewStatus("error");
        }
      }
    }, 400);
    return () => clearTimeout(timer);
  }, [defKey, valid, previewEnabled, model.id]);

  const previewBlocked = !previewEnabled
    ? canWrite
      ? "This version is not a draft. Start a draft to edit it and preview the change on every account."
      : "Only marketing and admins edit models; the preview shows what an edit would change."
    : !valid
      ? "Fix the highlighted problems to see the preview."
      : null;

  // ---- editing helpers ----
  const update = (f: (d: RuleModelDefinition) => void) =>
    setDef((d) => {
      const next = structuredClone(d);
      f(next);
      return next;
    });
  const setCriterion = (i: number, c: Criterion) => update((d) => void (d.criteria[i] = c));
  const removeCriterion = (i: number) => update((d) => void d.criteria.splice(i, 1));
  const addCriterion = (category: ScoreCategory) =>
    update((d) => {
      const c = newCriterion(newKind, d.criteria.map((x) => x.id), values);
      c.category = category;
      d.criteria.push(c);
    });
  const applyBands = (bands: Band[]) => update((d) => void (d.bands = bands.map((b) => ({ ...b }))));

  // ---- save / conflict / discard / publish ----
  const save = async (rev = revision): Promise<number | null> => {
    const r = await saveDraftAction({ versionId: version.id, revision: rev, definition: def });
    if (r.ok) {
      setSaved(defKey);
      setRevision(r.data.revision);
      setServerErrors({});
      setConflict(null);
      setNotice({ tone: "ok", text: r.data.changes.length ? `Draft saved (${r.data.changes.length} change${r.data.changes.length === 1 ? "" : "s"}).` : "Draft saved." });
      return r.data.revision;
    }
    if ("conflict" in r && r.conflict !== undefined) {
      setConflict({ message: r.message, conflict: r.conflict });
      setNotice(null);
    } else {
      setServerErrors(r.fieldErrors ?? {});
      setNotice({ tone: "error", text: r.message });
    }
    return null;
  };
  const onSave = () => start(async () => void (await save()));
  const loadTheirs = () => {
    if (!conflict?.conflict) return;
    const theirs = conflict.conflict;
    setDef(structuredClone(theirs.definition) as RuleModelDefinition);
    setSaved(JSON.stringify(theirs.definition));
    setRevision(theirs.revision);
    setConflict(null);
    setNotice({ tone: "ok", text: `Loaded the version saved by ${theirs.updatedBy ?? "someone else"}. Your edits were discarded.` });
  };
  const overwrite = () => {
    if (!conflict?.conflict) return;
    const rev = conflict.conflict.revision;
    start(async () => void (await save(rev)));
  };
  const onDiscard = () => {
    if (!window.confirm(`Discard draft version ${version.version}? This cannot be undone.`)) return;
    start(async () => {
      const r = await discardDraftAction({ versionId: version.id, revision });
      if (r.ok) {
        router.replace(`/models/${model.id}`);
        router.refresh();
      } else setNotice({ tone: "error", text: r.message });
    });
  };
  const onStartDraft = () =>
    start(async () => {
      const r = await createDraftAction({ modelId: model.id, fromVersionId: version.id });
      if (r.ok) {
        router.replace(`/models/${model.id}`);
        router.refresh();
      } else setNotice({ tone: "error", text: r.message });
    });
  const onPublish = () =>
    start(async () => {
      if (note.trim().length < 3) {
        setNoteError(["Say in a few words why (at least 3 characters): the note is what the history shows."]);
        return;
      }
      setNoteError(undefined);
      let rev: number | null = revision;
      if (dirty) rev = await save();
      if (rev == null) return;
      const r = await publishAction({ versionId: version.id, revision: rev, note });
      if (r.ok) {
        router.replace(`/models/${model.id}?published=${r.data.version}&accounts=${r.data.accounts}&ms=${r.data.durationMs}`);
        router.refresh();
        return;
      }
      if ("conflict" in r && r.conflict !== undefined) setConflict({ message: r.message, conflict: r.conflict });
      else if (r.fieldErrors?.note) setNoteError(r.fieldErrors.note);
      else setNotice({ tone: "error", text: r.message });
    });

  const totalWeight = SCORE_CATEGORIES.reduce((s, c) => s + (Number.isFinite(def.categories[c].weight) ? def.categories[c].weight : 0), 0);
  const statusLabel = version.status === "draft" ? "Draft" : version.status === "published" ? "Live" : "Archived";

  return (
    <div className="flex flex-col gap-5">
      <header className="flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-0">
          <nav aria-label="Breadcrumb" className="text-sm text-muted-foreground">
            <Link href="/models" className="hover:underline">
              Models
            </Link>
          </nav>
          <h1 className="flex flex-wrap items-center gap-2 text-2xl font-semibold tracking-tight">
            {model.name}
            <span
              className={cn(
                "rounded-full px-2 py-0.5 text-xs font-medium",
                version.status === "draft" ? "bg-warning/15 text-warning" : version.status === "published" ? "bg-success/15 text-success" : "bg-muted text-muted-foreground",
              )}
              data-testid="version-status"
            >
              Version {version.version} · {statusLabel}
            </span>
            {model.isPrimary ? <span className="rounded-full border px-2 py-0.5 text-xs font-medium text-muted-foreground">Primary score</span> : null}
          </h1>
          <p className="text-sm text-muted-foreground">
            {version.status === "draft"
              ? `Last saved ${when(version.updatedAt)}${version.updatedBy ? ` by ${version.updatedBy}` : ""} · revision ${revision}`
              : `Published ${when(version.publishedAt)}${version.publishedBy ? ` by ${version.publishedBy}` : ""}${version.note ? ` — “${version.note}”` : ""}`}
            {model.live && model.live.id !== version.id ? ` · live: version ${model.live.version}` : ""}
          </p>
        </div>
        <div className="flex flex-wrap items-center gap-2">
          <Link href={`/models/${model.id}/versions`} className={buttonClass("ghost", "sm")}>
            Versions &amp; history
          </Link>
          {model.draft && model.draft.id !== version.id ? (
            <Link href={`/models/${model.id}`} className={buttonClass("outline", "sm")}>
              Open draft (version {model.draft.version})
            </Link>
          ) : null}
          {canWrite && version.status !== "draft" && !model.draft ? (
            <Button variant="outline" size="sm" onClick={onStartDraft} disabled={pending}>
              Edit as new draft
            </Button>
          ) : null}
          {editable ? (
            <>
              <Button variant="ghost" size="sm" onClick={onDiscard} disabled={pending}>
                Discard draft
              </Button>
              {dirty ? (
                <Button variant="ghost" size="sm" onClick={() => setDef(JSON.parse(saved))} disabled={pending}>
                  Undo changes
                </Button>
              ) : null}
              <Button variant="outline" size="sm" onClick={onSave} disabled={pending || !dirty}>
                {dirty ? "Save draft" : "Saved"}
              </Button>
              {canPublish ? (
                <Button size="sm" onClick={() => setPublishOpen((v) => !v)} disabled={pending || !valid} aria-expanded={publishOpen} aria-controls="publish-panel">
                  Publish…
                </Button>
              ) : null}
            </>
          ) : null}
        </div>
      </header>

      {notice ? (
        <p className={cn("rounded-md border px-3 py-2 text-sm", notice.tone === "ok" ? "border-success/40 bg-success/5" : "border-destructive/50 bg-destructive/5 text-destructive")} role={notice.tone === "ok" ? "status" : "alert"}>
          {notice.text}
        </p>
      ) : null}

      {conflict ? (
        <section className="rounded-lg border border-destructive/60 bg-destructive/5 p-4" role="alert" aria-labelledby="conflict-title" data-testid="conflict">
          <h2 id="conflict-title" className="font-semibold text-destructive">
            Someone else changed this draft
          </h2>
          <p className="mt-1 text-sm">{conflict.message}</p>
          {conflict.conflict?.changes.length ? (
            <>
              <p className="mt-2 text-sm font-medium">From their saved version to yours:</p>
              <ul className="mt-1 list-disc pl-5 text-sm" data-testid="conflict-changes">
                {conflict.conflict.changes.map((c) => (
                  <li key={c}>{c}</li>
                ))}
              </ul>
            </>
          ) : null}
          {conflict.conflict?.status === "draft" ? (
            <div className="mt-3 flex flex-wrap gap-2">
              <Button variant="outline" size="sm" onClick={loadTheirs} disabled={pending}>
                Load their version (drop my edits)
              </Button>
              <Button variant="destructive" size="sm" onClick={overwrite} disabled={pending}>
                Save mine over theirs
              </Button>
            </div>
          ) : null}
        </section>
      ) : null}

      {publishOpen && editable && canPublish ? (
        <Card id="publish-panel">
          <CardHeader>
            <CardTitle>Publish version {version.version}</CardTitle>
            <p className="text-sm text-muted-foreground">
              Rescores all {accounts.toLocaleString("en-US")} accounts with this version and makes it live{model.isPrimary ? " for everyone's ranked list" : ""}.
              {dirty ? " Your unsaved edits are saved first." : ""} You can roll back to an older version at any time.
            </p>
          </CardHeader>
          <CardContent className="flex flex-col gap-3">
            <div className="flex flex-col gap-1">
              <Label htmlFor="publish-note">Note (why this change)</Label>
              <textarea
                id="publish-note"
                className="min-h-20 rounded-md border border-input bg-card px-3 py-2 text-sm shadow-xs focus-visible:outline-2 focus-visible:outline-ring aria-[invalid=true]:border-destructive"
                value={note}
                maxLength={500}
                onChange={(e) => setNote(e.target.value)}
                aria-invalid={noteError ? true : undefined}
                aria-describedby={noteError ? "publish-note-error" : undefined}
              />
              <FieldError id="publish-note-error" errors={noteError} />
            </div>
            <div className="flex gap-2">
              <Button onClick={onPublish} disabled={pending}>
                {pending ? "Publishing…" : `Publish to ${accounts.toLocaleString("en-US")} accounts`}
              </Button>
              <Button variant="ghost" onClick={() => setPublishOpen(false)} disabled={pending}>
                Cancel
              </Button>
            </div>
          </CardContent>
        </Card>
      ) : null}

      {editable && issues.length ? (
        <section className="rounded-lg border border-destructive/60 bg-destructive/5 p-4" aria-labelledby="issues-title" data-testid="error-summary">
          <h2 id="issues-title" className="font-semibold text-destructive">
            {issues.length === 1 ? "1 problem to fix before saving" : `${issues.length} problems to fix before saving`}
          </h2>
          <ul className="mt-1 list-disc pl-5 text-sm">
            {issues.map((i, k) => (
              <li key={k}>
                <a href={`#${anchorFor(i.path)}`} className="underline">
                  {describePath(i.path, def)}
                </a>
                : {i.message}
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      <div role="tablist" aria-label="Model editor" className="flex gap-1 border-b">
        {(
          [
            ["edit", editable ? "Criteria, weights & bands" : "Definition"],
            ["backtest", "Backtest"],
          ] as const
        ).map(([key, label]) => (
          <button
            key={key}
            type="button"
            role="tab"
            id={`tab-${key}`}
            aria-selected={tab === key}
            aria-controls={`panel-${key}`}
            className={cn("-mb-px border-b-2 px-3 py-2 text-sm font-medium", tab === key ? "border-primary text-foreground" : "border-transparent text-muted-foreground hover:text-foreground")}
            onClick={() => setTab(key)}
          >
            {label}
          </button>
        ))}
      </div>

      <div id="panel-edit" role="tabpanel" aria-labelledby="tab-edit" hidden={tab !== "edit"} className="grid gap-6 xl:grid-cols-[minmax(0,1fr)_26rem]">
        <div className="flex min-w-0 flex-col gap-5">
          <Card id="weights">
            <CardHeader>
              <CardTitle>Category weights</CardTitle>
              <p className="text-sm text-muted-foreground">Each category scores 0–100 on its own; the weights say how much each counts in the final score.</p>
            </CardHeader>
            <CardContent className="grid gap-4 sm:grid-cols-2">
              {SCORE_CATEGORIES.map((cat) => (
                <NumberField
                  key={cat}
                  label={`${CATEGORY_TITLE[cat]} weight`}
                  path={`categories.${cat}.weight`}
                  value={def.categories[cat].weight}
                  onChange={(v) => update((d) => void (d.categories[cat].weight = v as number))}
                  slider={{ min: 0, max: 100 }}
                  hint={totalWeight > 0 && Number.isFinite(def.categories[cat].weight) ? `${Math.round((100 * def.categories[cat].weight) / totalWeight)} % of the score` : undefined}
                  errors={errors}
                  disabled={!editable}
                />
              ))}
              {errors.categories ? <p className="text-sm text-destructive sm:col-span-2">{errors.categories.join(" ")}</p> : null}
            </CardContent>
          </Card>

          <section id="criteria" aria-labelledby="criteria-title" className="flex flex-col gap-4">
            <div className="flex flex-wrap items-end justify-between gap-2">
              <h2 id="criteria-title" className="text-lg font-semibold">
                Criteria
              </h2>
              {editable ? (
                <div className="flex items-end gap-2">
                  <div className="flex flex-col gap-1">
                    <Label htmlFor="new-kind">New criterion</Label>
                    <select id="new-kind" className="h-8 rounded-md border border-input bg-card px-2 text-sm" value={newKind} onChange={(e) => setNewKind(e.target.value as Criterion["kind"])}>
                      {Object.entries(KIND_LABEL).map(([k, l]) => (
                        <option key={k} value={k}>
                          {l}
                        </option>
                      ))}
                    </select>
                  </div>
                </div>
              ) : null}
            </div>
            {errors.criteria ? <p className="text-sm text-destructive">{errors.criteria.join(" ")}</p> : null}
            {SCORE_CATEGORIES.map((cat) => {
              const items = def.criteria.map((c, i) => [c, i] as const).filter(([c]) => c.category === cat);
              return (
                <div key={cat} className="flex flex-col gap-2" data-testid={`category-${cat}`}>
                  <div className="flex items-baseline justify-between gap-2">
                    <h3 className="font-medium">
                      {CATEGORY_TITLE[cat]} <span className="text-sm font-normal text-muted-foreground">· {CATEGORY_HINT[cat]}</span>
                    </h3>
                    {editable ? (
                      <Button variant="ghost" size="sm" onClick={() => addCriterion(cat)}>
                        Add to {CATEGORY_TITLE[cat].toLowerCase()}
                      </Button>
                    ) : null}
                  </div>
                  {items.length ? (
                    <ul className="flex flex-col gap-2">
                      {items.map(([c, i]) => (
                        <CriterionCard key={`${i}-${c.id}`} criterion={c} index={i} errors={errors} disabled={!editable} values={values} onChange={(next) => setCriterion(i, next)} onRemove={() => removeCriterion(i)} />
                      ))}
                    </ul>
                  ) : (
                    <p className="rounded-md border border-dashed p-3 text-sm text-muted-foreground">No criterion in this category.</p>
                  )}
                </div>
              );
            })}
          </section>

          <Card id="bands">
            <CardHeader>
              <CardTitle>Bands</CardTitle>
              <p className="text-sm text-muted-foreground">Highest first. An account gets the first band whose minimum its score reaches; the last band starts at 0.</p>
            </CardHeader>
            <CardContent className="flex flex-col gap-3">
              <ul className="flex flex-col gap-2">
                {def.bands.map((b, k) => (
                  <li key={k} className="flex flex-wrap items-start gap-3" data-testid={`band-row-${k}`}>
                    <BandBadge band={b.label || "?"} className="mt-7" />
                    <TextField className="w-32" label="Label" path={`bands.${k}.label`} value={b.label} onChange={(v) => update((d) => void (d.bands[k]!.label = v))} errors={errors} disabled={!editable} maxLength={32} />
                    <NumberField className="w-36" label="From score" path={`bands.${k}.min`} value={b.min} onChange={(v) => update((d) => void (d.bands[k]!.min = v as number))} errors={errors} disabled={!editable} />
                    {editable ? (
                      <Button variant="ghost" size="sm" className="mt-6" onClick={() => update((d) => void d.bands.splice(k, 1))} aria-label={`Remove band ${b.label}`}>
                        Remove
                      </Button>
                    ) : null}
                  </li>
                ))}
              </ul>
              {errors.bands ? <p className="text-sm text-destructive">{errors.bands.join(" ")}</p> : null}
              {editable ? (
                <div>
                  <Button
                    variant="outline"
                    size="sm"
                    onClick={() =>
                      update((d) => {
                        const used = new Set(d.bands.map((b) => b.label));
                        let code = 65;
                        while (used.has(String.fromCharCode(code))) code++;
                        d.bands.push({ label: String.fromCharCode(code), min: 0 });
                      })
                    }
                  >
                    Add band
                  </Button>
                </div>
              ) : null}
            </CardContent>
          </Card>
        </div>
        <aside className="xl:sticky xl:top-4 xl:max-h-[calc(100vh-2rem)] xl:self-start xl:overflow-y-auto">
          <PreviewPanel preview={preview} status={previewStatus} error={previewError} blocked={previewBlocked} canApplyBands={editable} onApplyBands={applyBands} />
        </aside>
      </div>

      <div id="panel-backtest" role="tabpanel" aria-labelledby="tab-backtest" hidden={tab !== "backtest"}>
        <BacktestPanel
          modelId={model.id}
          definition={version.status === "published" ? null : def}
          draftLabel={version.status === "draft" ? (dirty ? `Draft (version ${version.version}, unsaved)` : `Draft (version ${version.version})`) : `Version ${version.version}`}
          blocked={version.status !== "published" && !valid ? "The edited model has errors, so only the live version is backtested." : null}
          defaults={backtestDefaults}
        />
      </div>
    </div>
  );
}
