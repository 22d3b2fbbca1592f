"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Button, type ButtonVariant } from "@/components/ui/button";
import type { ActionResult } from "@/lib/errors";
import { cancelImportAction, publishScoresAction, startImportAction } from "../actions";

type Kind = "cancel" | "run-for-real" | "publish";

export interface JobActionButtonProps {
  jobId: number;
  kind: Kind;
  label: string;
  variant?: ButtonVariant;
  /** asks before acting */
  confirm?: string;
}

/** One button of the job page (cancel, run the dry-run mapping for real, publish scores) with its answer shown next to it. */
export function JobActionButton({ jobId, kind, label, variant = "outline", confirm }: JobActionButtonProps) {
  const router = useRouter();
  const [pending, start] = useTransition();
  const [result, setResult] = useState<ActionResult<{ jobId: number }> | ActionResult | null>(null);
  function run() {
    if (confirm && !window.confirm(confirm)) return;
    start(async () => {
      const res =
        kind === "cancel" ? await cancelImportAction(jobId) : kind === "publish" ? await publishScoresAction(jobId) : await startImportAction(jobId, null, false);
      setResult(res);
      if (res.ok && kind === "run-for-real" && "data" in res && res.data && "jobId" in res.data) router.push(`/imports/${res.data.jobId}`);
      else router.refresh();
    });
  }
  return (
    <div className="inline-flex flex-col items-start gap-1">
      <Button variant={variant} disabled={pending || (kind === "publish" && result?.ok === true)} onClick={run}>
        {pending ? "Working…" : label}
      </Button>
      {result ? (
        <p role={result.ok ? "status" : "alert"} className={`max-w-md text-sm ${result.ok ? "text-success" : "text-destructive"}`}>
          {result.ok ? (result.message ?? "Done.") : result.message}
        </p>
      ) : null}
    </div>
  );
}
