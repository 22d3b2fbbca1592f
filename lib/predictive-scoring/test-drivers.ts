/**
 * Which feature columns carry the demo generator's planted signal (lib/demo PROPENSITY_DRIVERS): for
 * tests and the benchmark, which check that a trained model's top factors name them.
 */
import { PROPENSITY_DRIVERS } from "@/lib/demo/generator";
import { activityLabel } from "@/lib/predictive/account-features";

const FIT_COLUMNS: Record<string, string> = { Industry: "industry", Region: "region", Technology: "technology", Employees: "employeeCount" };
const ACTIVITY_LABELS = new Set(["web_visit", "pricing_page_visit", "content_download", "email_open", "email_click", "webinar_attended", "event_attended", "demo_request", "trial_signup", "support_ticket"].map(activityLabel));

/**
 * The planted driver a feature column stands for, or null: a firmographic the propensity logit uses
 * (industry, region, technologies, employee count), engagement (activity volume and recency per
 * type, which latent engagement drives), or intent (surge strength per topic).
 */
export function plantedDriver(column: string): string | null {
  if (FIT_COLUMNS[column]) return FIT_COLUMNS[column]!;
  if (column === "Days since last activity" || column === "Engaged buying roles") return "engagement";
  const activity = column.replace(/ \((\d+-day decayed|last \d+ days)\)$/, "");
  if (activity !== column && ACTIVITY_LABELS.has(activity)) {
    const strong = PROPENSITY_DRIVERS.positive.activityTypes.map(activityLabel);
    return strong.includes(activity) ? `engagement:${activity}` : "engagement";
  }
  if (column.startsWith("Intent: ")) return "intent";
  return null;
}
