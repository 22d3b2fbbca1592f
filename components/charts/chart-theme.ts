/**
 * Colours and axis styling of the charts, as CSS variables so that the dark theme (class `dark` on
 * <html>) recolours every chart without re-rendering it.
 */
const BAND_VARS: Record<string, string> = { A: "var(--band-a)", B: "var(--band-b)", C: "var(--band-c)", D: "var(--band-d)" };

/** Colour of a band: the theme's band colour for A–D, a chart colour for custom band labels. */
export function bandColor(label: string, index: number): string {
  return BAND_VARS[label] ?? `var(--chart-${(index % 5) + 1})`;
}

/** The n-th series colour (1-based, cycling through the five chart colours). */
export function seriesColor(n: number): string {
  return `var(--chart-${((n - 1) % 5) + 1})`;
}

export const AXIS_TICK = { fill: "var(--muted-foreground)", fontSize: 12 } as const;
export const AXIS_LINE = { stroke: "var(--border)" } as const;
export const GRID_STROKE = "var(--border)";
/** Chart heights: one size everywhere keeps the grid of cards even. */
export const CHART_HEIGHT = 260;

/**
 * A rate axis (fractions) with round, evenly spaced ticks covering `values`: 0.34 → 0–40 % by 10,
 * 0.07 → 0–8 % by 2. Never above 100 %.
 */
export function rateAxis(values: readonly (number | null | undefined)[]): { domain: [number, number]; ticks: number[] } {
  const max = Math.max(0, ...values.map((v) => (v != null && Number.isFinite(v) ? v : 0)));
  const step = max > 0.5 ? 0.2 : max > 0.2 ? 0.1 : max > 0.1 ? 0.05 : max > 0.05 ? 0.02 : max > 0.02 ? 0.01 : 0.005;
  const top = Math.min(1, Math.max(step, Math.ceil(max / step - 1e-9) * step));
  const ticks: number[] = [];
  for (let k = 0; k * step <= top + 1e-9; k++) ticks.push(Math.round(k * step * 1e6) / 1e6);
  return { domain: [0, ticks[ticks.length - 1]], ticks };
}
