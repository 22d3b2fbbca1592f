"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";

export interface SecretRevealProps {
  title: string;
  secret: string;
  note: string;
  testId?: string;
}

/** A just-created secret, shown once, with a copy button. */
export function SecretReveal({ title, secret, note, testId }: SecretRevealProps) {
  const [copied, setCopied] = useState(false);
  return (
    <div role="status" className="flex flex-col gap-2 rounded-md border border-primary/40 bg-primary/5 p-3">
      <p className="text-sm font-medium">{title}</p>
      <div className="flex flex-wrap items-center gap-2">
        <code data-testid={testId} className="min-w-0 flex-1 break-all rounded bg-card px-2 py-1.5 font-mono text-xs">
          {secret}
        </code>
        <Button
          size="sm"
          variant="outline"
          onClick={() => {
            void navigator.clipboard?.writeText(secret).then(() => setCopied(true), () => setCopied(false));
          }}
        >
          {copied ? "Copied" : "Copy"}
        </Button>
      </div>
      <p className="text-xs text-muted-foreground">{note}</p>
    </div>
  );
}
