/**
 * Evaluate the predictive learner on a CSV file with stratified k-fold cross-validation and print
 * ONE JSON object (AUC mean/std over folds, log loss, rows, columns used/excluded/dropped with
 * reasons, training time per fold, the learner).
 *
 *   npx tsx scripts/model-evaluate.ts --csv <file> --target <column> [--exclude a,b,...]
 *     [--folds 5] [--seed 7] [--model lr|gbt|blend] [--positive <value>] [--time <date column>]
 *     [--warmup yes|no]
 *
 * Per-fold training times are wall-clock milliseconds (and CPU milliseconds, which do not grow
 * with other processes' load), taken after three untimed fold-sized warm-up fits (`--warmup no`
 * shows cold-start times); the default learner is the LR + GBT blend.
 *
 * Exit code 2 with a message on stderr for bad input: missing file, unreadable CSV, unknown target,
 * non-binary or one-class target, too few outcomes, no usable feature.
 */
import { existsSync, readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { parseCsv } from "@/lib/csv/parse";
import { PredictiveInputError } from "@/lib/predictive/frame";
import type { LearnerKind } from "@/lib/predictive/model";
import { type TableEvaluation, type TableEvaluationOptions, evaluateTable } from "@/lib/predictive/table-evaluation";

/** Parsed command-line arguments. */
export interface EvaluateArgs extends TableEvaluationOptions {
  csv: string;
}

/** A user error: printed as `error: …` with exit code 2. */
export class UsageError extends Error {}

const USAGE =
  "usage: tsx scripts/model-evaluate.ts --csv <file> --target <column> [--exclude a,b,...] [--folds 5] [--seed 7] [--model lr|gbt|blend] [--positive <value>] [--time <date column>] [--warmup yes|no]";

/** Parse `--name value` / `--name=value` arguments. */
export function parseArgs(argv: string[]): EvaluateArgs {
  const values = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith("--")) throw new UsageError(`unexpected argument "${a}"\n${USAGE}`);
    const eq = a.indexOf("=");
    if (eq > 0) values.set(a.slice(2, eq), a.slice(eq + 1));
    else {
      const v = argv[i + 1];
      if (v === undefined || v.startsWith("--")) throw new UsageError(`missing value for ${a}\n${USAGE}`);
      values.set(a.slice(2), v);
      i++;
    }
  }
  const known = new Set(["csv", "target", "exclude", "folds", "seed", "model", "positive", "time", "warmup"]);
  for (const k of values.keys()) if (!known.has(k)) throw new UsageError(`unknown option --${k}\n${USAGE}`);
  const csv = values.get("csv");
  const target = values.get("target");
  if (!csv || !target) throw new UsageError(`--csv and --target are required\n${USAGE}`);
  const int = (name: string, dflt: number, min: number): number => {
    const raw = values.get(name);
    if (raw === undefined) return dflt;
    const v = Number(raw);
    if (!Number.isInteger(v) || v < min) throw new UsageError(`--${name} must be an integer ≥ ${min}, got "${raw}"`);
    return v;
  };
  const model = values.get("model") ?? "blend";
  if (model !== "lr" && model !== "gbt" && model !== "blend") throw new UsageError(`--model must be lr, gbt or blend, got "${model}"`);
  const warmup = values.get("warmup") ?? "yes";
  if (warmup !== "yes" && warmup !== "no") throw new UsageError(`--warmup must be yes or no, got "${warmup}"`);
  const exclude = (values.get("exclude") ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  return {
    csv,
    target,
    exclude,
    folds: int("folds", 5, 2),
    seed: int("seed", 7, 0),
    learner: model as LearnerKind,
    positive: values.get("positive"),
    timeColumn: values.get("time"),
    warmup: warmup === "yes",
  };
}

/** Read, parse and evaluate a CSV file; throws UsageError / PredictiveInputError on bad input. */
export function evaluateCsvFile(args: EvaluateArgs): TableEvaluation & { file: string } {
  if (!existsSync(args.csv)) throw new UsageError(`file not found: ${args.csv}`);
  const parsed = parseCsv(readFileSync(args.csv, "utf8"));
  const fatal = parsed.errors.find((e) => e.fatal);
  if (fatal) throw new UsageError(`cannot read ${args.csv}: ${fatal.reason}`);
  const cpuClock = (): number => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1000;
  };
  const result = evaluateTable(parsed.header, parsed.rows, { cpuClock, ...args });
  if (parsed.errors.length > 0) result.warnings.push(`${parsed.errors.length} malformed CSV rows were skipped (first at line ${parsed.errors[0].line}: ${parsed.errors[0].reason})`);
  return { file: args.csv, ...result };
}

/**
 * JSON with one top-level key per line and each array element on its own line, everything deeper
 * kept on one line: readable in a terminal, still a single JSON object for machines.
 */
export function formatJson(value: Record<string, unknown>): string {
  const lines = Object.entries(value).map(([k, v]) => {
    const body = Array.isArray(v) && v.some((e) => typeof e === "object" && e !== null) ? `[\n${v.map((e) => `    ${JSON.stringify(e)}`).join(",\n")}\n  ]` : JSON.stringify(v);
    return `  ${JSON.stringify(k)}: ${body}`;
  });
  return `{\n${lines.join(",\n")}\n}`;
}

/** Run the command: print the JSON result, or an error with exit code 2. */
export function main(argv: string[]): number {
  try {
    const result = evaluateCsvFile(parseArgs(argv));
    process.stdout.write(`${formatJson({ ...result })}\n`);
    return 0;
  } catch (e) {
    if (e instanceof UsageError || e instanceof PredictiveInputError) {
      process.stderr.write(`error: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = main(process.argv.slice(2));
}
