import { Badge } from "@/components/ui/badge";
import { cn } from "@/components/ui/cn";

const STYLE: Record<string, { label: string; className: string }> = {
  uploaded: { label: "Needs mapping", className: "border-warning/50 text-warning" },
  queued: { label: "Queued", className: "text-muted-foreground" },
  running: { label: "Running", className: "border-primary/50 text-primary" },
  completed: { label: "Completed", className: "border-success/50 text-success" },
  failed: { label: "Failed", className: "border-destructive/50 text-destructive" },
  cancelled: { label: "Cancelled", className: "text-muted-foreground" },
};

export interface ImportStatusBadgeProps {
  status: string;
  dryRun?: boolean;
}

/** The job status as text in a tinted outline (the words carry the meaning, colour only helps). */
export function ImportStatusBadge({ status, dryRun }: ImportStatusBadgeProps) {
  const s = STYLE[status] ?? { label: status, className: "" };
  return (
    <span className="inline-flex items-center gap-1">
      <Badge className={cn("bg-card whitespace-nowrap", s.className)}>{s.label}</Badge>
      {dryRun ? <Badge className="bg-muted whitespace-nowrap text-muted-foreground">Dry run</Badge> : null}
    </span>
  );
}
