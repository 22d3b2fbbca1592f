import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, testDialects, type TestDatabase } from "../test/databases";
import { seedDemoData } from "../seed/load";
import { bumpDataVersion } from "../mutations/data-version";
import { getSnapshot } from "../snapshot";
import { warmIfSettled, type WarmerState } from "./warmer";

for (const dialect of testDialects()) {
  describe(`snapshot warmer on ${dialect}`, () => {
    let t: TestDatabase;
    beforeAll(async () => {
      t = await createTestDatabase(dialect);
      await seedDemoData(t.handle, { accounts: 200, seed: 5 });
    }, 120_000);
    afterAll(async () => t?.drop());

    it("warms once the data version has settled, not while it keeps changing, and not twice", async () => {
      const state: WarmerState = { seen: -1, since: 0, warmed: -1 };
      expect(await warmIfSettled(t.handle, state, 1_000, 10_000)).toBe(false); // first sight of the version
      expect(await warmIfSettled(t.handle, state, 5_000, 10_000)).toBe(false); // not settled yet
      expect(await warmIfSettled(t.handle, state, 11_000, 10_000)).toBe(true);
      const warm = await getSnapshot(t.handle);
      expect(warm.n).toBe(200);
      expect(await warmIfSettled(t.handle, state, 30_000, 10_000)).toBe(false); // already warm
      // An import bumps the version batch after batch: nothing reloads until it stops.
      await t.handle.transact((tx) => bumpDataVersion(t.handle, tx));
      expect(await warmIfSettled(t.handle, state, 31_000, 10_000)).toBe(false);
      await t.handle.transact((tx) => bumpDataVersion(t.handle, tx));
      expect(await warmIfSettled(t.handle, state, 38_000, 10_000)).toBe(false);
      expect(await warmIfSettled(t.handle, state, 49_000, 10_000)).toBe(true);
      expect(await getSnapshot(t.handle)).not.toBe(warm);
    });
  });
}
