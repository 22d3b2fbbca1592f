import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, testDialects, type TestDatabase } from "@/db/test/databases";
import { clearFailures, LOCK_MS, lockRemainingMs, MAX_FAILURES_PER_ADDRESS, MAX_FAILURES_PER_EMAIL, recordFailure } from "./throttle";

for (const dialect of testDialects()) {
  describe(`sign-in throttling on ${dialect}`, () => {
    let t: TestDatabase;
    beforeAll(async () => {
      t = await createTestDatabase(dialect);
    });
    afterAll(async () => t?.drop());

    it("locks an (email, address) pair after five failures in a row, not before", async () => {
      const now = 1_000_000;
      for (let i = 0; i < MAX_FAILURES_PER_ADDRESS - 1; i++) await recordFailure(t.handle, "a@x.dev", "1.1.1.1", now);
      expect(await lockRemainingMs(t.handle, "a@x.dev", "1.1.1.1", now)).toBe(0);
      await recordFailure(t.handle, "a@x.dev", "1.1.1.1", now);
      expect(await lockRemainingMs(t.handle, "A@x.dev", "1.1.1.1", now + 1000)).toBe(LOCK_MS - 1000);
      // another address is not locked by this pair
      expect(await lockRemainingMs(t.handle, "a@x.dev", "2.2.2.2", now)).toBe(0);
      // the lock runs out
      expect(await lockRemainingMs(t.handle, "a@x.dev", "1.1.1.1", now + LOCK_MS + 1)).toBe(0);
    });

    it("a success clears the pair's count", async () => {
      for (let i = 0; i < 4; i++) await recordFailure(t.handle, "b@x.dev", "1.1.1.1", 5);
      await clearFailures(t.handle, "b@x.dev", "1.1.1.1");
      await recordFailure(t.handle, "b@x.dev", "1.1.1.1", 6);
      expect(await lockRemainingMs(t.handle, "b@x.dev", "1.1.1.1", 7)).toBe(0);
    });

    it("locks the email across addresses after twenty failures", async () => {
      for (let i = 0; i < MAX_FAILURES_PER_EMAIL; i++) await recordFailure(t.handle, "c@x.dev", `10.0.0.${i}`, 100);
      expect(await lockRemainingMs(t.handle, "c@x.dev", "10.9.9.9", 101)).toBeGreaterThan(0);
    });
  });
}
