/**
 * Explanations of stored scores from a snapshot of just the shown accounts: on both databases, for
 * every account of a demo data set, the explanation reproduces the stored score and band exactly,
 * its contributions sum to it, and it equals what the full snapshot says.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { createRuleModel, publishVersion } from "../mutations/models";
import { seedDemoData } from "../seed/load";
import { loadSnapshot } from "../snapshot";
import { createTestDatabase, testDialects, type TestDatabase } from "../test/databases";
import { compileModel, defaultIcpTemplate, roundScore } from "@/lib/scoring";
import { explainAccount, explainAccounts, getLiveModel, loadAccountsSnapshot } from "./account-explanations";

const NOW = Date.UTC(2025, 5, 1);

for (const dialect of testDialects()) {
  describe(`account explanations on ${dialect}`, () => {
    let t: TestDatabase;
    beforeAll(async () => {
      t = await createTestDatabase(dialect);
      await seedDemoData(t.handle, { accounts: 600, seed: 5, now: NOW });
      const { versionId } = await createRuleModel(t.handle, { userId: null, label: "test" }, { name: "ICP", definition: defaultIcpTemplate() });
      await publishVersion(t.handle, { userId: null, label: "test" }, { versionId });
    }, 240_000);
    afterAll(async () => t?.drop());

    it("reproduces every stored score and band, with contributions summing to it", async () => {
      const live = (await getLiveModel(t.handle))!;
      expect(live.definition).not.toBeNull();
      const stored = await t.handle.all<{ id: number; score: number; band: string }>(
        sql`SELECT account_id AS id, score, band FROM account_scores WHERE model_id = ${live.modelId} ORDER BY account_id`,
      );
      expect(stored.length).toBe(600);
      // In pages of 50, as the list asks for them.
      for (let k = 0; k < stored.length; k += 50) {
        const page = stored.slice(k, k + 50);
        const explained = await explainAccounts(t.handle, live, page.map((r) => Number(r.id)));
        for (const r of page) {
          const e = explained.get(Number(r.id))!;
          expect(e.score, `account ${r.id}`).toBe(Number(r.score));
          expect(e.band).toBe(r.band);
          expect(roundScore(e.contributions.reduce((s, c) => s + c.points, 0))).toBe(e.score);
        }
      }
    });

    it("matches the full snapshot's explanation line by line", async () => {
      const live = (await getLiveModel(t.handle))!;
      const full = await loadSnapshot(t.handle);
      const fullModel = compileModel(live.definition!, full);
      const ids = [1, 2, 3, 77, 150, 311, 599, 600];
      const explained = await explainAccounts(t.handle, live, ids);
      for (const id of ids) {
        const i = full.accountIds.indexOf(id);
        expect(explained.get(id)).toEqual(fullModel.scoreAccount(i, live.publishedAt));
      }
    });

    it("gives contacts' lead scores with their database ids", async () => {
      const live = (await getLiveModel(t.handle))!;
      const [withContacts] = await t.handle.all<{ id: number }>(sql`SELECT account_id AS id FROM contacts GROUP BY account_id HAVING count(*) >= 3 LIMIT 1`);
      const res = await explainAccount(t.handle, live, Number(withContacts!.id));
      expect(res).not.toBeNull();
      const rollups = res!.leadScores;
      expect(rollups.length).toBeGreaterThan(0);
      const ids = (await t.handle.all<{ id: number }>(sql`SELECT id FROM contacts WHERE account_id = ${withContacts!.id} ORDER BY id`)).map((r) => Number(r.id));
      expect(rollups[0]!.contacts.map((c) => c.contactId)).toEqual(ids);
      expect(await explainAccount(t.handle, live, 999_999)).toBeNull();
    });

    it("a subset snapshot of nothing is empty", async () => {
      const { snapshot } = await loadAccountsSnapshot(t.handle, []);
      expect(snapshot.n).toBe(0);
    });
  });
}
