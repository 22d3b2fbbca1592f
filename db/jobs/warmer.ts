/**
 * Keeps the in-memory data a running server answers from ready before anyone asks: the scoring
 * snapshot (publish, preview, backtest, insights, predictions) and the primary model's list index.
 * Both are keyed by the data version; at a million accounts loading them takes tens of seconds,
 * which would otherwise fall on the first person to open a page after a restart or an import.
 *
 * Every few seconds it reads the data version; once the version has stayed the same for a while (an
 * import in progress bumps it batch after batch, so nothing is reloaded mid-import) it loads what is
 * stale. Off with LODESTAR_WARM=0.
 */
import { getDb, type DbHandle } from "../client";
import { getDataVersion } from "../mutations/data-version";
import { getListIndex } from "../queries/account-list-index";
import { getPrimaryModel } from "../queries/models";
import { getSnapshot } from "../snapshot";

export interface WarmerState {
  seen: number;
  since: number;
  warmed: number;
}

/**
 * One pass: records the version it sees and warms when that version has been stable for `settleMs`
 * and was not warmed yet. Returns whether it warmed.
 */
export async function warmIfSettled(handle: DbHandle, state: WarmerState, now: number, settleMs: number): Promise<boolean> {
  const version = await getDataVersion(handle);
  if (version !== state.seen) {
    state.seen = version;
    state.since = now;
  }
  if (version === state.warmed || now - state.since < settleMs) return false;
  await getSnapshot(handle);
  const model = await getPrimaryModel(handle);
  // Starts the build in the background (the list answers in SQL meanwhile); nothing to wait for here.
  if (model) await getListIndex(handle, model.id);
  state.warmed = version;
  return true;
}

export function startWarmer(options: { intervalMs?: number; settleMs?: number } = {}): void {
  if (process.env.LODESTAR_WARM === "0") return;
  const g = globalThis as unknown as { __lodestarWarmer?: boolean };
  if (g.__lodestarWarmer) return;
  g.__lodestarWarmer = true;
  const intervalMs = options.intervalMs ?? 5_000;
  const settleMs = options.settleMs ?? 10_000;
  const state: WarmerState = { seen: -1, since: 0, warmed: -1 };
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      await warmIfSettled(getDb(), state, Date.now(), settleMs);
    } catch (err) {
      console.error("warming the scoring snapshot failed (it will load on first use)", err);
    } finally {
      running = false;
    }
  };
  setInterval(() => void tick(), intervalMs).unref();
  void tick();
}
