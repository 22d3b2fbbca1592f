/**
 * RFC 4180 CSV parsing: whole-text (`parseCsv`), push-based incremental (`createCsvParser`) and
 * async-iterable (`csvRecords`) front-ends over one state machine.
 *
 * Line numbers are physical (1-based, the line on which a record starts; the header is line 1), so a
 * row error can point at the line a user sees in a text editor even when quoted fields span lines.
 */

/** Machine-readable kind of a parse problem. */
export type CsvErrorCode =
  | "not_text"
  | "empty_file"
  | "no_header"
  | "duplicate_header"
  | "unterminated_quote"
  | "extra_column"
  | "missing_column"
  | "record_too_long";

/** A problem found while parsing, tied to the physical line where the record starts. */
export interface CsvRowError {
  /** 1-based physical line where the offending record starts (1 for file-level problems). */
  line: number;
  code: CsvErrorCode;
  /** Human-readable explanation, suitable for an import error report. */
  reason: string;
  /**
   * True when parsing stopped here and the whole file should be rejected (binary content, empty
   * file, no header, runaway record). Non-fatal errors only drop the record they describe.
   */
  fatal: boolean;
  /** The raw fields of the dropped record, when there was one (field-count mismatches). */
  fields?: string[];
}

/** A parsed record with the physical line on which it starts. */
export interface CsvRecord {
  line: number;
  fields: string[];
}

/** Options shared by every parsing front-end. */
export interface CsvParseOptions {
  /** Single-character field delimiter. Default ",". See `detectDelimiter` for `;`/tab files. */
  delimiter?: string;
  /** Treat the first record as the header and check field counts against it. Default true. */
  header?: boolean;
  /**
   * Skip records whose fields are all empty (e.g. the `,,,,` rows spreadsheets append). Default
   * true. Physically empty lines are always skipped.
   */
  skipBlankRows?: boolean;
  /**
   * Upper bound on one field's length in characters. Keeps memory bounded when a stray quote would
   * otherwise swallow the rest of a huge file. Default 4 Mi characters.
   */
  maxFieldChars?: number;
  /**
   * Reject text containing U+FFFD. A lenient UTF-8 decode (e.g. `await file.text()`) turns invalid
   * bytes such as a Latin-1 "é" into U+FFFD, so its presence means the file was not UTF-8. Default true.
   */
  rejectReplacementChar?: boolean;
}

/** Callbacks of the incremental parser. Each is called synchronously from `push`/`end`. */
export interface CsvParserHandlers {
  /** Called once with the header record (only when `header` is true). */
  onHeader?: (header: string[], line: number) => void;
  /** Called for each data record whose field count matches the header. */
  onRow?: (fields: string[], line: number) => void;
  /** Called for each problem; after a fatal one no further callbacks happen. */
  onError?: (error: CsvRowError) => void;
}

/** Incremental CSV parser with bounded memory (one partial record at a time). */
export interface CsvParser {
  /** Feed the next piece of text. Chunks may split records, fields, CRLF pairs and `""` escapes. */
  push(chunk: string): void;
  /** Signal end of input; flushes the last record and reports end-of-file problems. */
  end(): void;
  /** The header, once seen (null before, or when `header` is false). */
  readonly header: string[] | null;
  /** True once a fatal error stopped parsing. */
  readonly failed: boolean;
  /** Number of data rows delivered to `onRow` so far. */
  readonly rowCount: number;
  /** Physical line the parser has reached (1-based); useful for progress and decode errors. */
  readonly line: number;
}

/** Result of `parseCsv`. `rows[k]` starts on physical line `lines[k]`. */
export interface ParsedCsv {
  header: string[];
  rows: string[][];
  lines: number[];
  errors: CsvRowError[];
}

/** One item of `csvRecords`: the header, a data row, or a problem. */
export type CsvItem =
  | { kind: "header"; line: number; fields: string[] }
  | { kind: "row"; line: number; fields: string[] }
  | { kind: "error"; error: CsvRowError };

const QUOTE = 34;
const LF = 10;
const CR = 13;

const START = 0; // at the first character of a field
const UNQUOTED = 1; // inside an unquoted field (partial value kept in `field`)
const QUOTED = 2; // inside a quoted field
const QUOTE_IN_QUOTED = 3; // just read a `"` inside a quoted field: closing quote or first half of `""`

const DEFAULT_MAX_FIELD = 4 * 1024 * 1024;

/** Message shared by every "this is not a CSV file" outcome so the UI shows one clear error. */
export const NOT_TEXT_REASON = "file is not text CSV (binary content or not UTF-8 encoded)";

/**
 * Tokenizer: turns text into records with start lines. Knows nothing about headers.
 * A class (not closures) so V8 keeps the hot fields in one stable shape.
 */
class Tokenizer {
  private state = START;
  private field = "";
  private fields: string[] = [];
  private line = 1;
  private recordLine = 1;
  private quoteLine = 1;
  private skipLF = false;
  private prevCR = false;
  private started = false;
  private readonly delim: number;
  failed = false;

  constructor(
    delimiter: string,
    private readonly maxField: number,
    private readonly rejectFFFD: boolean,
    private readonly emit: (fields: string[], line: number) => void,
    private readonly fail: (error: CsvRowError) => void,
    private readonly unterminated: (error: CsvRowError) => void,
  ) {
    if (delimiter.length !== 1 || delimiter === '"' || delimiter === "\n" || delimiter === "\r") {
      throw new Error(`invalid CSV delimiter ${JSON.stringify(delimiter)}`);
    }
    this.delim = delimiter.charCodeAt(0);
  }

  /** Current physical line (1-based). */
  get currentLine(): number {
    return this.line;
  }

  failNotText(atLine: number, detail: string): void {
    if (this.failed) return;
    this.failed = true;
    this.fail({ line: atLine, code: "not_text", reason: `${NOT_TEXT_REASON}: ${detail}`, fatal: true });
  }

  push(chunk: string): void {
    if (this.failed || chunk.length === 0) return;
    let text = chunk;
    if (!this.started) {
      this.started = true;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    // Native indexOf is far cheaper than a per-character test in the hot loop.
    const nul = text.indexOf("\u0000");
    if (nul >= 0) return this.failNotText(this.line + countLineBreaks(text, nul), "it contains NUL bytes");
    if (this.rejectFFFD) {
      const bad = text.indexOf("\uFFFD");
      if (bad >= 0) return this.failNotText(this.line + countLineBreaks(text, bad), "it contains bytes that are not valid UTF-8");
    }

    const len = text.length;
    const delim = this.delim;
    let i = 0;
    let state = this.state;
    let field = this.field;
    let fields = this.fields;
    let line = this.line;
    let recordLine = this.recordLine;

    if (this.skipLF) {
      this.skipLF = false;
      if (text.charCodeAt(0) === LF) i = 1;
    }

    while (i < len) {
      if (state === START || state === UNQUOTED) {
        if (state === START && text.charCodeAt(i) === QUOTE) {
          state = QUOTED;
          this.quoteLine = line;
          this.prevCR = false;
          i++;
          continue;
        }
        let j = i;
        let c = 0;
        while (j < len) {
          c = text.charCodeAt(j);
          if (c === delim || c === LF || c === CR) break;
          j++;
        }
        if (j === len) {
          field += text.slice(i);
          state = UNQUOTED;
          i = len;
          break;
        }
        if (c === delim) {
          fields.push(field === "" ? text.slice(i, j) : field + text.slice(i, j));
          field = "";
          state = START;
          i = j + 1;
          continue;
        }
        // Line terminator. A physically empty line carries no record.
        if (!(state === START && j === i && fields.length === 0)) {
          fields.push(field === "" ? text.slice(i, j) : field + text.slice(i, j));
          this.emit(fields, recordLine);
          fields = [];
        }
        field = "";
        state = START;
        line++;
        i = j + 1;
        if (c === CR) {
          if (i < len) {
            if (text.charCodeAt(i) === LF) i++;
          } else this.skipLF = true;
        }
        recordLine = line;
      } else if (state === QUOTED) {
        let j = i;
        let prevCR = this.prevCR;
        while (j < len) {
          const c = text.charCodeAt(j);
          if (c === QUOTE) break;
          if (c === CR) {
            line++;
            prevCR = true;
          } else {
            if (c === LF && !prevCR) line++;
            prevCR = false;
          }
          j++;
        }
        this.prevCR = prevCR;
        field += text.slice(i, j);
        if (j === len) {
          i = len;
          break;
        }
        state = QUOTE_IN_QUOTED;
        i = j + 1;
      } else {
        const c = text.charCodeAt(i);
        if (c === QUOTE) {
          field += '"';
          state = QUOTED;
          this.prevCR = false;
          i++;
        } else if (c === delim) {
          fields.push(field);
          field = "";
          state = START;
          i++;
        } else if (c === CR || c === LF) {
          fields.push(field);
          this.emit(fields, recordLine);
          fields = [];
          field = "";
          state = START;
          line++;
          i++;
          if (c === CR) {
            if (i < len) {
              if (text.charCodeAt(i) === LF) i++;
            } else this.skipLF = true;
          }
          recordLine = line;
        } else {
          // Text after a closing quote (`"ab"c`) is kept literally, as spreadsheets do.
          state = UNQUOTED;
        }
      }
    }

    this.state = state;
    this.field = field;
    this.fields = fields;
    this.line = line;
    this.recordLine = recordLine;

    if (field.length > this.maxField) {
      this.failed = true;
      const hint = state === QUOTED ? ` (a quote opened on line ${this.quoteLine} is probably never closed)` : "";
      this.fail({
        line: recordLine,
        code: "record_too_long",
        reason: `the field starting on line ${recordLine} is longer than ${this.maxField} characters${hint}`,
        fatal: true,
      });
    }
  }

  end(): void {
    if (this.failed) return;
    const state = this.state;
    if (state === QUOTED) {
      this.unterminated({
        line: this.recordLine,
        code: "unterminated_quote",
        reason:
          `unterminated quote: the quoted field opened on line ${this.quoteLine} is never closed, ` +
          `so lines ${this.quoteLine}–${this.line} could not be read`,
        fatal: false,
      });
    } else if (state !== START || this.fields.length > 0) {
      this.fields.push(this.field);
      this.emit(this.fields, this.recordLine);
    }
    this.fields = [];
    this.field = "";
    this.state = START;
  }
}

function countLineBreaks(text: string, end: number): number {
  let n = 0;
  for (let k = 0; k < end; k++) {
    const c = text.charCodeAt(k);
    if (c === LF) n++;
    else if (c === CR && text.charCodeAt(k + 1) !== LF) n++;
  }
  return n;
}

function isBlank(fields: string[]): boolean {
  for (let k = 0; k < fields.length; k++) if (fields[k] !== "") return false;
  return true;
}

const NUMBER_LIKE = /^\s*[-+]?(\d+([.,]\d+)*|\d*\.\d+)\s*$/;

/**
 * Create an incremental CSV parser. Feed text with `push` (any chunking), then call `end`.
 * Records are delivered through the handlers with their physical start line; memory stays bounded
 * by the largest record (capped by `maxFieldChars`).
 *
 * Field-count policy: a row with fewer fields than the header is a `missing_column` error; with
 * more, an `extra_column` error, except that surplus *empty* trailing fields (`a,b,c,` from a
 * spreadsheet) are dropped silently because no data is lost. Errored rows are not delivered to
 * `onRow`.
 */
export function createCsvParser(opts: CsvParseOptions = {}, handlers: CsvParserHandlers = {}): CsvParser {
  const useHeader = opts.header ?? true;
  const skipBlank = opts.skipBlankRows ?? true;
  const onHeader = handlers.onHeader;
  const onRow = handlers.onRow;
  const onError = handlers.onError;
  let header: string[] | null = null;
  let width = -1;
  let sawRecord = false;
  let failed = false;
  let rowCount = 0;

  const report = (e: CsvRowError): void => {
    if (e.fatal) failed = true;
    onError?.(e);
  };

  const emit = (fields: string[], line: number): void => {
    if (failed) return;
    if (!sawRecord) {
      sawRecord = true;
      if (useHeader) {
        const headerError = checkHeader(fields, line);
        if (headerError) {
          tokenizer.failed = true;
          report(headerError);
          return;
        }
        header = fields;
        width = fields.length;
        const seen = new Map<string, number>();
        for (let k = 0; k < fields.length; k++) {
          const name = fields[k].trim();
          if (name === "") continue;
          const prev = seen.get(name);
          if (prev !== undefined) {
            report({
              line,
              code: "duplicate_header",
              reason: `column name "${name}" appears twice (columns ${prev + 1} and ${k + 1})`,
              fatal: false,
            });
          } else seen.set(name, k);
        }
        onHeader?.(fields, line);
        return;
      }
    }
    if (skipBlank && isBlank(fields)) return;
    if (width >= 0 && fields.length !== width) {
      if (fields.length > width && isBlank(fields.slice(width))) {
        fields.length = width;
      } else {
        const extra = fields.length > width;
        report({
          line,
          code: extra ? "extra_column" : "missing_column",
          reason: `line ${line} has ${fields.length} fields but the header has ${width} (${extra ? "extra column" : "missing column"})`,
          fatal: false,
          fields,
        });
        return;
      }
    }
    rowCount++;
    onRow?.(fields, line);
  };

  const tokenizer = new Tokenizer(
    opts.delimiter ?? ",",
    opts.maxFieldChars ?? DEFAULT_MAX_FIELD,
    opts.rejectReplacementChar ?? true,
    emit,
    report,
    report,
  );

  return {
    push(chunk: string) {
      if (!failed) tokenizer.push(chunk);
    },
    end() {
      if (failed) return;
      tokenizer.end();
      if (!failed && !sawRecord) {
        report({ line: 1, code: "empty_file", reason: "file is empty (no header row and no data)", fatal: true });
      }
    },
    get header() {
      return header;
    },
    get failed() {
      return failed;
    },
    get rowCount() {
      return rowCount;
    },
    get line() {
      return tokenizer.currentLine;
    },
  };
}

function checkHeader(fields: string[], line: number): CsvRowError | null {
  if (isBlank(fields.map((f) => f.trim()))) {
    return { line, code: "no_header", reason: "the first line has no column names; the file needs a header row", fatal: true };
  }
  const named = fields.filter((f) => f.trim() !== "");
  if (named.every((f) => NUMBER_LIKE.test(f))) {
    return {
      line,
      code: "no_header",
      reason: "the first line looks like data (every value is a number), not column names; the file needs a header row",
      fatal: true,
    };
  }
  return null;
}

/**
 * Parse a whole CSV text in memory. For files above a few tens of MB prefer `csvRecords`.
 *
 * When a fatal error occurs (binary content, empty file, no header) `rows` is empty and `errors`
 * holds that single error, so callers can reject the file with one clear message.
 *
 * @example parseCsv("id,name\r\n1,Acme\r\n") // { header: ["id","name"], rows: [["1","Acme"]], lines: [2], errors: [] }
 */
export function parseCsv(text: string, opts: CsvParseOptions = {}): ParsedCsv {
  const rows: string[][] = [];
  const lines: number[] = [];
  const errors: CsvRowError[] = [];
  let header: string[] = [];
  const parser = createCsvParser(opts, {
    onHeader: (h) => {
      header = h;
    },
    onRow: (fields, line) => {
      rows.push(fields);
      lines.push(line);
    },
    onError: (e) => {
      errors.push(e);
    },
  });
  parser.push(text);
  parser.end();
  const fatal = errors.find((e) => e.fatal);
  if (fatal) return { header: [], rows: [], lines: [], errors: [fatal] };
  return { header, rows, lines, errors };
}

/**
 * Parse CSV from an async (or sync) iterable of text or byte chunks, e.g. a web `ReadableStream`,
 * a Node `Readable` or `File.stream()`. Bytes are decoded as UTF-8 with `stream: true`, so a
 * multi-byte character split across chunks is handled; invalid UTF-8 yields one fatal `not_text`
 * error. Items of one source chunk are yielded together, so memory stays bounded by the chunk size.
 */
export async function* csvRecords(
  source: AsyncIterable<string | Uint8Array> | Iterable<string | Uint8Array>,
  opts: CsvParseOptions = {},
): AsyncGenerator<CsvItem, void, undefined> {
  let pending: CsvItem[] = [];
  const parser = createCsvParser(opts, {
    onHeader: (fields, line) => {
      pending.push({ kind: "header", line, fields });
    },
    onRow: (fields, line) => {
      pending.push({ kind: "row", line, fields });
    },
    onError: (error) => {
      pending.push({ kind: "error", error });
    },
  });
  const decoder = new TextDecoder("utf-8", { fatal: true });
  let bytesSeen = false;
  const failNotText = (): void => {
    pending.push({
      kind: "error",
      error: { line: parser.line, code: "not_text", reason: `${NOT_TEXT_REASON}: it contains bytes that are not valid UTF-8`, fatal: true },
    });
  };

  for await (const chunk of source) {
    let text: string;
    if (typeof chunk === "string") {
      text = chunk;
    } else {
      bytesSeen = true;
      try {
        text = decoder.decode(chunk, { stream: true });
      } catch {
        failNotText();
        yield* flush();
        return;
      }
    }
    parser.push(text);
    if (pending.length > 0) yield* flush();
    if (parser.failed) return;
  }
  if (bytesSeen) {
    try {
      parser.push(decoder.decode());
    } catch {
      failNotText();
      yield* flush();
      return;
    }
  }
  parser.end();
  yield* flush();

  function* flush(): Generator<CsvItem> {
    const out = pending;
    pending = [];
    yield* out;
  }
}

/**
 * Decode uploaded bytes as UTF-8 (BOM stripped). Returns a `not_text` error for binary data or
 * other encodings instead of silently producing replacement characters.
 */
export function decodeCsvBytes(bytes: Uint8Array): { ok: true; text: string } | { ok: false; error: CsvRowError } {
  try {
    const text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    if (text.indexOf("\u0000") >= 0) throw new Error("NUL");
    return { ok: true, text };
  } catch {
    return { ok: false, error: { line: 1, code: "not_text", reason: NOT_TEXT_REASON, fatal: true } };
  }
}

/**
 * Guess the delimiter from the first line of a file: the most frequent of `,` `;` tab `|` outside
 * quotes. Falls back to `,`.
 */
export function detectDelimiter(sample: string): string {
  const candidates = [",", ";", "\t", "|"];
  const counts = [0, 0, 0, 0];
  let inQuotes = false;
  const start = sample.charCodeAt(0) === 0xfeff ? 1 : 0;
  for (let k = start; k < sample.length; k++) {
    const ch = sample[k];
    if (ch === '"') inQuotes = !inQuotes;
    else if (!inQuotes && (ch === "\n" || ch === "\r")) break;
    else if (!inQuotes) {
      const idx = candidates.indexOf(ch);
      if (idx >= 0) counts[idx]++;
    }
  }
  let best = 0;
  for (let k = 1; k < counts.length; k++) if (counts[k] > counts[best]) best = k;
  return counts[best] > 0 ? candidates[best] : ",";
}
