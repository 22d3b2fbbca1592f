/** Shown while the dashboard computes (a cold backtest at a million accounts takes about a second). */
export default function InsightsLoading() {
  return (
    <section className="flex flex-col gap-5" aria-busy="true">
      <header className="flex flex-col gap-1">
        <h1 className="text-2xl font-semibold tracking-tight">Insights</h1>
        <p className="text-sm text-muted-foreground" role="status">
          Scoring every account as of the cutoff and measuring what happened next…
        </p>
      </header>
      <div className="grid grid-cols-1 gap-4 xl:grid-cols-2">
        {Array.from({ length: 4 }, (_, k) => (
          <div key={k} className="h-80 animate-pulse rounded-lg border bg-card" />
        ))}
      </div>
    </section>
  );
}
