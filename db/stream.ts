/**
 * Streams the rows of a raw SQL query as arrays, in batches, with bounded memory, on either dialect:
 * SQLite iterates a prepared statement; PostgreSQL reads a server-side cursor inside a read-only
 * transaction (one consistent snapshot, never the whole result in memory).
 */
import type { DbHandle } from "./client";

export const STREAM_BATCH = 20_000;

/** Yields batches of rows (each row an array of column values, in SELECT order). */
export async function* streamRows(handle: DbHandle, text: string, params: unknown[] = [], batch = STREAM_BATCH): AsyncGenerator<unknown[][]> {
  if (handle.dialect === "sqlite") {
    const stmt = handle.sqlite!.reader.prepare(text).raw(true);
    let buf: unknown[][] = [];
    for (const row of stmt.iterate(...params) as Iterable<unknown[]>) {
      buf.push(row);
      if (buf.length >= batch) {
        yield buf;
        buf = [];
      }
    }
    if (buf.length) yield buf;
    return;
  }
  const client = await handle.pool!.connect();
  try {
    await client.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
    // $n placeholders are numbered the same in the cursor declaration.
    await client.query({ text: `DECLARE lodestar_cur NO SCROLL CURSOR FOR ${text}`, values: params });
    for (;;) {
      const res = await client.query({ text: `FETCH ${batch} FROM lodestar_cur`, rowMode: "array" });
      if (res.rows.length === 0) break;
      yield res.rows as unknown[][];
      if (res.rows.length < batch) break;
    }
    await client.query("COMMIT");
  } catch (err) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}

/** Converts `?` placeholders to PostgreSQL's `$n` when needed, so raw SQL is written once. */
export function placeholders(handle: DbHandle, text: string): string {
  if (handle.dialect === "sqlite") return text;
  let n = 0;
  return text.replace(/\?/g, () => `$${++n}`);
}
