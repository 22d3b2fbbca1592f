/**
 * Feature frames of accounts for the app's predictive models: the point-in-time features of
 * lib/predictive (accountFeatures) restricted to the chosen feature groups, row subsets, and the
 * alignment that lets a snapshot of a few accounts be scored by a model fitted on all of them.
 */
import { accountFeatures, type AccountFeatureOptions } from "@/lib/predictive/account-features";
import type { FeatureFrame, FrameColumn } from "@/lib/predictive/frame";
import type { Pipeline } from "@/lib/predictive/features";
import type { ScoringSnapshot } from "@/lib/snapshot";
import type { ScoreCategory } from "@/lib/vocabulary";

/** Account features as known at `asOf`, keeping only the columns of the given groups. */
export function groupFeatures(s: ScoringSnapshot, asOf: number, groups: readonly ScoreCategory[], options: AccountFeatureOptions = {}): FeatureFrame {
  const frame = accountFeatures(s, asOf, options);
  const keep = new Set<string>(groups);
  return { n: frame.n, columns: frame.columns.filter((c) => keep.has(c.group ?? "fit")) };
}

/** The rows of a frame, copied into a frame of their own (row k of the result is rows[k]). */
export function subsetFrame(frame: FeatureFrame, rows: ArrayLike<number>): FeatureFrame {
  const m = rows.length;
  let identity = m === frame.n;
  for (let k = 0; identity && k < m; k++) identity = rows[k] === k;
  if (identity) return frame;
  const columns = frame.columns.map((c): FrameColumn => {
    if (c.kind === "number" || c.kind === "boolean") {
      const values = new Float64Array(m);
      for (let k = 0; k < m; k++) values[k] = c.values[rows[k]];
      return { ...c, values };
    }
    if (c.kind === "category") {
      const codes = new Int32Array(m);
      for (let k = 0; k < m; k++) codes[k] = c.codes[rows[k]];
      return { ...c, codes };
    }
    const offsets = new Int32Array(m + 1);
    for (let k = 0; k < m; k++) offsets[k + 1] = offsets[k] + (c.offsets[rows[k] + 1] - c.offsets[rows[k]]);
    const codes = new Int32Array(offsets[m]);
    for (let k = 0; k < m; k++) codes.set(c.codes.subarray(c.offsets[rows[k]], c.offsets[rows[k] + 1]), offsets[k]);
    return { ...c, offsets, codes };
  });
  return { n: m, columns };
}

/**
 * Adds the columns a fitted pipeline needs that a frame lacks. accountFeatures only emits a column
 * for an activity type, intent topic or contact role that occurs in the snapshot, so a snapshot of
 * one account lacks most of them; for that account the missing count or decayed sum is 0, which is
 * exactly what the full snapshot holds for it. Other missing columns are filled as missing values
 * (NaN, no category, no tags), which the pipeline imputes as it did in training.
 */
export function alignFrame(pipeline: Pipeline, frame: FeatureFrame): FeatureFrame {
  const have = new Set(frame.columns.map((c) => c.name));
  const added: FrameColumn[] = [];
  for (const step of pipeline.steps) {
    if (have.has(step.column)) continue;
    const n = frame.n;
    const meta = step.meta;
    if (step.kind === "number" || step.kind === "boolean") {
      const absentIsZero = !!(meta?.activityType || meta?.intentTopic || meta?.signal === "contacts" || meta?.signal === "buying_roles" || meta?.signal === "won_deals" || meta?.signal === "lost_deals" || meta?.signal === "open_opportunity");
      const values = new Float64Array(n).fill(absentIsZero ? 0 : NaN);
      added.push(step.kind === "number" ? { kind: "number", name: step.column, values, group: step.group, meta } : { kind: "boolean", name: step.column, values, group: step.group, meta });
    } else if (step.kind === "category") {
      added.push({ kind: "category", name: step.column, codes: new Int32Array(n).fill(-1), dict: [], group: step.group, meta });
    } else {
      added.push({ kind: "multi", name: step.column, offsets: new Int32Array(n + 1), codes: new Int32Array(0), dict: [], group: step.group, meta });
    }
  }
  return added.length ? { n: frame.n, columns: [...frame.columns, ...added] } : frame;
}

/**
 * A view of accounts [start, end) of a snapshot, without copying: per-account columns are
 * subarrays, run offsets stay absolute into the shared child arrays (activities, contacts, …), and
 * dictionaries are shared. Features of an account depend only on its own records, so featurising a
 * snapshot block by block gives the same values with a fraction of the memory.
 */
export function sliceSnapshot(s: ScoringSnapshot, start: number, end: number): ScoringSnapshot {
  const attributes: ScoringSnapshot["attributes"] = {};
  for (const [name, c] of Object.entries(s.attributes)) {
    attributes[name] = c.kind === "category" ? { kind: "category", codes: c.codes.subarray(start, end), dict: c.dict } : { kind: "number", values: c.values.subarray(start, end) };
  }
  const runs = <T extends { offsets: Int32Array }>(r: T): T => ({ ...r, offsets: r.offsets.subarray(start, end + 1) });
  return {
    n: end - start,
    accountIds: s.accountIds.subarray(start, end),
    createdAt: s.createdAt.subarray(start, end),
    attributes,
    tags: runs(s.tags),
    activities: runs(s.activities),
    intents: runs(s.intents),
    opportunities: runs(s.opportunities),
    contacts: runs(s.contacts),
  };
}
