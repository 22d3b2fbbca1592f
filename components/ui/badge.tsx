import { cn } from "./cn";

const BAND_CLASS: Record<string, string> = {
  A: "bg-band-a text-white dark:text-black",
  B: "bg-band-b text-white dark:text-black",
  C: "bg-band-c text-black",
  D: "bg-band-d text-white dark:text-black",
};

export function Badge({ className, ...props }: React.HTMLAttributes<HTMLSpanElement>) {
  return <span className={cn("inline-flex items-center rounded-full border px-2 py-0.5 text-xs font-medium", className)} {...props} />;
}

export interface BandBadgeProps {
  band: string | null | undefined;
  className?: string;
}

/** The score band as a coloured badge; its text is the band label, so colour is never the only cue. */
export function BandBadge({ band, className }: BandBadgeProps) {
  if (!band) return <span className="text-muted-foreground">–</span>;
  return (
    <span
      className={cn("inline-flex h-6 min-w-6 items-center justify-center rounded-md px-1.5 text-xs font-bold", BAND_CLASS[band] ?? "bg-muted text-foreground", className)}
      aria-label={`Band ${band}`}
    >
      {band}
    </span>
  );
}
