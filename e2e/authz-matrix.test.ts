/**
 * Completeness of the authorization matrix: every page, route handler method and server action in
 * app/ has a row. Runs with the unit tests (no browser).
 */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { MATRIX } from "./authz-matrix";

const root = path.resolve(import.meta.dirname, "..");

function walk(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? walk(p) : [path.relative(root, p).split(path.sep).join("/")];
  });
}

const files = walk(path.join(root, "app"));

describe("authorization matrix", () => {
  it("has a row for every page", () => {
    const pages = files.filter((f) => /\/page\.tsx$/.test(f) && f !== "app/page.tsx");
    const covered = new Set(MATRIX.filter((r) => r.kind === "page").map((r) => r.file));
    expect(pages.filter((p) => !covered.has(p))).toEqual([]);
  });

  it("has a row for every route handler method", () => {
    const missing: string[] = [];
    for (const f of files.filter((x) => /\/route\.ts$/.test(x))) {
      const src = fs.readFileSync(path.join(root, f), "utf8");
      const methods = new Set<string>();
      for (const m of src.matchAll(/export\s+(?:async\s+function|const|function)\s+(GET|POST|PUT|PATCH|DELETE)\b/g)) methods.add(m[1]!);
      for (const m of src.matchAll(/export\s+const\s+\{([^}]*)\}/g)) for (const name of m[1]!.split(",")) if (/^(GET|POST|PUT|PATCH|DELETE)$/.test(name.trim())) methods.add(name.trim());
      for (const m of methods) if (!MATRIX.some((r) => r.kind === "route" && r.file === f && r.method === m)) missing.push(`${m} ${f}`);
    }
    expect(missing).toEqual([]);
  });

  it("has a row for every server action", () => {
    const missing: string[] = [];
    for (const f of files.filter((x) => /\.(ts|tsx)$/.test(x))) {
      const src = fs.readFileSync(path.join(root, f), "utf8");
      if (!/^\s*["']use server["']/.test(src)) continue;
      for (const m of src.matchAll(/export\s+async\s+function\s+(\w+)/g))
        if (!MATRIX.some((r) => r.kind === "action" && r.file === f && r.name === m[1])) missing.push(`${f}#${m[1]}`);
    }
    expect(missing).toEqual([]);
  });

  it("names only files that exist", () => {
    for (const r of MATRIX) expect(fs.existsSync(path.join(root, r.file)), r.file).toBe(true);
  });
});
