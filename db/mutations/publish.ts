/**
 * Writes a published version's scores for every account in one transaction: the live scores (with
 * rank and previous score), a score-history row for every account (so "the score at publish X" is
 * one lookup, and trends need no gap filling), a publish event, and the version statuses. Readers
 * see either the old ranking or the new one.
 *
 * SQLite: one synchronous pass of multi-row prepared INSERTs on the writer connection (no await inside
 * the transaction, so nothing interleaves). PostgreSQL: chunked `INSERT … SELECT FROM unnest(…)`.
 * Never one round trip per account.
 */
import { and, eq, ne } from "drizzle-orm";
import type { AppDatabase, DbHandle } from "../client";
import { streamRows } from "../stream";

export interface ScoreColumns {
  scores: Float32Array;
  /** index into bandLabels */
  bands: Uint8Array;
  fit: Float32Array;
  engagement: Float32Array;
  intent: Float32Array;
  relationship: Float32Array;
  /** predictive probability 0..1 where the version has one */
  probability?: Float32Array;
}

export interface PublishScoresInput {
  modelId: number;
  versionId: number;
  action: "publish" | "rollback";
  note?: string | null;
  userId: number | null;
  bandLabels: string[];
  /** database ids of the accounts, position i ↔ columns[i] (ScoringSnapshot.accountIds) */
  accountIds: Int32Array;
  columns: ScoreColumns;
  /** The scoring date of `columns`: stored as `scored_at` so an explanation can be recomputed at it. */
  now?: number;
  /** Runs first inside the writing transaction; throw to abort (e.g. the version changed meanwhile). */
  guard?: (tx: AppDatabase) => Promise<void>;
  /** Runs last inside the writing transaction, so the audit line commits with the scores. */
  audit?: (tx: AppDatabase, publishEventId: number) => Promise<void>;
}

export interface PublishScoresResult {
  publishEventId: number;
  accountCount: number;
  bandCounts: Record<string, number>;
  changed: number;
  durationMs: number;
  /** previous live score per account position (NaN when it had none) */
  previous: Float64Array;
  previousBands: (string | null)[];
}

/** Scores are stored and ranked at the precision they are shown with: one decimal. */
export const round1 = (x: number) => Math.round(x * 10) / 10;

/**
 * Ranks accounts by displayed score descending, then by account id ascending, in linear time
 * (a bucket per 0.1 point). Positions are in ascending account-id order already.
 */
export function rankPositions(scores: Float32Array, accountIds: Int32Array): Int32Array {
  const n = scores.length;
  const buckets = new Int32Array(1002);
  const key = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const k = 1000 - Math.max(0, Math.min(1000, Math.round(scores[i]! * 10)));
    key[i] = k;
    buckets[k + 1]!++;
  }
  for (let b = 0; b < 1001; b++) buckets[b + 1]! += buckets[b]!;
  // Stable placement keeps ascending account id within a bucket when positions are id-ordered.
  let ordered = true;
  for (let i = 1; i < n; i++) if (accountIds[i]! < accountIds[i - 1]!) { ordered = false; break; }
  const idx = ordered ? null : Array.from({ length: n }, (_, i) => i).sort((a, b) => accountIds[a]! - accountIds[b]!);
  const rank = new Int32Array(n);
  for (let j = 0; j < n; j++) {
    const i = idx ? idx[j]! : j;
    rank[i] = ++buckets[key[i]!]!;
  }
  return rank;
}

async function readPrevious(handle: DbHandle, modelId: number, accountIds: Int32Array) {
  const n = accountIds.length;
  const maxId = n ? Math.max(accountIds[n - 1]!, accountIds[0]!) : 0;
  const pos = new Int32Array(maxId + 1).fill(-1);
  for (let i = 0; i < n; i++) if (accountIds[i]! <= maxId) pos[accountIds[i]!] = i;
  const previous = new Float64Array(n).fill(NaN);
  const previousBands: (string | null)[] = new Array(n).fill(null);
  const q = handle.dialect === "pg" ? "SELECT account_id, score, band FROM account_scores WHERE model_id = $1" : "SELECT account_id, score, band FROM account_scores WHERE model_id = ?";
  for await (const batch of streamRows(handle, q, [modelId])) {
    for (const r of batch) {
      const id = r[0] as number;
      const i = id <= maxId ? pos[id]! : -1;
      if (i >= 0) {
        previous[i] = Number(r[1]);
        previousBands[i] = r[2] as string;
      }
    }
  }
  return { previous, previousBands };
}

/** Publishes scores; see the module comment. */
export async function writePublishedScores(handle: DbHandle, input: PublishScoresInput): Promise<PublishScoresResult> {
  const started = performance.now();
  const now = input.now ?? Date.now();
  const { accountIds, columns: c, bandLabels } = input;
  const n = accountIds.length;
  const { previous, previousBands } = await readPrevious(handle, input.modelId, accountIds);
  const rank = rankPositions(c.scores, accountIds);
  const bandCounts: Record<string, number> = Object.fromEntries(bandLabels.map((b) => [b, 0]));
  let changed = 0;
  const changedMask = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const band = bandLabels[c.bands[i]!]!;
    bandCounts[band] = (bandCounts[band] ?? 0) + 1;
    if (previousBands[i] !== band || previous[i] !== round1(c.scores[i]!)) {
      changedMask[i] = 1;
      changed++;
    }
  }
  const { schema } = handle;

  const publishEventId = await handle.transact(async (tx) => {
    if (input.guard) await input.guard(tx);
    const [event] = await tx
      .insert(schema.publishEvents)
      .values({
        modelId: input.modelId,
        versionId: input.versionId,
        action: input.action,
        note: input.note ?? null,
        publishedBy: input.userId,
        publishedAt: now,
        accountCount: n,
        bandCounts,
        durationMs: 0,
      })
      .returning({ id: schema.publishEvents.id });
    const eventId = event!.id;
    if (handle.dialect === "sqlite") writeSqlite(handle, input, rank, previous, changedMask, eventId, now);
    else await writePg(handle, tx, input, rank, previous, changedMask, eventId, now);
    // Version statuses: the target is live, the previously live one is archived.
    await tx
      .update(schema.modelVersions)
      .set({ status: "archived", updatedAt: now })
      .where(and(eq(schema.modelVersions.modelId, input.modelId), eq(schema.modelVersions.status, "published"), ne(schema.modelVersions.id, input.versionId)));
    const [version] = await tx.select({ publishedAt: schema.modelVersions.publishedAt }).from(schema.modelVersions).where(eq(schema.modelVersions.id, input.versionId));
    await tx
      .update(schema.modelVersions)
      .set({ status: "published", updatedAt: now, ...(version?.publishedAt ? {} : { publishedAt: now, publishedBy: input.userId, note: input.note ?? null }) })
      .where(eq(schema.modelVersions.id, input.versionId));
    await tx.update(schema.scoringModels).set({ publishedVersionId: input.versionId, updatedAt: now }).where(eq(schema.scoringModels.id, input.modelId));
    const durationMs = Math.round(performance.now() - started);
    await tx.update(schema.publishEvents).set({ durationMs }).where(eq(schema.publishEvents.id, eventId));
    if (input.audit) await input.audit(tx, eventId);
    return eventId;
  });
  return { publishEventId, accountCount: n, bandCounts, changed, durationMs: Math.round(performance.now() - started), previous, previousBands };
}

const ROWS_PER_STATEMENT = 200;

function writeSqlite(handle: DbHandle, input: PublishScoresInput, rank: Int32Array, previous: Float64Array, changedMask: Uint8Array, eventId: number, now: number) {
  const w = handle.sqlite!.writer;
  const { accountIds, columns: c, bandLabels, modelId, versionId } = input;
  const n = accountIds.length;
  w.prepare("DELETE FROM account_scores WHERE model_id = ?").run(modelId);
  const scoreCols = "(model_id, account_id, version_id, score, band, rank, fit, engagement, intent, relationship, probability, previous_score, scored_at)";
  const one = "(?,?,?,?,?,?,?,?,?,?,?,?,?)";
  const many = w.prepare(`INSERT INTO account_scores ${scoreCols} VALUES ${Array(ROWS_PER_STATEMENT).fill(one).join(",")}`);
  const single = w.prepare(`INSERT INTO account_scores ${scoreCols} VALUES ${one}`);
  const args: unknown[] = [];
  const row = (i: number) => {
    args.push(
      modelId, accountIds[i], versionId, round1(c.scores[i]!), bandLabels[c.bands[i]!], rank[i],
      round1(c.fit[i]!), round1(c.engagement[i]!), round1(c.intent[i]!), round1(c.relationship[i]!),
      c.probability ? c.probability[i] : null, Number.isNaN(previous[i]!) ? null : previous[i], now,
    );
  };
  let i = 0;
  for (; i + ROWS_PER_STATEMENT <= n; i += ROWS_PER_STATEMENT) {
    args.length = 0;
    for (let k = i; k < i + ROWS_PER_STATEMENT; k++) row(k);
    many.run(args);
  }
  for (; i < n; i++) {
    args.length = 0;
    row(i);
    single.run(args);
  }
  const histCols = "(model_id, account_id, version_id, publish_event_id, score, band, recorded_at)";
  const hOne = "(?,?,?,?,?,?,?)";
  const hMany = w.prepare(`INSERT INTO score_history ${histCols} VALUES ${Array(ROWS_PER_STATEMENT).fill(hOne).join(",")}`);
  const hSingle = w.prepare(`INSERT INTO score_history ${histCols} VALUES ${hOne}`);
  const buf: unknown[] = [];
  let count = 0;
  for (let k = 0; k < n; k++) {
    buf.push(modelId, accountIds[k], versionId, eventId, round1(c.scores[k]!), bandLabels[c.bands[k]!], now);
    if (++count === ROWS_PER_STATEMENT) {
      hMany.run(buf);
      buf.length = 0;
      count = 0;
    }
  }
  for (let k = 0; k < count; k++) hSingle.run(buf.slice(k * 7, k * 7 + 7));
}

const PG_CHUNK = 50_000;

async function writePg(handle: DbHandle, tx: unknown, input: PublishScoresInput, rank: Int32Array, previous: Float64Array, changedMask: Uint8Array, eventId: number, now: number) {
  // Raw statements through the transaction's own client (drizzle's node-postgres session).
  const client = (tx as { session: { client: { query: (t: string, v?: unknown[]) => Promise<unknown> } } }).session.client;
  const { accountIds, columns: c, bandLabels, modelId, versionId } = input;
  const n = accountIds.length;
  await client.query("DELETE FROM account_scores WHERE model_id = $1", [modelId]);
  for (let a = 0; a < n; a += PG_CHUNK) {
    const b = Math.min(n, a + PG_CHUNK);
    const ids: number[] = [], score: number[] = [], band: string[] = [], rk: number[] = [], fit: number[] = [], eng: number[] = [], intent: number[] = [], rel: number[] = [], prob: (number | null)[] = [], prev: (number | null)[] = [];
    for (let i = a; i < b; i++) {
      ids.push(accountIds[i]!);
      score.push(round1(c.scores[i]!));
      band.push(bandLabels[c.bands[i]!]!);
      rk.push(rank[i]!);
      fit.push(round1(c.fit[i]!));
      eng.push(round1(c.engagement[i]!));
      intent.push(round1(c.intent[i]!));
      rel.push(round1(c.relationship[i]!));
      prob.push(c.probability ? c.probability[i]! : null);
      prev.push(Number.isNaN(previous[i]!) ? null : previous[i]!);
    }
    await client.query(
      `INSERT INTO account_scores (model_id, account_id, version_id, score, band, rank, fit, engagement, intent, relationship, probability, previous_score, scored_at)
       SELECT $1, u.* , $13 FROM (SELECT * FROM unnest($2::int[], $3::int[], $4::float8[], $5::text[], $6::int[], $7::float8[], $8::float8[], $9::float8[], $10::float8[], $11::float8[], $12::float8[])) AS u(account_id, version_id, score, band, rank, fit, engagement, intent, relationship, probability, previous_score)`,
      [modelId, ids, new Array(ids.length).fill(versionId), score, band, rk, fit, eng, intent, rel, prob, prev, now],
    );
    const hIds: number[] = [], hScore: number[] = [], hBand: string[] = [];
    for (let i = a; i < b; i++) {
      hIds.push(accountIds[i]!);
      hScore.push(round1(c.scores[i]!));
      hBand.push(bandLabels[c.bands[i]!]!);
    }
    if (hIds.length)
      await client.query(
        `INSERT INTO score_history (model_id, account_id, version_id, publish_event_id, score, band, recorded_at)
         SELECT $1, u.account_id, $2, $3, u.score, u.band, $4 FROM unnest($5::int[], $6::float8[], $7::text[]) AS u(account_id, score, band)`,
        [modelId, versionId, eventId, now, hIds, hScore, hBand],
      );
  }
}
