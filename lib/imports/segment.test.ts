import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createCsvParser } from "@/lib/csv";
import { findRecordBoundary } from "./segment";

const enc = (s: string) => new TextEncoder().encode(s);
const COMMA = 0x2c;

/** Parses `text` fed in the given byte segments, returning [line, fields] of every record. */
function parseSegments(bytes: Uint8Array, cuts: number[]): [number, string[]][] {
  const out: [number, string[]][] = [];
  const p = createCsvParser({ header: false, skipBlankRows: false }, { onRow: (f, line) => out.push([line, f]) });
  const dec = new TextDecoder();
  let prev = 0;
  for (const c of [...cuts, bytes.length]) {
    p.push(dec.decode(bytes.subarray(prev, c), { stream: true }));
    prev = c;
  }
  p.end();
  return out;
}

describe("findRecordBoundary", () => {
  it("ends records at LF, CRLF and lone CR outside quotes only", () => {
    const b = enc('a,"x\ny",c\r\nd,e\rf,"g""\r\n"\nh');
    const first = findRecordBoundary(b, 0, COMMA, 1);
    expect(new TextDecoder().decode(b.subarray(0, first.end))).toBe('a,"x\ny",c\r\n');
    const rest = findRecordBoundary(b, first.end, COMMA, 10);
    expect(rest.records).toBe(2);
    expect(new TextDecoder().decode(b.subarray(first.end, rest.end))).toBe('d,e\rf,"g""\r\n"\n');
  });

  it("does not cut on a CR or quote at the very end of the bytes", () => {
    expect(findRecordBoundary(enc("a,b\r"), 0, COMMA, 5)).toEqual({ end: 0, records: 0 });
    expect(findRecordBoundary(enc('a,"b"'), 0, COMMA, 5)).toEqual({ end: 0, records: 0 });
  });

  it("treats a quote inside an unquoted field as text, as the parser does", () => {
    const b = enc('ab"c,d\ne,f\n');
    expect(findRecordBoundary(b, 0, COMMA, 1).end).toBe(7);
  });

  it("cuts only where the parser would start a new record (property)", () => {
    const cell = fc.oneof(
      fc.stringMatching(/^[a-z0-9 ]{0,6}$/),
      fc.stringMatching(/^[a-z,\r\n"]{0,6}$/).map((s) => `"${s.replace(/"/g, '""')}"`),
      fc.constantFrom('x"y', "é", "日本"),
    );
    const record = fc.array(cell, { minLength: 1, maxLength: 4 }).map((cells) => cells.join(","));
    const csv = fc.tuple(fc.array(record, { minLength: 1, maxLength: 12 }), fc.constantFrom("\n", "\r\n", "\r")).map(([recs, eol]) => recs.join(eol) + eol);
    fc.assert(
      fc.property(csv, fc.integer({ min: 1, max: 5 }), (text, per) => {
        const bytes = enc(text);
        const cuts: number[] = [];
        let at = 0;
        for (;;) {
          const scan = findRecordBoundary(bytes, at, COMMA, per);
          if (scan.records === 0 || scan.end >= bytes.length) break;
          cuts.push(scan.end);
          at = scan.end;
        }
        expect(parseSegments(bytes, cuts)).toEqual(parseSegments(bytes, []));
        // Each cut is a clean start: parsing from it alone gives the same records as the tail of the whole.
        for (const c of cuts) {
          const whole = parseSegments(bytes, []);
          const tail = parseSegments(bytes.subarray(c), []).map(([, f]) => f);
          expect(whole.slice(whole.length - tail.length).map(([, f]) => f)).toEqual(tail);
        }
      }),
      { numRuns: 300 },
    );
  });
});
