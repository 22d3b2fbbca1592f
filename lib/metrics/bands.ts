/**
 * Success metrics per score band (PRODUCT.md "Success metrics"): count and share, pipeline and win
 * conversion with Wilson intervals, win rate, average deal size, sales-cycle median/IQR, pipeline
 * and won revenue with their shares, and lift.
 */
import { DEFAULT_BANDS, type BandDefinition } from "@/lib/vocabulary";
import type { FlagArray, ScoreArray } from "./auc";
import type { AccountOutcomes, OutcomeWarnings } from "./outcomes";
import { medianIqr, wilson, type MedianIqr, type RateEstimate } from "./stats";

/** Band code of an account without a usable score (NaN). */
export const UNBANDED = 255;

/**
 * Band index per account: the first band (bands are ordered highest first, as DEFAULT_BANDS) whose
 * `min` the score reaches; a score below every `min` falls in the last band; NaN → UNBANDED.
 */
export function assignBands(score: ScoreArray, bands: readonly BandDefinition[] = DEFAULT_BANDS): Uint8Array {
  if (bands.length === 0 || bands.length >= UNBANDED) throw new RangeError(`assignBands: need 1..${UNBANDED - 1} bands`);
  for (let b = 1; b < bands.length; b++) {
    if (!(bands[b].min < bands[b - 1].min)) throw new RangeError("assignBands: bands must be ordered by descending min");
  }
  const out = new Uint8Array(score.length);
  const last = bands.length - 1;
  for (let i = 0; i < score.length; i++) {
    const s = score[i];
    if (Number.isNaN(s)) {
      out[i] = UNBANDED;
      continue;
    }
    let b = 0;
    while (b < last && s < bands[b].min) b++;
    out[i] = b;
  }
  return out;
}

/** Metrics of one band (or of all accounts together). */
export interface BandStats {
  /** Band label, or "All" for the overall row. */
  label: string;
  /** Band index, -1 for the overall row. */
  band: number;
  accounts: number;
  /** accounts ÷ all accounts in scope; null when there are none. */
  shareOfAccounts: number | null;
  /** Mean, min and max score of the band's accounts (NaN scores ignored); null when empty. */
  score: { mean: number; min: number; max: number } | null;
  accountsWithOpportunity: number;
  accountsWithWin: number;
  /** Share of accounts that got an opportunity in the window, with a Wilson interval. */
  pipelineConversion: RateEstimate;
  /** Share of accounts that won a deal in the window, with a Wilson interval. */
  winConversion: RateEstimate;
  opportunitiesCreated: number;
  openDeals: number;
  wonDeals: number;
  lostDeals: number;
  /** won ÷ (won + lost) over deals closed in the window (open deals excluded), with a Wilson interval. */
  winRate: RateEstimate;
  /**
   * Mean amount of won deals (lost deals excluded). Zero-amount wins are real wins and count as 0;
   * wins without an amount are left out of this mean (see `dealsWithAmount` and warnings).
   * Null when no won deal has an amount.
   */
  avgDealSize: number | null;
  dealsWithAmount: number;
  /** Days from creation to close-won of deals won in the window: median and quartiles. */
  salesCycle: MedianIqr | null;
  pipelineAmount: number;
  wonAmount: number;
  shareOfPipeline: number | null;
  shareOfWonRevenue: number | null;
  /** shareOfWonRevenue ÷ shareOfAccounts: >1 when the band holds more than its share of revenue. */
  revenueConcentration: number | null;
  /** Band pipeline conversion ÷ overall pipeline conversion. */
  liftPipeline: number | null;
  /** Band win conversion ÷ overall win conversion. */
  liftWin: number | null;
  /** True when the band is too small to read much into (see `lowSampleReason`). */
  lowSample: boolean;
  lowSampleReason: string | null;
}

/** Inputs of `bandMetrics`. All arrays are indexed by account position. */
export interface BandMetricsInput {
  score: ScoreArray;
  /** Band index per account (see `assignBands`); UNBANDED accounts are left out. */
  band: Uint8Array;
  outcomes: AccountOutcomes;
  /** Band definitions, highest first; default DEFAULT_BANDS. */
  bands?: readonly BandDefinition[];
  /** Segment mask; combined with `outcomes.eligible`. */
  include?: FlagArray;
  /** Which conversion counts as the "outcomes" for the low-sample check; default "pipeline". */
  conversion?: "pipeline" | "win";
  /** Minimum accounts in a band before its numbers are trusted; default 30. */
  minAccounts?: number;
  /** Minimum converted accounts in a band; default 10. */
  minOutcomes?: number;
  /** z of the Wilson intervals; default 1.96 (95 %). */
  z?: number;
}

/** Result of `bandMetrics`. */
export interface BandMetricsResult {
  bands: BandStats[];
  overall: BandStats;
  /** Accounts left out: no usable score, or not in the population/segment. */
  excluded: { unbanded: number; outOfScope: number };
  /** Data problems in the outcomes (whole snapshot). */
  warnings: OutcomeWarnings;
}

interface Acc {
  accounts: number;
  scoreSum: number;
  scoreN: number;
  scoreMin: number;
  scoreMax: number;
  withOpp: number;
  withWin: number;
  created: number;
  open: number;
  won: number;
  lost: number;
  wonAmount: number;
  withAmount: number;
  pipeline: number;
  cycles: number[];
}

const emptyAcc = (): Acc => ({
  accounts: 0, scoreSum: 0, scoreN: 0, scoreMin: Number.POSITIVE_INFINITY, scoreMax: Number.NEGATIVE_INFINITY,
  withOpp: 0, withWin: 0, created: 0, open: 0, won: 0, lost: 0, wonAmount: 0, withAmount: 0, pipeline: 0, cycles: [],
});

/**
 * Compute the success metrics per band and overall, for the accounts in scope (eligible in the
 * outcomes and inside `include`).
 */
export function bandMetrics(input: BandMetricsInput): BandMetricsResult {
  const { score, band, outcomes: o } = input;
  const bands = input.bands ?? DEFAULT_BANDS;
  const z = input.z ?? 1.96;
  const minAccounts = input.minAccounts ?? 30;
  const minOutcomes = input.minOutcomes ?? 10;
  const conversion = input.conversion ?? "pipeline";
  const n = o.n;
  if (score.length !== n || band.length !== n) {
    throw new RangeError(`bandMetrics: ${n} accounts in outcomes but ${score.length} scores and ${band.length} bands`);
  }

  // Called once per account, for its band; the overall row is summed from the bands below.
  const add = (a: Acc, i: number): void => {
    a.accounts++;
    const s = score[i];
    if (!Number.isNaN(s)) {
      a.scoreSum += s;
      a.scoreN++;
      if (s < a.scoreMin) a.scoreMin = s;
      if (s > a.scoreMax) a.scoreMax = s;
    }
    a.withOpp += o.gotOpportunity[i];
    a.withWin += o.won[i];
    a.created += o.opportunitiesCreated[i];
    a.open += o.openDeals[i];
    a.won += o.wonDeals[i];
    a.lost += o.lostDeals[i];
    a.wonAmount += o.wonAmount[i];
    a.withAmount += o.wonWithAmount[i];
    a.pipeline += o.pipelineAmount[i];
    for (let k = o.cycleOffsets[i]; k < o.cycleOffsets[i + 1]; k++) a.cycles.push(o.cycleDays[k]);
  };
  const accs = bands.map(emptyAcc);
  const all = emptyAcc();
  let unbanded = 0;
  let outOfScope = 0;
  for (let i = 0; i < n; i++) {
    if (!o.eligible[i] || (input.include && !input.include[i])) {
      outOfScope++;
      continue;
    }
    const b = band[i];
    if (b === UNBANDED) {
      unbanded++;
      continue;
    }
    if (b >= bands.length) throw new RangeError(`bandMetrics: account ${i} has band ${b} but only ${bands.length} bands exist`);
    add(accs[b], i);
  }
  // The overall row is the sum of the bands (one pass per account instead of two).
  for (const a of accs) {
    all.accounts += a.accounts;
    all.scoreSum += a.scoreSum;
    all.scoreN += a.scoreN;
    if (a.scoreMin < all.scoreMin) all.scoreMin = a.scoreMin;
    if (a.scoreMax > all.scoreMax) all.scoreMax = a.scoreMax;
    all.withOpp += a.withOpp;
    all.withWin += a.withWin;
    all.created += a.created;
    all.open += a.open;
    all.won += a.won;
    all.lost += a.lost;
    all.wonAmount += a.wonAmount;
    all.withAmount += a.withAmount;
    all.pipeline += a.pipeline;
    for (const c of a.cycles) all.cycles.push(c);
  }

  const overallPipeline = all.accounts ? all.withOpp / all.accounts : 0;
  const overallWin = all.accounts ? all.withWin / all.accounts : 0;
  const finish = (a: Acc, label: string, index: number): BandStats => {
    const shareOfAccounts = all.accounts ? a.accounts / all.accounts : null;
    const shareOfWonRevenue = all.wonAmount !== 0 ? a.wonAmount / all.wonAmount : null;
    const pipelineConversion = wilson(a.withOpp, a.accounts, z, "no accounts in this band");
    const winConversion = wilson(a.withWin, a.accounts, z, "no accounts in this band");
    const outcomesCount = conversion === "pipeline" ? a.withOpp : a.withWin;
    const outcomeWord = conversion === "pipeline" ? "with an opportunity" : "with a won deal";
    const reasons: string[] = [];
    if (a.accounts < minAccounts) reasons.push(`only ${a.accounts} accounts (minimum ${minAccounts})`);
    if (outcomesCount < minOutcomes) reasons.push(`only ${outcomesCount} accounts ${outcomeWord} (minimum ${minOutcomes})`);
    return {
      label,
      band: index,
      accounts: a.accounts,
      shareOfAccounts,
      score: a.scoreN ? { mean: a.scoreSum / a.scoreN, min: a.scoreMin, max: a.scoreMax } : null,
      accountsWithOpportunity: a.withOpp,
      accountsWithWin: a.withWin,
      pipelineConversion,
      winConversion,
      opportunitiesCreated: a.created,
      openDeals: a.open,
      wonDeals: a.won,
      lostDeals: a.lost,
      winRate: wilson(a.won, a.won + a.lost, z, "no closed deals in the window"),
      avgDealSize: a.withAmount ? a.wonAmount / a.withAmount : null,
      dealsWithAmount: a.withAmount,
      salesCycle: medianIqr(a.cycles),
      pipelineAmount: a.pipeline,
      wonAmount: a.wonAmount,
      shareOfPipeline: all.pipeline !== 0 ? a.pipeline / all.pipeline : null,
      shareOfWonRevenue,
      revenueConcentration: shareOfWonRevenue !== null && shareOfAccounts ? shareOfWonRevenue / shareOfAccounts : null,
      liftPipeline: overallPipeline > 0 && a.accounts > 0 ? a.withOpp / a.accounts / overallPipeline : null,
      liftWin: overallWin > 0 && a.accounts > 0 ? a.withWin / a.accounts / overallWin : null,
      lowSample: reasons.length > 0,
      lowSampleReason: reasons.length ? `Low sample: ${reasons.join("; ")}` : null,
    };
  };

  return {
    bands: accs.map((a, b) => finish(a, bands[b].label, b)),
    overall: finish(all, "All", -1),
    excluded: { unbanded, outOfScope },
    warnings: o.warnings,
  };
}
