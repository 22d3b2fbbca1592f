/**
 * What a model edit would do, computed against every account before anything is published: the live
 * preview (draft vs. the live version, scored at the same date so only the edit moves scores) and
 * the point-in-time backtest (draft and live version side by side). Both run the pure engine on the
 * cached snapshot (db/snapshot.ts); nothing is written.
 */
import { compileModel, type ScoreColumns } from "@/lib/scoring/engine";
import { parseModelDefinition, type Band, type RuleModelDefinition } from "@/lib/scoring/model";
import { comparePreview, type Mover, type PreviewComparison } from "@/lib/scoring/preview";
import { runBacktest, defaultBacktestWindow, type BacktestConversion, type BacktestModelInput, type BacktestResult } from "@/lib/scoring/backtest";
import { suggestBands } from "@/lib/scoring/suggest-bands";
import type { ScoringSnapshot } from "@/lib/snapshot";
import { AppError } from "@/lib/errors";
import { ACTIVITY_TYPES, BUYING_ROLES, DEPARTMENTS, INTENT_TOPICS, SENIORITIES, TECHNOLOGIES } from "@/lib/vocabulary";
import type { DbHandle } from "../client";
import { getSnapshot } from "../snapshot";
import { accountNames, getModel, getPrimaryModel, getVersion } from "./models";

const HOUR = 3_600_000;

/** A mover with what the list shows about the account. */
export interface MoverRow extends Mover {
  name: string;
  domain: string | null;
  bandBeforeLabel: string;
  bandAfterLabel: string;
}

/** Result of `previewDefinition`: plain JSON for the editor. */
export interface PreviewResult {
  /** The scoring date of both runs (the current hour). */
  asOf: number;
  accounts: number;
  /** What the draft is compared with; null when no model has a live version yet. */
  baseline: { label: string; versionId: number; modelId: number } | null;
  comparison: Omit<PreviewComparison, "movers"> & { movers: { up: MoverRow[]; down: MoverRow[] } };
  /** Bands that would put about 5 / 15 / 30 / 50 % of the accounts in A / B / C / D under the draft. */
  suggestedBands: Band[];
  durationMs: number;
}

// Scores of live versions per snapshot and scoring hour: the "before" side of every preview while
// someone edits. Published versions are immutable, so the key is just version and date.
const baselineCache = new WeakMap<ScoringSnapshot, Map<string, ScoreColumns>>();

function baselineColumns(snapshot: ScoringSnapshot, versionId: number, def: RuleModelDefinition, asOf: number): ScoreColumns {
  let bySnapshot = baselineCache.get(snapshot);
  if (!bySnapshot) baselineCache.set(snapshot, (bySnapshot = new Map()));
  const key = `${versionId}@${asOf}`;
  let cols = bySnapshot.get(key);
  if (!cols) {
    cols = compileModel(def, snapshot).scoreAll(asOf);
    if (bySnapshot.size >= 4) bySnapshot.delete(bySnapshot.keys().next().value!);
    bySnapshot.set(key, cols);
  }
  return cols;
}

/** The live version a model's drafts are judged against: its own, else the primary model's. */
async function liveBaseline(handle: DbHandle, modelId: number): Promise<{ label: string; versionId: number; modelId: number; definition: RuleModelDefinition } | null> {
  const model = await getModel(handle, modelId);
  if (!model) throw new AppError("not_found:model", "That model does not exist.");
  let owner = model;
  if (!owner.publishedVersionId) {
    const primary = await getPrimaryModel(handle);
    if (!primary?.publishedVersionId) return null;
    owner = primary;
  }
  const version = await getVersion(handle, owner.id, owner.publishedVersionId!);
  if (!version) return null;
  const parsed = parseModelDefinition(version.definition);
  if (!parsed.ok) return null;
  const label = owner.id === modelId ? `Live (version ${version.version})` : `${owner.name} (live, version ${version.version})`;
  return { label, versionId: version.id, modelId: owner.id, definition: parsed.value };
}

/**
 * Scores every account with `draft` and compares with the live version at the same date: histogram
 * before/after, band migration, top movers (with names). `draft` must be valid (see saveDraft).
 */
export async function previewDefinition(handle: DbHandle, input: { modelId: number; draft: RuleModelDefinition; topN?: number; now?: number }): Promise<PreviewResult> {
  const started = performance.now();
  const snapshot = await getSnapshot(handle);
  const asOf = Math.floor((input.now ?? Date.now()) / HOUR) * HOUR;
  const baseline = await liveBaseline(handle, input.modelId);
  const after = compileModel(input.draft, snapshot).scoreAll(asOf);
  const before = baseline ? baselineColumns(snapshot, baseline.versionId, baseline.definition, asOf) : after;
  const labelsAfter = input.draft.bands.map((b) => b.label);
  const labelsBefore = baseline ? baseline.definition.bands.map((b) => b.label) : labelsAfter;
  const cmp = comparePreview(before, after, snapshot.accountIds, { before: labelsBefore, after: labelsAfter }, { topN: input.topN ?? 10 });
  const names = await accountNames(handle, [...cmp.movers.up, ...cmp.movers.down].map((m) => m.accountId));
  const row = (m: Mover): MoverRow => ({
    ...m,
    name: names.get(m.accountId)?.name ?? `Account ${m.accountId}`,
    domain: names.get(m.accountId)?.domain ?? null,
    bandBeforeLabel: labelsBefore[m.bandBefore] ?? "–",
    bandAfterLabel: labelsAfter[m.bandAfter] ?? "–",
  });
  return {
    asOf,
    accounts: snapshot.n,
    baseline: baseline ? { label: baseline.label, versionId: baseline.versionId, modelId: baseline.modelId } : null,
    comparison: { ...cmp, movers: { up: cmp.movers.up.map(row), down: cmp.movers.down.map(row) } },
    suggestedBands: suggestBands(after.scores, { labels: suggestedLabels(input.draft) }),
    durationMs: Math.round(performance.now() - started),
  };
}

/** The draft's own labels when it has four bands, else A–D. */
function suggestedLabels(def: RuleModelDefinition): string[] {
  return def.bands.length === 4 ? def.bands.map((b) => b.label) : ["A", "B", "C", "D"];
}

/** Result of `backtestModel`. */
export interface BacktestRun {
  result: BacktestResult;
  durationMs: number;
}

/**
 * Backtests a model's draft (when given) and its live version side by side at a cutoff and horizon
 * (defaults: about six months before the latest activity, 180 days). Window problems surface as
 * `BacktestWindowError` from lib/scoring/backtest.
 */
export async function backtestModel(
  handle: DbHandle,
  input: { modelId: number; draft?: { label: string; definition: RuleModelDefinition }; cutoff?: number; horizonDays?: number; conversion?: BacktestConversion; now?: number },
): Promise<BacktestRun> {
  const started = performance.now();
  const snapshot = await getSnapshot(handle);
  const defaults = defaultBacktestWindow(snapshot, input.now);
  const models: BacktestModelInput[] = [];
  if (input.draft) models.push({ key: "draft", label: input.draft.label, model: input.draft.definition });
  const live = await liveBaseline(handle, input.modelId);
  if (live && live.modelId === input.modelId) models.push({ key: "live", label: live.label, model: live.definition });
  if (!models.length) throw new AppError("unprocessable:model", "This model has no version to backtest yet.");
  const result = runBacktest(snapshot, models, {
    cutoff: input.cutoff ?? defaults.cutoff,
    horizonDays: input.horizonDays ?? defaults.horizonDays,
    conversion: input.conversion,
    now: input.now,
  });
  return { result, durationMs: Math.round(performance.now() - started) };
}

/** The default backtest window and the attribute names of the data, for the editor. */
export async function editorContext(handle: DbHandle): Promise<{ knownAttributes: string[]; backtestDefaults: { cutoff: number; horizonDays: number }; accounts: number; values: EditorValues }> {
  const snapshot = await getSnapshot(handle);
  return {
    knownAttributes: Object.keys(snapshot.attributes),
    backtestDefaults: defaultBacktestWindow(snapshot),
    accounts: snapshot.n,
    values: editorValues(snapshot),
  };
}

/** Values seen in the data, offered as suggestions in the editor's list fields. */
export interface EditorValues {
  /** Categorical attribute → its distinct values (at most 200 each). */
  attributes: Record<string, string[]>;
  /** Numeric attribute names. */
  numericAttributes: string[];
  tags: string[];
  activityTypes: string[];
  topics: string[];
  buyingRoles: string[];
  seniorities: string[];
  departments: string[];
}

function editorValues(s: ScoringSnapshot): EditorValues {
  const attributes: Record<string, string[]> = {};
  const numericAttributes: string[] = [];
  for (const [name, col] of Object.entries(s.attributes)) {
    if (col.kind === "number") numericAttributes.push(name);
    else if (name !== "ownerId") attributes[name] = [...col.dict].sort().slice(0, 200);
  }
  // The shared vocabulary first (what the templates use), then anything else the data holds.
  const merged = (vocabulary: readonly string[], data: readonly string[]) => [...new Set([...vocabulary, ...[...data].sort()])].slice(0, 500);
  return {
    attributes,
    numericAttributes,
    tags: merged(TECHNOLOGIES, s.tags.dict),
    activityTypes: merged(ACTIVITY_TYPES, s.activities.typeDict),
    topics: merged(INTENT_TOPICS, s.intents.topicDict),
    buyingRoles: merged(BUYING_ROLES, s.contacts.buyingRoleDict),
    seniorities: merged(SENIORITIES, s.contacts.seniorityDict),
    departments: merged(DEPARTMENTS, s.contacts.departmentDict),
  };
}
