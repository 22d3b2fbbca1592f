import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import { main, parseArgs } from "@/scripts/model-evaluate";

const dir = mkdtempSync(path.join(tmpdir(), "lodestar-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function csv(name: string, header: string[], rows: string[][]): string {
  const file = path.join(dir, name);
  writeFileSync(file, [header, ...rows].map((r) => r.join(",")).join("\n"));
  return file;
}

function run(argv: string[]): { code: number; out: string; err: string } {
  let out = "";
  let err = "";
  const o = vi.spyOn(process.stdout, "write").mockImplementation((s) => ((out += String(s)), true));
  const e = vi.spyOn(process.stderr, "write").mockImplementation((s) => ((err += String(s)), true));
  try {
    return { code: main(argv), out, err };
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
}

describe("model-evaluate command", () => {
  const rows = Array.from({ length: 300 }, (_, i) => [`id-${i}`, i % 3 === 0 ? "web" : "ads", String(i % 11), i % 3 === 0 ? "1" : "0"]);
  const good = csv("good.csv", ["id", "channel", "visits", "won"], rows);

  it("parses its options", () => {
    expect(parseArgs(["--csv", "a.csv", "--target", "y", "--exclude", "A B,C", "--folds=3", "--model", "lr"])).toMatchObject({
      csv: "a.csv",
      target: "y",
      exclude: ["A B", "C"],
      folds: 3,
      seed: 7,
      learner: "lr",
    });
  });

  it("prints one JSON object with the evaluation", () => {
    const r = run(["--csv", good, "--target", "won", "--folds", "3", "--model", "lr"]);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.out);
    expect(json).toMatchObject({ learner: "lr", folds: 3, rows: 300, positives: 100 });
    expect(json.trainMsPerFold).toHaveLength(3);
    expect(json.columnsDropped).toContainEqual({ column: "id", reason: "a unique value per row (an id)" });
  });

  it("exits with 2 and a clear message on bad input", () => {
    expect(run(["--csv", path.join(dir, "missing.csv"), "--target", "won"])).toMatchObject({ code: 2, err: expect.stringMatching(/file not found/) });
    expect(run(["--csv", good, "--target", "nope"])).toMatchObject({ code: 2, err: expect.stringMatching(/unknown target column "nope"/) });
    expect(run(["--csv", good, "--target", "won", "--model", "svm"])).toMatchObject({ code: 2, err: expect.stringMatching(/--model must be/) });
    const oneClass = csv("one.csv", ["x", "won"], rows.map((r) => [r[1], "1"]));
    expect(run(["--csv", oneClass, "--target", "won"])).toMatchObject({ code: 2, err: expect.stringMatching(/single class/) });
    const noFeature = csv("none.csv", ["id", "won"], rows.map((r) => [r[0], r[3]]));
    expect(run(["--csv", noFeature, "--target", "won"])).toMatchObject({ code: 2, err: expect.stringMatching(/no usable feature/) });
  });
});
