import { describe, expect, it } from "vitest";
import fc from "fast-check";
import fs from "node:fs";
import path from "node:path";
import {
  createCsvParser,
  csvRecords,
  decodeCsvBytes,
  detectDelimiter,
  parseCsv,
  type CsvItem,
  type CsvParseOptions,
  type CsvRowError,
} from "./parse";

const repoRoot = path.resolve(import.meta.dirname, "../..");
const dataDir = path.resolve(repoRoot, "../shared/data");

/** Parse with the incremental parser, feeding the given pieces. */
function parseChunks(chunks: string[], opts: CsvParseOptions = {}) {
  const rows: { line: number; fields: string[] }[] = [];
  const errors: CsvRowError[] = [];
  let header: string[] | null = null;
  const p = createCsvParser(opts, {
    onHeader: (h) => {
      header = h;
    },
    onRow: (fields, line) => rows.push({ line, fields }),
    onError: (e) => errors.push(e),
  });
  for (const c of chunks) p.push(c);
  p.end();
  return { header, rows, errors };
}

async function collect(source: AsyncIterable<string | Uint8Array> | Iterable<string | Uint8Array>, opts?: CsvParseOptions) {
  const items: CsvItem[] = [];
  for await (const item of csvRecords(source, opts)) items.push(item);
  return items;
}

describe("parseCsv", () => {
  it("parses a simple file with CRLF and reports physical lines", () => {
    const r = parseCsv("id,name\r\n1,Acme\r\n2,Globex\r\n");
    expect(r.header).toEqual(["id", "name"]);
    expect(r.rows).toEqual([
      ["1", "Acme"],
      ["2", "Globex"],
    ]);
    expect(r.lines).toEqual([2, 3]);
    expect(r.errors).toEqual([]);
  });

  it("handles LF, CR and mixed line endings and a missing final newline", () => {
    expect(parseCsv("a,b\n1,2\n3,4").rows).toEqual([
      ["1", "2"],
      ["3", "4"],
    ]);
    expect(parseCsv("a,b\r1,2\r3,4\r").rows).toEqual([
      ["1", "2"],
      ["3", "4"],
    ]);
    const mixed = parseCsv("a,b\r\n1,2\n3,4\r5,6");
    expect(mixed.rows).toEqual([
      ["1", "2"],
      ["3", "4"],
      ["5", "6"],
    ]);
    expect(mixed.lines).toEqual([2, 3, 4]);
  });

  it("handles quoted fields with commas, escaped quotes and embedded newlines", () => {
    const text = 'id,note,n\r\n1,"hello, world",x\r\n2,"say ""hi""",y\r\n3,"line1\r\nline2\nline3",z\r\n4,"",w\r\n';
    const r = parseCsv(text);
    expect(r.rows).toEqual([
      ["1", "hello, world", "x"],
      ["2", 'say "hi"', "y"],
      ["3", "line1\r\nline2\nline3", "z"],
      ["4", "", "w"],
    ]);
    // record 4 starts on physical line 7 because record 3 spans lines 4-6
    expect(r.lines).toEqual([2, 3, 4, 7]);
  });

  it("strips a UTF-8 BOM from the first header name", () => {
    const r = parseCsv("\uFEFFid,name\n1,a\n");
    expect(r.header).toEqual(["id", "name"]);
  });

  it("keeps empty fields and trailing empty field on the last line", () => {
    const r = parseCsv("a,b,c\n,,x\n1,,\n");
    expect(r.rows).toEqual([
      ["", "", "x"],
      ["1", "", ""],
    ]);
  });

  it("skips empty lines and all-blank rows but keeps line numbers physical", () => {
    const r = parseCsv("a,b\n\n1,2\n,\n\r\n3,4\n");
    expect(r.rows).toEqual([
      ["1", "2"],
      ["3", "4"],
    ]);
    expect(r.lines).toEqual([3, 6]);
  });

  it("can keep all-blank rows when asked", () => {
    const r = parseCsv("a,b\n,\n", { skipBlankRows: false });
    expect(r.rows).toEqual([["", ""]]);
  });

  it("keeps quote characters inside unquoted fields and text after a closing quote literally", () => {
    const r = parseCsv('a,b\n5" disk,"ab"c\n');
    expect(r.rows).toEqual([['5" disk', "abc"]]);
  });

  it("reports extra and missing columns with line and reason, and drops those rows", () => {
    const r = parseCsv("a,b,c\n1,2,3\n1,2\n1,2,3,4\n7,8,9\n");
    expect(r.rows).toEqual([
      ["1", "2", "3"],
      ["7", "8", "9"],
    ]);
    expect(r.lines).toEqual([2, 5]);
    expect(r.errors.map((e) => [e.line, e.code])).toEqual([
      [3, "missing_column"],
      [4, "extra_column"],
    ]);
    expect(r.errors[0].reason).toBe("line 3 has 2 fields but the header has 3 (missing column)");
    expect(r.errors[1].reason).toContain("extra column");
    expect(r.errors[1].fields).toEqual(["1", "2", "3", "4"]);
    expect(r.errors.every((e) => !e.fatal)).toBe(true);
  });

  it("tolerates surplus trailing empty fields (spreadsheet export) without error", () => {
    const r = parseCsv("a,b\n1,2,,\n");
    expect(r.rows).toEqual([["1", "2"]]);
    expect(r.errors).toEqual([]);
  });

  it("reports an unterminated quote at the record's start line", () => {
    const r = parseCsv('a,b\n1,2\n3,"open\n4,5\n6,7\n');
    expect(r.rows).toEqual([["1", "2"]]);
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]).toMatchObject({ line: 3, code: "unterminated_quote", fatal: false });
    expect(r.errors[0].reason).toContain("line 3");
  });

  it("rejects an empty file and a whitespace-only file", () => {
    expect(parseCsv("").errors).toEqual([
      { line: 1, code: "empty_file", reason: "file is empty (no header row and no data)", fatal: true },
    ]);
    expect(parseCsv("\r\n\n").errors[0].code).toBe("empty_file");
    expect(parseCsv("\uFEFF").errors[0].code).toBe("empty_file");
  });

  it("rejects a header without names and a header that looks like data", () => {
    const blank = parseCsv(",,\n1,2,3\n");
    expect(blank.errors).toHaveLength(1);
    expect(blank.errors[0]).toMatchObject({ code: "no_header", fatal: true });
    expect(blank.rows).toEqual([]);
    const numeric = parseCsv("1,2.5,3\n4,5,6\n");
    expect(numeric.errors[0].code).toBe("no_header");
    expect(numeric.errors[0].reason).toContain("looks like data");
  });

  it("accepts a header-only file with zero rows", () => {
    const r = parseCsv("id,name\n");
    expect(r.header).toEqual(["id", "name"]);
    expect(r.rows).toEqual([]);
    expect(r.errors).toEqual([]);
  });

  it("warns about duplicate column names without failing", () => {
    const r = parseCsv("id,name,Name ,name\n1,a,b,c\n");
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]).toMatchObject({ line: 1, code: "duplicate_header", fatal: false });
    expect(r.rows).toHaveLength(1);
  });

  it("rejects NUL bytes and replacement characters as not text, with one error and no rows", () => {
    const nul = parseCsv("a,b\n1,2\n\u0000\u0001\u0002");
    expect(nul.rows).toEqual([]);
    expect(nul.errors).toHaveLength(1);
    expect(nul.errors[0]).toMatchObject({ code: "not_text", fatal: true, line: 3 });
    expect(nul.errors[0].reason).toMatch(/^file is not text CSV/);
    const latin1 = parseCsv("a,b\nCaf\uFFFD,2\n");
    expect(latin1.errors[0].code).toBe("not_text");
    expect(parseCsv("a,b\nCaf\uFFFD,2\n", { rejectReplacementChar: false }).rows).toEqual([["Caf\uFFFD", "2"]]);
  });

  it("supports other delimiters and parses without a header", () => {
    expect(parseCsv("a;b\n1;2,5\n", { delimiter: ";" }).rows).toEqual([["1", "2,5"]]);
    expect(parseCsv("a\tb\n1\t2\n", { delimiter: "\t" }).rows).toEqual([["1", "2"]]);
    const noHeader = parseCsv("1,2\n3\n", { header: false });
    expect(noHeader.header).toEqual([]);
    expect(noHeader.rows).toEqual([["1", "2"], ["3"]]);
    expect(() => parseCsv("a", { delimiter: '"' })).toThrow(/delimiter/);
  });

  it("stops with record_too_long when a stray quote would swallow the file", () => {
    const big = 'a,b\n1,"' + "x,y\n".repeat(100);
    const r = parseCsv(big, { maxFieldChars: 50 });
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]).toMatchObject({ code: "record_too_long", line: 2, fatal: true });
    expect(r.errors[0].reason).toContain("quote opened on line 2");
  });
});

describe("createCsvParser (incremental)", () => {
  const text = 'id,note\r\n1,"a ""b"", c"\r\n2,"x\r\ny"\r\n3,plain\r\n4,"é€😀"\r\n';

  it("gives the same result for every split point of the input", () => {
    const whole = parseChunks([text]);
    expect(whole.rows.map((r) => r.line)).toEqual([2, 3, 5, 6]);
    for (let k = 0; k <= text.length; k++) {
      expect(parseChunks([text.slice(0, k), text.slice(k)])).toEqual(whole);
    }
  });

  it("gives the same result when fed one character at a time", () => {
    expect(parseChunks(text.split(""))).toEqual(parseChunks([text]));
  });

  it("exposes header, rowCount and failed", () => {
    const p = createCsvParser();
    p.push("a,b\n1,2\n3,");
    expect(p.header).toEqual(["a", "b"]);
    expect(p.rowCount).toBe(1);
    p.push("4");
    p.end();
    expect(p.rowCount).toBe(2);
    expect(p.failed).toBe(false);
    const q = createCsvParser();
    q.push("a\u0000");
    expect(q.failed).toBe(true);
  });

  it("property: arbitrary records survive quoting, any chunking and any line ending", () => {
    const fieldArb = fc.string({ unit: fc.constantFrom("a", "b", ",", '"', "\n", "\r", " ", "é", "😀", "x") });
    const quote = (f: string) => (/[",\r\n]/.test(f) || f === "" ? `"${f.replace(/"/g, '""')}"` : f);
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 4 }).chain((w) =>
          fc.tuple(
            fc.array(fc.stringMatching(/^[a-z]{1,5}$/), { minLength: w, maxLength: w }),
            fc.array(fc.array(fieldArb, { minLength: w, maxLength: w }), { maxLength: 8 }),
          ),
        ),
        fc.constantFrom("\r\n", "\n", "\r"),
        fc.array(fc.nat(), { maxLength: 5 }),
        ([header, rows], eol, cuts) => {
          // always quote so blank rows are not skipped and bare-CR content is unambiguous
          const body = rows.map((r) => r.map((f) => `"${f.replace(/"/g, '""')}"`).join(",")).join(eol);
          const text = header.map(quote).join(",") + eol + body + (rows.length ? eol : "");
          const points = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
          const chunks: string[] = [];
          let prev = 0;
          for (const p of points) {
            chunks.push(text.slice(prev, p));
            prev = p;
          }
          chunks.push(text.slice(prev));
          const r = parseChunks(chunks, { skipBlankRows: false });
          expect(r.errors.filter((e) => e.code !== "duplicate_header")).toEqual([]);
          expect(r.header).toEqual(header);
          expect(r.rows.map((x) => x.fields)).toEqual(rows);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe("csvRecords (async iterable)", () => {
  it("decodes a multi-byte character split across byte chunks", async () => {
    const bytes = new TextEncoder().encode("name,city\nJosé,Zürich 😀\n");
    const cut = bytes.indexOf(0xc3) + 1; // inside "é"
    const emojiCut = bytes.length - 3; // inside the 4-byte emoji
    const items = await collect([bytes.slice(0, cut), bytes.slice(cut, emojiCut), bytes.slice(emojiCut)]);
    expect(items).toEqual([
      { kind: "header", line: 1, fields: ["name", "city"] },
      { kind: "row", line: 2, fields: ["José", "Zürich 😀"] },
    ]);
  });

  it("strips a BOM delivered as bytes", async () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode("a\n1\n")]);
    const items = await collect([bytes.slice(0, 2), bytes.slice(2)]);
    expect(items[0]).toEqual({ kind: "header", line: 1, fields: ["a"] });
  });

  it("yields one not_text error for invalid UTF-8 and stops", async () => {
    const latin1 = new Uint8Array([0x61, 0x2c, 0x62, 0x0a, 0x43, 0x61, 0x66, 0xe9, 0x2c, 0x31, 0x0a]);
    const items = await collect([latin1]);
    const errors = items.filter((i) => i.kind === "error");
    expect(errors).toHaveLength(1);
    expect(errors[0].kind === "error" && errors[0].error.code).toBe("not_text");
    expect(items.some((i) => i.kind === "row")).toBe(false);
  });

  it("detects a truncated multi-byte sequence at end of input", async () => {
    const items = await collect([new Uint8Array([0x61, 0x0a, 0x62, 0xc3])]);
    expect(items.at(-1)).toMatchObject({ kind: "error", error: { code: "not_text" } });
  });

  it("works with a web ReadableStream of bytes", async () => {
    const stream = new Blob(["id,v\r\n1,x\r\n2,y\r\n"]).stream();
    const items = await collect(stream as unknown as AsyncIterable<Uint8Array>);
    expect(items.filter((i) => i.kind === "row").map((i) => (i.kind === "row" ? i.line : 0))).toEqual([2, 3]);
  });

  it("yields errors in order with rows", async () => {
    const items = await collect(["a,b\n1,2\n3\n", "4,5\n"]);
    expect(items.map((i) => (i.kind === "error" ? `E${i.error.line}` : `${i.kind[0]}${i.line}`))).toEqual(["h1", "r2", "E3", "r4"]);
  });
});

describe("decodeCsvBytes and detectDelimiter", () => {
  it("decodes UTF-8 and rejects binary", () => {
    expect(decodeCsvBytes(new TextEncoder().encode("\uFEFFa,b"))).toEqual({ ok: true, text: "a,b" });
    const zip = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x00]);
    const r = decodeCsvBytes(zip);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error.code).toBe("not_text");
  });

  it("picks the most frequent delimiter outside quotes on the first line", () => {
    expect(detectDelimiter("a;b;c\n1,2;3")).toBe(";");
    expect(detectDelimiter('"x;y;z",b\n')).toBe(",");
    expect(detectDelimiter("a\tb\tc")).toBe("\t");
    expect(detectDelimiter("single")).toBe(",");
  });
});

describe("real datasets", () => {
  const leads = path.join(dataDir, "x-education-leads/Leads.csv");
  const mql = path.join(dataDir, "olist-marketing-funnel/olist_marketing_qualified_leads_dataset.csv");
  const deals = path.join(dataDir, "olist-marketing-funnel/olist_closed_deals_dataset.csv");

  it.skipIf(!fs.existsSync(leads))("parses Leads.csv (CRLF): 9,240 rows x 37 columns, 3,561 converted", () => {
    const r = parseCsv(fs.readFileSync(leads, "utf8"));
    expect(r.errors).toEqual([]);
    expect(r.header).toHaveLength(37);
    expect(r.header[0]).toBe("Prospect ID");
    expect(r.rows).toHaveLength(9240);
    expect(r.rows.every((row) => row.length === 37)).toBe(true);
    const converted = r.header.indexOf("Converted");
    expect(r.rows.filter((row) => row[converted] === "1")).toHaveLength(3561);
    expect(r.lines.at(-1)).toBe(9241);
  });

  it.skipIf(!fs.existsSync(mql))("parses the Olist files and streams them in small byte chunks identically", async () => {
    const text = fs.readFileSync(deals, "utf8");
    const whole = parseCsv(text);
    expect(whole.errors).toEqual([]);
    expect(whole.header).toHaveLength(14);
    expect(whole.rows).toHaveLength(842);
    const stream = fs.createReadStream(deals, { highWaterMark: 1000 });
    const items = await collect(stream as AsyncIterable<Uint8Array>);
    expect(items.filter((i) => i.kind === "row").map((i) => (i.kind === "row" ? i.fields : []))).toEqual(whole.rows);
    const m = parseCsv(fs.readFileSync(mql, "utf8"));
    expect(m.rows).toHaveLength(8000);
    expect(m.errors).toEqual([]);
  });
});

// Throughput is measured by the benchmark, not asserted here (timed unit tests flake on shared machines).
describe("volume", () => {
  it("parses 1,000,000 rows pushed in 64 KiB chunks without losing or splitting any", () => {
    const line = "ACC-000123,Acme Corp,acme.com,Software,250,1200000.5,United States\n";
    const text = "id,name,domain,industry,employees,revenue,country\n" + line.repeat(1_000_000);
    let rows = 0;
    const p = createCsvParser({}, { onRow: () => rows++ });
    const CHUNK = 1 << 16;
    for (let k = 0; k < text.length; k += CHUNK) p.push(text.slice(k, k + CHUNK));
    p.end();
    expect(rows).toBe(1_000_000);
  });
});
