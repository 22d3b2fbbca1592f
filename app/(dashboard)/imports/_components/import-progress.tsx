"use client";

import { useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import { formatCount, formatDuration } from "@/lib/imports/format";

/** The job's progress as GET /api/imports/:id answers it. */
export interface ProgressSnapshot {
  status: string;
  dryRun: boolean;
  processedRows: number;
  fraction: number;
  rowsPerSecond: number | null;
  secondsLeft: number | null;
  counts: { created: number; updated: number; unchanged: number; failed: number };
  error: string | null;
}

export interface ImportProgressProps {
  jobId: number;
  initial: ProgressSnapshot;
}

const LIVE = new Set(["queued", "running"]);

function announce(s: ProgressSnapshot): string {
  const what = s.dryRun ? "Dry run" : "Import";
  if (s.status === "queued") return `${what} queued.`;
  if (s.status === "running") return `${what} ${Math.floor(s.fraction * 100)}% done, ${formatCount(s.processedRows)} rows.`;
  if (s.status === "completed") {
    const c = s.counts;
    return `${what} finished: ${formatCount(s.processedRows)} rows, ${formatCount(c.created)} created, ${formatCount(c.updated)} updated, ${formatCount(c.unchanged)} unchanged, ${formatCount(c.failed)} failed.`;
  }
  if (s.status === "failed") return `${what} failed: ${s.error ?? "unknown error"}`;
  return `${what} ${s.status}.`;
}

/**
 * The live progress bar: polls the job while it is queued or running, announces every 10 % and the
 * end to screen readers (not every poll), and refreshes the page once the job is done.
 */
export function ImportProgress({ jobId, initial }: ImportProgressProps) {
  const router = useRouter();
  const [snap, setSnap] = useState(initial);
  const [message, setMessage] = useState(() => announce(initial));
  const lastDecile = useRef(Math.floor(initial.fraction * 10));

  useEffect(() => {
    if (!LIVE.has(snap.status)) return;
    let stop = false;
    const timer = setTimeout(async () => {
      try {
        const res = await fetch(`/api/imports/${jobId}`, { cache: "no-store" });
        if (!res.ok || stop) return setSnap((s) => ({ ...s }));
        const next = (await res.json()) as ProgressSnapshot;
        if (stop) return;
        const decile = Math.floor(next.fraction * 10);
        if (next.status !== snap.status || decile !== lastDecile.current) {
          lastDecile.current = decile;
          setMessage(announce(next));
        }
        setSnap(next);
        if (!LIVE.has(next.status)) router.refresh();
      } catch {
        if (!stop) setSnap((s) => ({ ...s }));
      }
    }, 1000);
    return () => {
      stop = true;
      clearTimeout(timer);
    };
  }, [snap, jobId, router]);

  const pct = Math.round(snap.fraction * 1000) / 10;
  const running = LIVE.has(snap.status);
  const c = snap.counts;
  const text = `${pct}% · ${formatCount(snap.processedRows)} rows`;
  return (
    <div className="flex flex-col gap-3" data-testid="import-progress" data-status={snap.status}>
      <div
        role="progressbar"
        aria-label={snap.dryRun ? "Dry run progress" : "Import progress"}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={pct}
        aria-valuetext={text}
        className="h-3 w-full overflow-hidden rounded-full bg-muted"
      >
        <div
          className={`h-full rounded-full transition-[width] duration-500 ${snap.status === "failed" ? "bg-destructive" : snap.status === "completed" ? "bg-success" : "bg-primary"}`}
          style={{ width: `${Math.max(running ? 2 : 0, pct)}%` }}
        />
      </div>
      <dl className="grid grid-cols-2 gap-x-6 gap-y-2 text-sm sm:grid-cols-4">
        <Stat label="Rows done" value={formatCount(snap.processedRows)} />
        <Stat label="Rows per second" value={snap.rowsPerSecond ? formatCount(Math.round(snap.rowsPerSecond)) : "–"} />
        <Stat label="Time left" value={running ? (snap.secondsLeft !== null ? formatDuration(snap.secondsLeft) : "estimating…") : "–"} />
        <Stat label="Progress" value={`${pct}%`} />
        <Stat label="Created" value={formatCount(c.created)} testId="count-created" />
        <Stat label="Updated" value={formatCount(c.updated)} testId="count-updated" />
        <Stat label="Unchanged" value={formatCount(c.unchanged)} testId="count-unchanged" />
        <Stat label="Failed" value={formatCount(c.failed)} testId="count-failed" tone={c.failed ? "text-destructive" : undefined} />
      </dl>
      <p aria-live="polite" aria-atomic="true" className="sr-only" data-testid="import-announcement">
        {message}
      </p>
    </div>
  );
}

function Stat({ label, value, testId, tone }: { label: string; value: string; testId?: string; tone?: string }) {
  return (
    <div className="flex flex-col">
      <dt className="text-xs uppercase tracking-wide text-muted-foreground">{label}</dt>
      <dd className={`text-lg font-semibold tabular-nums ${tone ?? ""}`} data-testid={testId}>
        {value}
      </dd>
    </div>
  );
}
