/**
 * The layering rules of STYLE.md, held by a test so nobody has to remember them:
 * - lib/<pure> (everything in lib/ but lib/auth) imports no Next, React, database or Node I/O module,
 *   and none of our other layers;
 * - db/ never imports next/*, react, components/ or app/;
 * - components/ never imports db/ at run time (type-only imports are fine).
 */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "..");

function walk(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? walk(p) : /\.(ts|tsx)$/.test(e.name) ? [p] : [];
  });
}

/** Run-time import specifiers of a file (type-only imports excluded). */
function runtimeImports(file: string): string[] {
  const src = fs.readFileSync(file, "utf8");
  const out: string[] = [];
  for (const m of src.matchAll(/^\s*import\s+(?!type\b)(?:[^'"]*?\sfrom\s+)?["']([^"']+)["']/gm)) out.push(m[1]!);
  for (const m of src.matchAll(/^\s*export\s+(?!type\b)[^'"]*?\sfrom\s+["']([^"']+)["']/gm)) out.push(m[1]!);
  for (const m of src.matchAll(/\bimport\(\s*["']([^"']+)["']\s*\)/g)) out.push(m[1]!);
  return out;
}

const rel = (f: string) => path.relative(root, f).split(path.sep).join("/");
const resolvesInto = (file: string, spec: string, dir: string) => {
  if (spec.startsWith("@/")) return spec.slice(2).startsWith(dir + "/") || spec.slice(2) === dir;
  if (spec.startsWith(".")) return rel(path.resolve(path.dirname(file), spec)).startsWith(dir + "/");
  return false;
};

describe("layering", () => {
  it("pure lib modules import no framework, database or I/O module", () => {
    const bad: string[] = [];
    for (const f of walk(path.join(root, "lib"))) {
      if (rel(f).startsWith("lib/auth/") || f.endsWith(".test.ts") || rel(f).includes("perf-probe")) continue;
      for (const s of runtimeImports(f)) {
        const forbidden =
          /^(next|next\/.*|react|react-dom|drizzle-orm.*|better-sqlite3|pg|node:fs|fs|node:child_process|next-auth.*)$/.test(s) ||
          ["db", "app", "components", "lib/auth"].some((d) => resolvesInto(f, s, d));
        if (forbidden) bad.push(`${rel(f)} imports ${s}`);
      }
    }
    expect(bad).toEqual([]);
  });

  it("db never imports next, react, components or app", () => {
    const bad: string[] = [];
    for (const f of walk(path.join(root, "db")))
      for (const s of runtimeImports(f))
        if (/^(next|next\/.*|react|react-dom)$/.test(s) || ["app", "components"].some((d) => resolvesInto(f, s, d))) bad.push(`${rel(f)} imports ${s}`);
    expect(bad).toEqual([]);
  });

  it("components never import the database at run time", () => {
    const bad: string[] = [];
    for (const f of walk(path.join(root, "components"))) for (const s of runtimeImports(f)) if (resolvesInto(f, s, "db")) bad.push(`${rel(f)} imports ${s}`);
    expect(bad).toEqual([]);
  });
});
