"use client";

import { useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";

/** A run's status as GET /api/training-runs/:id answers it. */
export interface RunProgressSnapshot {
  status: string;
  progress: number;
  stage: string | null;
  error: string | null;
}

const LIVE = new Set(["queued", "running"]);

function announce(s: RunProgressSnapshot): string {
  if (s.status === "queued") return "Training queued: it starts within a few seconds.";
  if (s.status === "running") return `Training ${Math.floor(s.progress * 100)}% done${s.stage ? `: ${s.stage}` : ""}.`;
  if (s.status === "succeeded") return "Training finished: the results are below.";
  if (s.status === "failed") return `Training failed: ${s.error ?? "unknown error"}`;
  return `Training ${s.status}.`;
}

/**
 * The live progress of a training run: polls while it is queued or running, announces each stage
 * (not every poll) to screen readers, and refreshes the page when it ends so the results render.
 */
export function RunProgress({ runId, initial }: { runId: number; initial: RunProgressSnapshot }) {
  const router = useRouter();
  const [snap, setSnap] = useState(initial);
  const [message, setMessage] = useState(() => announce(initial));
  const lastStage = useRef(initial.stage);

  useEffect(() => {
    if (!LIVE.has(snap.status)) return;
    let stop = false;
    const timer = setTimeout(async () => {
      try {
        const res = await fetch(`/api/training-runs/${runId}`, { cache: "no-store" });
        if (!res.ok || stop) return setSnap((s) => ({ ...s }));
        const next = (await res.json()) as RunProgressSnapshot;
        if (stop) return;
        if (next.status !== snap.status || next.stage !== lastStage.current) {
          lastStage.current = next.stage;
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
  }, [snap, runId, router]);

  const pct = Math.round(snap.progress * 1000) / 10;
  const failed = snap.status === "failed";
  return (
    <div className="flex flex-col gap-2" data-testid="run-progress" data-status={snap.status}>
      <div className="flex items-baseline justify-between gap-3 text-sm">
        <span className="font-medium">{snap.status === "queued" ? "Queued" : snap.status === "running" ? (snap.stage ?? "Running") : failed ? "Failed" : "Finished"}</span>
        <span className="tabular-nums text-muted-foreground">{pct}%</span>
      </div>
      <div
        role="progressbar"
        aria-label="Training progress"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={pct}
        aria-valuetext={`${pct}%${snap.stage ? `, ${snap.stage}` : ""}`}
        className="h-3 w-full overflow-hidden rounded-full bg-muted"
      >
        <div className={`h-full rounded-full transition-[width] duration-500 ${failed ? "bg-destructive" : snap.status === "succeeded" ? "bg-success" : "bg-primary"}`} style={{ width: `${Math.max(LIVE.has(snap.status) ? 2 : 0, pct)}%` }} />
      </div>
      <p aria-live="polite" aria-atomic="true" className="sr-only" data-testid="run-announcement">
        {message}
      </p>
    </div>
  );
}
