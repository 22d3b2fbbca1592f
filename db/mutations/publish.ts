/**
 * Writes a published version's scores for every account in one transaction: the live scores (with
 * rank and previous score), the ranking (score_ranks: rank → account), a score-history row for every account (so "the score at publish X" is
 * one lookup, and trends need no gap filling), a publish event, and the version statuses. Readers
 * see either the old ranking or the new one.
 *
 * SQLite: one synchronous pass of multi-row prepared INSERTs on the writer connection (no await inside
 * the transaction, so nothing interleaves). PostgreSQL: chunked `INSERT … SELECT FROM unnest(…)`.
 * History is copied from the new scores with one INSERT … SELECT. Never one round trip per account.
 */
import { and, eq, max, ne } from "drizzle-orm";
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
  action: "publish" | "rollback" | "rescore";
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
  /** Wall-clock milliseconds of the phases: reading the previous scores, ranking, writing, committing. */
  phases: { readPrevious: number; rank: number; write: number; commit: number };
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

/** The scores a publish wrote, kept in this process so the next publish of the model need not read them back. */
interface LastPublished {
  publishEventId: number;
  accountIds: Int32Array;
  scores: Float64Array;
  bands: Uint8Array;
  bandLabels: string[];
}
const lastPublished = ((globalThis as unknown as { __lodestarLastPublished?: Map<string, LastPublished> }).__lodestarLastPublished ??= new Map());

function sameIds(a: Int32Array, b: Int32Array): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * The live scores before this publish, per account position. When this process wrote them (its
 * record names the model's latest publish event, and the accounts are the same), they come from
 * memory; otherwise they are streamed from account_scores.
 */
async function readPrevious(handle: DbHandle, modelId: number, accountIds: Int32Array) {
  const n = accountIds.length;
  const cached = lastPublished.get(`${handle.url}#${modelId}`);
  if (cached && sameIds(cached.accountIds, accountIds)) {
    const { schema } = handle;
    const [latest] = await handle.db
      .select({ id: max(schema.publishEvents.id) })
      .from(schema.publishEvents)
      .where(eq(schema.publishEvents.modelId, modelId));
    if (Number(latest?.id) === cached.publishEventId) {
      const previousBands: (string | null)[] = new Array(n);
      for (let i = 0; i < n; i++) previousBands[i] = cached.bandLabels[cached.bands[i]!] ?? null;
      return { previous: Float64Array.from(cached.scores), previousBands };
    }
  }
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
  let mark = performance.now();
  const lap = () => {
    const t = performance.now();
    const ms = Math.round(t - mark);
    mark = t;
    return ms;
  };
  const { previous, previousBands } = await readPrevious(handle, input.modelId, accountIds);
  const phases = { readPrevious: lap(), rank: 0, write: 0, commit: 0 };
  const rank = rankPositions(c.scores, accountIds);
  const bandCounts: Record<string, number> = Object.fromEntries(bandLabels.map((b) => [b, 0]));
  let changed = 0;
  for (let i = 0; i < n; i++) {
    const band = bandLabels[c.bands[i]!]!;
    bandCounts[band] = (bandCounts[band] ?? 0) + 1;
    if (previousBands[i] !== band || previous[i] !== round1(c.scores[i]!)) changed++;
  }
  phases.rank = lap();
  const { schema } = handle;

  // SQLite: a large publish leaves hundreds of megabytes in the WAL, and the automatic checkpoint
  // would copy them into the database inside the commit. The commit is what makes the publish
  // visible; the copy is maintenance, so it runs right after instead of inside.
  const writer = handle.dialect === "sqlite" ? handle.sqlite!.writer : null;
  const autocheckpoint = writer ? Number(writer.pragma("wal_autocheckpoint", { simple: true })) : 0;
  if (writer && autocheckpoint > 0) writer.pragma("wal_autocheckpoint = 0");
  let publishEventId: number;
  try {
    publishEventId = await handle.transact(async (tx) => {
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
      if (handle.dialect === "sqlite") writeSqlite(handle, input, rank, previous, eventId, now);
      else await writePg(handle, tx, input, rank, previous, eventId, now);
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
      phases.write = lap();
      return eventId;
      // Every account id comes from the snapshot just read from accounts (which the app never deletes
      // from), the model and version were checked by the guard: a million parent lookups would add
      // nothing but a second to the publish.
    }, { trustedReferences: true });
    phases.commit = lap();
  } finally {
    if (writer && autocheckpoint > 0) writer.pragma(`wal_autocheckpoint = ${autocheckpoint}`);
  }
  const written = new Float64Array(n);
  for (let i = 0; i < n; i++) written[i] = round1(c.scores[i]!);
  lastPublished.set(`${handle.url}#${input.modelId}`, { publishEventId, accountIds, scores: written, bands: c.bands, bandLabels: [...bandLabels] });
  if (writer && autocheckpoint > 0) {
    setTimeout(() => {
      try {
        writer.pragma("wal_checkpoint(PASSIVE)");
      } catch {
        // closed meanwhile (tests, scripts): the next connection checkpoints instead
      }
    }, 0).unref();
  }
  return { publishEventId, accountCount: n, bandCounts, changed, durationMs: Math.round(performance.now() - started), phases, previous, previousBands };
}

const ROWS_PER_STATEMENT = 500;

/** A band label as a SQL literal (labels are validated text, quotes doubled anyway). */
const literal = (s: string) => `'${s.replace(/'/g, "''")}'`;

/** The account ids in ranking order: position r − 1 holds the account ranked r. */
export function rankingOrder(rank: Int32Array, accountIds: Int32Array): Int32Array {
  const order = new Int32Array(rank.length);
  for (let i = 0; i < rank.length; i++) order[rank[i]! - 1] = accountIds[i]!;
  return order;
}

/**
 * SQLite: one synchronous pass on the writer connection. account_scores is a WITHOUT ROWID table
 * clustered on (model, account) with no secondary index: the model's rows are deleted and rewritten
 * in account-id order, so the insert appends to one b-tree. The ranking goes to score_ranks, clustered
 * on (model, rank), written in rank order: another append. Constants are inlined in the SQL so each
 * row binds only its own values. History rows (clustered on publish event, account) are appended
 * set-based from the new scores. Everything runs inside the caller's transaction: readers keep the
 * old rows until commit.
 */
function writeSqlite(handle: DbHandle, input: PublishScoresInput, rank: Int32Array, previous: Float64Array, eventId: number, now: number) {
  const w = handle.sqlite!.writer;
  const { accountIds, columns: c, bandLabels, modelId, versionId } = input;
  const n = accountIds.length;
  const mid = Math.trunc(modelId);
  const vid = Math.trunc(versionId);
  const at = Math.trunc(now);
  w.prepare("DELETE FROM score_ranks WHERE model_id = ?").run(mid);
  w.prepare("DELETE FROM account_scores WHERE model_id = ?").run(mid);
  const band = `CASE ? ${bandLabels.map((l, k) => `WHEN ${k} THEN ${literal(l)}`).join(" ")} END`;
  const one = `(${mid},?,${vid},?,${band},?,?,?,?,?,?,?,${at})`;
  const cols = "(model_id, account_id, version_id, score, band, rank, fit, engagement, intent, relationship, probability, previous_score, scored_at)";
  const prob = c.probability;
  insertRows(w, `INSERT INTO account_scores ${cols} VALUES `, one, 10, n, (i, a, o) => {
    const p = previous[i]!;
    a[o] = accountIds[i];
    a[o + 1] = round1(c.scores[i]!);
    a[o + 2] = c.bands[i];
    a[o + 3] = rank[i];
    a[o + 4] = round1(c.fit[i]!);
    a[o + 5] = round1(c.engagement[i]!);
    a[o + 6] = round1(c.intent[i]!);
    a[o + 7] = round1(c.relationship[i]!);
    a[o + 8] = prob ? prob[i] : null;
    a[o + 9] = p === p ? p : null;
  });
  const order = rankingOrder(rank, accountIds);
  insertRows(w, "INSERT INTO score_ranks (model_id, rank, account_id) VALUES ", `(${mid},?,?)`, 2, n, (r, a, o) => {
    a[o] = r + 1;
    a[o + 1] = order[r];
  });
  w.prepare("INSERT INTO score_history (publish_event_id, account_id, score, band) SELECT ?, account_id, score, band FROM account_scores WHERE model_id = ? ORDER BY account_id").run(
    eventId,
    mid,
  );
}

/** Rows 0..n−1 through multi-row prepared INSERTs of ROWS_PER_STATEMENT rows (`put` fills row i's `perRow` values from a[o]). */
function insertRows(w: NonNullable<DbHandle["sqlite"]>["writer"], head: string, one: string, perRow: number, n: number, put: (i: number, a: unknown[], o: number) => void) {
  const many = w.prepare(head + Array(ROWS_PER_STATEMENT).fill(one).join(","));
  const args: unknown[] = new Array(ROWS_PER_STATEMENT * perRow);
  let i = 0;
  for (; i + ROWS_PER_STATEMENT <= n; i += ROWS_PER_STATEMENT) {
    for (let k = 0; k < ROWS_PER_STATEMENT; k++) put(i + k, args, k * perRow);
    many.run(args);
  }
  if (i < n) {
    const single = w.prepare(head + one);
    const rest: unknown[] = new Array(perRow);
    for (; i < n; i++) {
      put(i, rest, 0);
      single.run(rest);
    }
  }
}

const PG_CHUNK = 50_000;

/**
 * PostgreSQL: the model's rows are deleted and re-inserted in chunks of `INSERT … SELECT FROM
 * unnest(…)` (one round trip per 50,000 accounts), the ranking likewise in rank order, then history
 * is copied set-based in one statement.
 */
async function writePg(handle: DbHandle, tx: unknown, input: PublishScoresInput, rank: Int32Array, previous: Float64Array, eventId: number, now: number) {
  // Raw statements through the transaction's own client (drizzle's node-postgres session).
  const client = (tx as { session: { client: { query: (t: string, v?: unknown[]) => Promise<unknown> } } }).session.client;
  const { accountIds, columns: c, bandLabels, modelId, versionId } = input;
  const n = accountIds.length;
  await client.query("DELETE FROM score_ranks WHERE model_id = $1", [modelId]);
  await client.query("DELETE FROM account_scores WHERE model_id = $1", [modelId]);
  for (let a = 0; a < n; a += PG_CHUNK) {
    const b = Math.min(n, a + PG_CHUNK);
    const m = b - a;
    const ids = new Array<number>(m), score = new Array<number>(m), band = new Array<number>(m), rk = new Array<number>(m);
    const fit = new Array<number>(m), eng = new Array<number>(m), intent = new Array<number>(m), rel = new Array<number>(m);
    const prob = new Array<number | null>(m), prev = new Array<number | null>(m);
    for (let k = 0; k < m; k++) {
      const i = a + k;
      ids[k] = accountIds[i]!;
      score[k] = round1(c.scores[i]!);
      band[k] = c.bands[i]! + 1;
      rk[k] = rank[i]!;
      fit[k] = round1(c.fit[i]!);
      eng[k] = round1(c.engagement[i]!);
      intent[k] = round1(c.intent[i]!);
      rel[k] = round1(c.relationship[i]!);
      prob[k] = c.probability ? c.probability[i]! : null;
      prev[k] = Number.isNaN(previous[i]!) ? null : previous[i]!;
    }
    await client.query(
      `INSERT INTO account_scores (model_id, account_id, version_id, score, band, rank, fit, engagement, intent, relationship, probability, previous_score, scored_at)
       SELECT $1, u.account_id, $2, u.score, ($3::text[])[u.band], u.rank, u.fit, u.engagement, u.intent, u.relationship, u.probability, u.previous_score, $4
       FROM unnest($5::int[], $6::float8[], $7::int[], $8::int[], $9::float8[], $10::float8[], $11::float8[], $12::float8[], $13::float8[], $14::float8[])
         AS u(account_id, score, band, rank, fit, engagement, intent, relationship, probability, previous_score)`,
      [modelId, versionId, bandLabels, now, ids, score, band, rk, fit, eng, intent, rel, prob, prev],
    );
  }
  const order = rankingOrder(rank, accountIds);
  for (let a = 0; a < n; a += PG_CHUNK) {
    const b = Math.min(n, a + PG_CHUNK);
    await client.query("INSERT INTO score_ranks (model_id, rank, account_id) SELECT $1, $2::int + u.o, u.account_id FROM unnest($3::int[]) WITH ORDINALITY AS u(account_id, o)", [
      modelId,
      a,
      Array.from(order.subarray(a, b)),
    ]);
  }
  await client.query(
    "INSERT INTO score_history (publish_event_id, account_id, score, band) SELECT $2, account_id, score, band FROM account_scores WHERE model_id = $1",
    [modelId, eventId],
  );
}
