import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { cellText, csvDocument, csvField, csvReadableStream, csvRow, csvStream, isFormulaLike } from "./write";
import { parseCsv } from "./parse";

async function collect(it: AsyncIterable<string>): Promise<string[]> {
  const out: string[] = [];
  for await (const s of it) out.push(s);
  return out;
}

describe("csvRow", () => {
  it("joins plain values and ends with CRLF", () => {
    expect(csvRow(["a", 1, true, null, undefined])).toBe("a,1,true,,\r\n");
    expect(csvRow([])).toBe("\r\n");
  });

  it("quotes fields with delimiter, quotes and line breaks, doubling inner quotes", () => {
    expect(csvRow(["Acme, Inc.", 'say "hi"', "a\nb", "a\rb", "plain"])).toBe(
      '"Acme, Inc.","say ""hi""","a\nb","a\rb",plain\r\n',
    );
    expect(csvRow(["a;b", "c,d"], { delimiter: ";" })).toBe('"a;b";c,d\r\n');
  });

  it("neutralises formula-like text with a quote prefix inside a quoted field", () => {
    expect(csvRow(["=SUM(A1:A2)", "+1", "-2", "@cmd", "\tx", "\rx", "\u0000x"])).toBe(
      `"'=SUM(A1:A2)","'+1","'-2","'@cmd","'\tx","'\rx","'\u0000x"\r\n`,
    );
    expect(csvField('=HYPERLINK("http://evil","x")')).toBe(`"'=HYPERLINK(""http://evil"",""x"")"`);
  });

  it("keeps genuine numbers as numbers, but neutralises numeric-looking strings", () => {
    expect(csvRow([-5, -0.25, 1e21, 7n, "-5"])).toBe(`-5,-0.25,1e+21,7,"'-5"\r\n`);
  });

  it("does not neutralise text where the risky character is not first", () => {
    expect(csvRow(["a=b", "x-y", "mail@acme.com"])).toBe("a=b,x-y,mail@acme.com\r\n");
  });

  it("can turn neutralisation off for machine-to-machine files", () => {
    expect(csvRow(["=1+1"], { neutralizeFormulas: false })).toBe("=1+1\r\n");
  });

  it("renders dates, arrays, objects and non-finite numbers", () => {
    const d = new Date(Date.UTC(2024, 0, 2, 3, 4, 5));
    expect(cellText(d)).toBe("2024-01-02T03:04:05.000Z");
    expect(cellText(new Date(Number.NaN))).toBe("");
    expect(cellText(["AWS", "Slack"])).toBe("AWS; Slack");
    expect(cellText(["AWS", "Slack"], "|")).toBe("AWS|Slack");
    expect(cellText({ a: 1 })).toBe('{"a":1}');
    expect(cellText(Number.NaN)).toBe("");
    expect(cellText(Number.POSITIVE_INFINITY)).toBe("");
    expect(csvField(["-x", "y"])).toBe(`"'-x; y"`);
  });

  it("isFormulaLike matches the neutralised set exactly", () => {
    for (const s of ["=", "+", "-", "@", "\t", "\r", "\u0000"]) expect(isFormulaLike(`${s}x`)).toBe(true);
    for (const s of ["a", " =", "'=", "1", ""]) expect(isFormulaLike(s)).toBe(false);
  });

  it("property: a written row parses back to the same text (with the neutralising prefix)", () => {
    const unit = fc.constantFrom("a", "Z", ",", '"', "\n", "\r", " ", "é", "=", "-", "@", "\t", "1");
    fc.assert(
      fc.property(fc.array(fc.string({ unit, minLength: 1 }), { minLength: 2, maxLength: 6 }), (values) => {
        const header = values.map((_, k) => `c${k}`);
        const parsed = parseCsv(csvRow(header) + csvRow(values), { skipBlankRows: false });
        expect(parsed.errors).toEqual([]);
        expect(parsed.rows[0]).toEqual(values.map((v) => (isFormulaLike(v) ? `'${v}` : v)));
      }),
      { numRuns: 300 },
    );
  });
});

describe("csvDocument and streams", () => {
  const header = ["id", "name"];
  const rows = [
    [1, "Acme"],
    [2, "=evil"],
    [3, "Globex"],
  ];

  it("csvDocument writes header and rows", () => {
    expect(csvDocument(header, rows)).toBe(`id,name\r\n1,Acme\r\n2,"'=evil"\r\n3,Globex\r\n`);
  });

  it("csvStream yields the header then batches of rows from an async source", async () => {
    async function* source() {
      for (const r of rows) yield r;
    }
    const chunks = await collect(csvStream(header, source(), { batchRows: 2 }));
    expect(chunks).toEqual(["id,name\r\n", `1,Acme\r\n2,"'=evil"\r\n`, "3,Globex\r\n"]);
    expect(chunks.join("")).toBe(csvDocument(header, rows));
  });

  it("csvStream handles an empty source and an optional BOM", async () => {
    expect(await collect(csvStream(header, [], { bom: true }))).toEqual(["\uFEFFid,name\r\n"]);
  });

  it("csvReadableStream produces UTF-8 bytes and closes the source on cancel", async () => {
    const body = await new Response(csvReadableStream(header, rows, { bom: true })).arrayBuffer();
    const bytes = new Uint8Array(body);
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(new TextDecoder().decode(bytes)).toBe(csvDocument(header, rows));

    let closed = false;
    async function* endless() {
      try {
        for (let k = 0; ; k++) yield [k, "x"];
      } finally {
        closed = true;
      }
    }
    const reader = csvReadableStream(header, endless(), { batchRows: 10 }).getReader();
    await reader.read();
    await reader.read();
    await reader.cancel();
    expect(closed).toBe(true);
  });
});
