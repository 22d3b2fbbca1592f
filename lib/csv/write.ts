/**
 * RFC 4180 CSV writing for exports, safe to open in spreadsheets.
 *
 * Formula injection: Excel, LibreOffice and Google Sheets evaluate a cell that starts with `=`, `+`,
 * `-` or `@` (and some also after a leading tab/CR), so an account named `=HYPERLINK(...)` could run
 * in a rep's spreadsheet. Such text cells are prefixed with `'` (the spreadsheet "text" marker) and
 * quoted. Genuine JS numbers are written as-is so `-5` stays a number.
 */

/** Options of the writer functions. */
export interface CsvWriteOptions {
  /** Field delimiter; default ",". */
  delimiter?: string;
  /** Neutralise formula-like text cells (default true). Turn off only for machine-to-machine files. */
  neutralizeFormulas?: boolean;
  /** Separator used when a cell value is an array (e.g. technology tags); default "; ". */
  listSeparator?: string;
}

const FORMULA_START = /^[=+\-@\t\r\u0000]/;

/**
 * True when `text` would be interpreted as a formula by a spreadsheet if written unmodified.
 */
export function isFormulaLike(text: string): boolean {
  return FORMULA_START.test(text);
}

/**
 * Render one value as the text of a cell (before quoting): null/undefined/NaN/±Infinity/invalid
 * dates → empty, Date → ISO 8601, arrays → joined with `listSeparator`, plain objects → JSON.
 */
export function cellText(value: unknown, listSeparator = "; "): string {
  if (value === null || value === undefined) return "";
  switch (typeof value) {
    case "string":
      return value;
    case "number":
      return Number.isFinite(value) ? String(value) : "";
    case "bigint":
    case "boolean":
      return String(value);
    case "object":
      if (value instanceof Date) return Number.isNaN(value.getTime()) ? "" : value.toISOString();
      if (Array.isArray(value)) return value.map((v) => cellText(v, listSeparator)).join(listSeparator);
      return JSON.stringify(value);
    default:
      return String(value);
  }
}

function needsQuotes(text: string, delimiter: string): boolean {
  return (
    text.includes(delimiter) || text.includes('"') || text.includes("\n") || text.includes("\r")
  );
}

/**
 * Encode one field: quoted when it holds the delimiter, a quote or a line break, and neutralised
 * (`'` prefix, always quoted) when it is formula-like text. Numbers, bigints and booleans are never
 * neutralised, so `-5` stays `-5` while the string `"-5"` becomes `"'-5"`.
 */
export function csvField(value: unknown, opts: CsvWriteOptions = {}): string {
  const delimiter = opts.delimiter ?? ",";
  const text = cellText(value, opts.listSeparator);
  const isText = typeof value !== "number" && typeof value !== "bigint" && typeof value !== "boolean";
  if (isText && (opts.neutralizeFormulas ?? true) && FORMULA_START.test(text)) {
    return `"'${text.replace(/"/g, '""')}"`;
  }
  return needsQuotes(text, delimiter) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * Encode one record, terminated by CRLF as RFC 4180 prescribes.
 *
 * @example csvRow(["Acme, Inc.", -5, "=1+1", null]) // '"Acme, Inc.",-5,"\'=1+1",\r\n'
 */
export function csvRow(values: readonly unknown[], opts: CsvWriteOptions = {}): string {
  const delimiter = opts.delimiter ?? ",";
  let out = "";
  for (let k = 0; k < values.length; k++) {
    if (k > 0) out += delimiter;
    out += csvField(values[k], opts);
  }
  return out + "\r\n";
}

/** Encode a whole small document (header + rows) in memory. For large exports use `csvStream`. */
export function csvDocument(header: readonly string[], rows: Iterable<readonly unknown[]>, opts: CsvWriteOptions = {}): string {
  let out = csvRow(header, opts);
  for (const row of rows) out += csvRow(row, opts);
  return out;
}

/** Options of the streaming writers. */
export interface CsvStreamOptions extends CsvWriteOptions {
  /** Rows per emitted chunk; default 500. Batching keeps per-chunk overhead low on big exports. */
  batchRows?: number;
  /**
   * Start with a UTF-8 byte order mark. Excel needs it to read non-ASCII text in a UTF-8 CSV
   * correctly; most other tools ignore it. Default false.
   */
  bom?: boolean;
}

/**
 * Stream an export as text chunks: the header row first, then batches of `batchRows` rows.
 * Rows are pulled lazily from `rows`, so a database cursor is read only as fast as the consumer
 * reads the chunks.
 */
export async function* csvStream(
  header: readonly string[],
  rows: AsyncIterable<readonly unknown[]> | Iterable<readonly unknown[]>,
  opts: CsvStreamOptions = {},
): AsyncGenerator<string, void, undefined> {
  const batchRows = Math.max(1, opts.batchRows ?? 500);
  yield (opts.bom ? "\uFEFF" : "") + csvRow(header, opts);
  let buffer = "";
  let count = 0;
  for await (const row of rows) {
    buffer += csvRow(row, opts);
    if (++count === batchRows) {
      yield buffer;
      buffer = "";
      count = 0;
    }
  }
  if (count > 0) yield buffer;
}

/**
 * The same export as a web `ReadableStream` of UTF-8 bytes, ready for `new Response(body)` in a
 * route handler. Pull-based, so it honours back-pressure; cancelling the stream closes the source
 * iterator (e.g. releases a DB cursor).
 */
export function csvReadableStream(
  header: readonly string[],
  rows: AsyncIterable<readonly unknown[]> | Iterable<readonly unknown[]>,
  opts: CsvStreamOptions = {},
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const it = csvStream(header, rows, opts);
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await it.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(next.value));
    },
    async cancel() {
      await it.return(undefined);
    },
  });
}
