import { listRankedPage } from "@/db/queries/ranked";
import { percentile, r2, type Measurement } from "../context";

/**
 * p95 over 200 random pages of 50 rows ordered by score. Lodestar reads a page as a rank-range seek;
 * the naive baseline is the usual ORDER BY score DESC, id LIMIT 50 OFFSET k on the same index.
 */
export const rankedPage: Measurement = {
  name: "ranked_page",
  description: "foundation: ranked accounts page",
  async run({ handle, modelId, random, log }) {
    const { total } = await listRankedPage(handle, modelId, 1, 50);
    const pages = Math.max(1, Math.ceil(total / 50));
    const picks = Array.from({ length: 200 }, () => 1 + Math.floor(random() * pages));
    for (const p of picks.slice(0, 10)) await listRankedPage(handle, modelId, p, 50); // warm-up
    const ours: number[] = [];
    for (const p of picks) {
      const t = performance.now();
      const { rows } = await listRankedPage(handle, modelId, p, 50);
      ours.push(performance.now() - t);
      if (rows.length === 0) throw new Error(`page ${p} came back empty`);
    }
    const naiveSql =
      handle.dialect === "sqlite"
        ? "SELECT s.account_id, s.score, s.band, a.name, a.domain, a.industry, a.country, u.name FROM account_scores s JOIN accounts a ON a.id = s.account_id LEFT JOIN users u ON u.id = a.owner_id WHERE s.model_id = ? ORDER BY s.score DESC, s.account_id ASC LIMIT 50 OFFSET ?"
        : "SELECT s.account_id, s.score, s.band, a.name, a.domain, a.industry, a.country, u.name FROM account_scores s JOIN accounts a ON a.id = s.account_id LEFT JOIN users u ON u.id = a.owner_id WHERE s.model_id = $1 ORDER BY s.score DESC, s.account_id ASC LIMIT 50 OFFSET $2";
    const naive: number[] = [];
    // The naive baseline is slow at depth: 50 pages are enough for its p95.
    for (const p of picks.slice(0, 50)) {
      const t = performance.now();
      if (handle.dialect === "sqlite") handle.sqlite!.reader.prepare(naiveSql).all(modelId, (p - 1) * 50);
      else await handle.pool!.query(naiveSql, [modelId, (p - 1) * 50]);
      naive.push(performance.now() - t);
    }
    const p95 = percentile(ours, 95);
    const naiveP95 = percentile(naive, 95);
    log(`ranked page p95 ${r2(p95)} ms (naive OFFSET p95 ${r2(naiveP95)} ms) over ${pages} pages`);
    return {
      ranked_page_p95_ms: r2(p95),
      ranked_page_p50_ms: r2(percentile(ours, 50)),
      ranked_page_naive_p95_ms: r2(naiveP95),
      ranked_page_naive_ratio: r2(naiveP95 / p95),
    };
  },
};
