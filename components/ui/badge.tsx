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

/**
 * The score band as a coloured badge; its text is the band label, so colour is never the only cue.
 * Its shape is the `.band-badge` class of globals.css (it repeats on every row of the accounts list),
 * so size utilities passed in `className` override it.
 */
export function BandBadge({ band, className }: BandBadgeProps) {
  if (!band) return <span className="text-muted-foreground">–</span>;
  return (
    <span
      className={cn("band-badge", BAND_CLASS[band] ?? "bg-muted text-foreground", className)}
      aria-label={`Band ${band}`}
    >
      {band}
    </span>
  );
}
