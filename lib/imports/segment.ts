/**
 * Record boundaries in raw CSV bytes, so an import can be cut into batches that end exactly where
 * a record ends. The byte offset after a batch is then a valid place to resume parsing after a
 * crash: reading from it starts a fresh record, with no half-parsed quoted field in between.
 *
 * The scan mirrors lib/csv's tokenizer: a quote opens a quoted field only at the start of a field,
 * `""` inside one is an escaped quote, and a line break ends a record only outside quotes. LF, CRLF
 * and lone CR all end a record; a CR at the very end of the scanned bytes is not taken as a boundary
 * (it may be the first half of a CRLF whose LF has not been read yet).
 */

const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;

/** Result of `findRecordBoundary`. */
export interface BoundaryScan {
  /** Offset just after the last record boundary found (equal to `start` when none was found). */
  end: number;
  /** Number of complete records (including blank lines) between `start` and `end`. */
  records: number;
}

/**
 * Scans `bytes` from `start`, which must be the start of a record, for up to `maxRecords` complete
 * records. `delimiter` is the field delimiter's byte (e.g. 0x2c for ","). Stops early at the end
 * of the bytes; the bytes after `end` are an incomplete record to scan again once more arrive.
 */
export function findRecordBoundary(bytes: Uint8Array, start: number, delimiter: number, maxRecords: number): BoundaryScan {
  const len = bytes.length;
  let i = start;
  let end = start;
  let records = 0;
  let fieldStart = true;
  let quoted = false;
  while (i < len && records < maxRecords) {
    const c = bytes[i]!;
    if (quoted) {
      if (c === QUOTE) {
        if (i + 1 >= len) break; // can't tell a closing quote from the first half of "" yet
        if (bytes[i + 1] === QUOTE) i += 2;
        else {
          quoted = false;
          i++;
        }
      } else i++;
      continue;
    }
    if (c === QUOTE && fieldStart) {
      quoted = true;
      fieldStart = false;
      i++;
    } else if (c === delimiter) {
      fieldStart = true;
      i++;
    } else if (c === LF) {
      i++;
      end = i;
      records++;
      fieldStart = true;
    } else if (c === CR) {
      if (i + 1 >= len) break;
      i += bytes[i + 1] === LF ? 2 : 1;
      end = i;
      records++;
      fieldStart = true;
    } else {
      fieldStart = false;
      i++;
    }
  }
  return { end, records };
}
