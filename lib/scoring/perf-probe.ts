/**
 * Timing probe for the scoring engine (not a test: timings belong to the benchmark).
 * Run: `npx tsx lib/scoring/perf-probe.ts [accounts] [activitiesPerAccount]`
 * (default 1,000,000 accounts × 10 activities).
 */
import { defaultIcpTemplate } from "./model";
import { compileModel } from "./engine";
import { comparePreview } from "./preview";
import { syntheticSnapshot } from "./synthetic-snapshot";

const accounts = Number(process.argv[2] ?? 1_000_000);
const perAccount = Number(process.argv[3] ?? 10);
const asOf = Date.UTC(2025, 0, 1);

const ms = (t0: number) => `${(performance.now() - t0).toFixed(0)} ms`;

let t0 = performance.now();
const snapshot = syntheticSnapshot({ accounts, activitiesPerAccount: perAccount, asOf, seed: 42 });
console.log(
  `snapshot: ${snapshot.n.toLocaleString()} accounts, ${snapshot.activities.at.length.toLocaleString()} activities, ` +
    `${snapshot.contacts.title.length.toLocaleString()} contacts, ${snapshot.intents.at.length.toLocaleString()} intents built in ${ms(t0)}`,
);

const def = defaultIcpTemplate();
t0 = performance.now();
const model = compileModel(def, snapshot);
console.log(`compile: ${ms(t0)}`);

const runs: number[] = [];
let result = model.scoreAll(asOf);
for (let k = 0; k < 5; k++) {
  t0 = performance.now();
  result = model.scoreAll(asOf);
  runs.push(performance.now() - t0);
}
runs.sort((a, b) => a - b);
console.log(`scoreAll (default ICP template, ${def.criteria.length} criteria): median ${runs[2].toFixed(0)} ms, best ${runs[0].toFixed(0)} ms over 5 runs`);

const bandCounts = def.bands.map((b, k) => `${b.label}: ${result.bands.reduce((n, x) => n + (x === k ? 1 : 0), 0)}`);
console.log(`bands: ${bandCounts.join(", ")}`);

const changed = structuredClone(def);
changed.categories.engagement.weight = 45;
const after = compileModel(changed, snapshot).scoreAll(asOf);
t0 = performance.now();
comparePreview(result, after, snapshot.accountIds, def.bands.map((b) => b.label), { topN: 20 });
console.log(`comparePreview: ${ms(t0)}`);
