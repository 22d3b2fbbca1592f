import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { getDb } from "@/db/client";
import { explainLearnedScores } from "@/db/queries/training";
import type { Factor } from "@/lib/predictive/explain";
import { OUTCOME_LABEL, predictivePart } from "@/lib/predictive-scoring";

const pct = (p: number) => `${(p * 100).toFixed(p < 0.1 ? 1 : 0)}%`;
const signed = (v: number) => `${v > 0 ? "+" : v < 0 ? "−" : "±"}${Math.abs(v).toFixed(1)}`;

const NUMBER = /^-?\d+(\.\d+)?$/;

/** A factor's value as read: numbers with thousands separators, lists and words as they are. */
function shown(value: string): string {
  return NUMBER.test(value) ? Number(value).toLocaleString("en-US", { maximumFractionDigits: 2 }) : value;
}

/** How a factor changes the odds: log-odds effects add up, so their exponentials multiply the odds. */
function oddsFactor(effect: number): string {
  const f = Math.exp(Math.abs(effect));
  const text = f >= 10 ? f.toFixed(0) : f >= 2 ? f.toFixed(1) : f.toFixed(2);
  return `${effect >= 0 ? "×" : "÷"}${text}`;
}

function FactorList({ title, factors, tone }: { title: string; factors: Factor[]; tone: "up" | "down" }) {
  return (
    <section aria-label={title} className="min-w-0">
      <h3 className="mb-1 text-sm font-semibold">{title}</h3>
      {factors.length === 0 ? (
        <p className="text-sm text-muted-foreground">None worth mentioning.</p>
      ) : (
        <ul className="flex flex-col">
          {factors.map((f) => (
            <li key={f.column} className="flex items-baseline justify-between gap-3 border-b border-dashed py-1.5 text-sm last:border-0" title={`${signed(f.effect)} log-odds, ${signed(f.points)} points`}>
              <span className="min-w-0 break-words">
                <span className="font-medium">{f.column}</span>
                {f.value === "missing" ? " is missing" : f.label.startsWith(`${f.column}: `) ? `: ${f.value}` : ` = ${shown(f.value)}`}
              </span>
              <span className={cn("shrink-0 tabular-nums", tone === "up" ? "text-success" : "text-destructive")}>
                {oddsFactor(f.effect)}
                <span className="sr-only"> odds</span>
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/**
 * The probability and top factors of an account under every live predictive or blended model that
 * scored it, recomputed from the account's own data as of the publish (so they match the stored
 * score), with the two parts of a blended score.
 */
export async function PredictiveFactors({ accountId }: { accountId: number }) {
  const models = await explainLearnedScores(getDb(), accountId);
  if (models.length === 0) return null;
  return (
    <>
      {models.map((m) => {
        const e = m.explanation;
        const part = predictivePart(m.definition);
        const matches = Math.abs(e.score - m.storedScore) < 0.05;
        return (
          <Card key={m.modelId} data-testid="predictive-factors">
            <CardHeader>
              <CardTitle>
                <span className="tabular-nums" data-testid="predictive-factors-probability">
                  {pct(e.probability)}
                </span>{" "}
                likely: {OUTCOME_LABEL[part.outcome]} within {part.horizonDays} days
              </CardTitle>
              <p className="text-sm text-muted-foreground">
                {m.modelName}, version {m.version} ({e.kind === "blended" ? "blended" : "predictive"}). A typical account: {pct(e.baseline)}. Each factor multiplies the odds compared with a
                typical value (×2 doubles them); together they take the log-odds from {signed(e.baselineLogit)} to {signed(e.logit)}.
              </p>
            </CardHeader>
            <CardContent className="flex flex-col gap-4">
              {e.blend ? (
                <p className="rounded-md bg-muted px-3 py-2 text-sm" data-testid="blend-parts">
                  Score <span className="font-semibold tabular-nums">{e.score.toFixed(1)}</span> = {Math.round(e.blend.ruleWeight * 100)} % × rule-based {e.blend.ruleScore.toFixed(1)} (
                  {e.blend.ruleName}) <span className="tabular-nums">→ {e.blend.rulePoints.toFixed(1)}</span> + {Math.round((1 - e.blend.ruleWeight) * 100)} % × predictive{" "}
                  {(100 * e.probability).toFixed(1)} <span className="tabular-nums">→ {e.blend.predictivePoints.toFixed(1)}</span>
                </p>
              ) : null}
              <div className="grid gap-4 md:grid-cols-2">
                <FactorList title="Raising the probability" factors={e.positive} tone="up" />
                <FactorList title="Lowering the probability" factors={e.negative} tone="down" />
              </div>
              {!matches ? (
                <p role="note" className="rounded-md border border-warning/50 bg-warning/10 px-3 py-2 text-sm">
                  The account&apos;s data changed since the model was published: today&apos;s data gives {e.score.toFixed(1)} where the stored score is {m.storedScore.toFixed(1)}. The
                  next publish brings them together.
                </p>
              ) : null}
            </CardContent>
          </Card>
        );
      })}
    </>
  );
}
