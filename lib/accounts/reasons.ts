/**
 * Short "why" chips for a score ("Demo request 3 days ago", "Uses Snowflake"): the few
 * contributions of an explanation that moved the score most, worded for a glance. Pure.
 */
import type { AccountScore, Contribution } from "@/lib/scoring/engine";

export interface ReasonChip {
  /** short text for the chip */
  text: string;
  /** points in the score (signed, display precision) */
  points: number;
  category: Contribution["category"];
  /** the full explanation line, for a tooltip or screen readers */
  detail: string;
}

const MAX_TEXT = 40;

function clip(s: string): string {
  return s.length <= MAX_TEXT ? s : `${s.slice(0, MAX_TEXT - 1).trimEnd()}…`;
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** The chip wording of one contribution. */
export function reasonText(c: Contribution): string {
  const d = c.detail;
  const intent = /^\d+ signals? on (.+?) \(strongest [^)]*\), last (.+? ago)/.exec(d);
  if (intent) return `Intent: ${intent[1]}, ${intent[2]}`;
  // Activity details read "3 demo requests, last 4 days ago; 12 before decay, capped at 30".
  const activity = /^(\d+) (.+?), last (.+? ago)/.exec(d);
  if (activity && !d.startsWith("no ")) {
    const [, count, what, when] = activity;
    // Several types read "5 events (2 content downloads, 3 webinars attended)": the label says it better.
    if (what!.startsWith("events")) return `${c.label} ×${count}, last ${when}`;
    if (count === "1") return capitalise(`${what} ${when}`);
    return capitalise(`${count} ${what}, last ${when}`);
  }
  if (d.startsWith("uses ")) return capitalise(d);
  const covered = /(\d+) buying roles? covered/.exec(d);
  if (covered) return `${covered[1]} buying role${covered[1] === "1" ? "" : "s"} engaged`;
  if (/^\d+ won deals?/.test(d)) return capitalise(d.split(",")[0]!);
  if (/^\d+ open opportunit/.test(d)) return c.label;
  return c.label;
}

/**
 * The `max` contributions with the largest effect on the score (positive first when tied), skipping
 * those that gave nothing and clamp adjustments.
 */
export function topReasons(score: AccountScore, max = 3): ReasonChip[] {
  return score.contributions
    .filter((c) => c.kind === "criterion" && c.points !== 0 && c.matched)
    .sort((a, b) => Math.abs(b.points) - Math.abs(a.points) || b.points - a.points)
    .slice(0, max)
    .map((c) => ({ text: clip(reasonText(c)), points: c.points, category: c.category, detail: `${c.label}: ${c.detail}` }));
}
