"use client";

import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import { Button } from "@/components/ui/button";
import { Card, CardContent } from "@/components/ui/card";
import { Label } from "@/components/ui/input";
import { cn } from "@/components/ui/cn";
import { formatBytes } from "@/lib/imports/format";

export interface UploadFormProps {
  entities: { key: string; label: string; hint: string }[];
  maxBytes: number;
}

/** Step 1 of the wizard: the record type and the file, streamed to the upload route handler. */
export function UploadForm({ entities, maxBytes }: UploadFormProps) {
  const router = useRouter();
  const [entity, setEntity] = useState(entities[0]!.key);
  const [file, setFile] = useState<File | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const errorId = useId();
  const fileId = useId();

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    setError(null);
    if (!file) return setError("Choose a CSV file to upload.");
    // The server enforces the same limit; checking here saves uploading gigabytes to hear it.
    if (file.size > maxBytes) {
      return setError(`The file is ${formatBytes(file.size)}, over the ${formatBytes(maxBytes)} import limit. Split it into smaller files (each with the header row) or ask an admin to raise IMPORT_MAX_BYTES.`);
    }
    setBusy(true);
    try {
      const res = await fetch(`/api/imports?entity=${encodeURIComponent(entity)}&filename=${encodeURIComponent(file.name)}`, {
        method: "POST",
        headers: { "content-type": "text/csv" },
        body: file,
      });
      const body = (await res.json().catch(() => null)) as { id?: number; url?: string; error?: { message?: string } } | null;
      if (!res.ok || !body?.url) {
        setError(body?.error?.message ?? `The upload failed (HTTP ${res.status}).`);
        setBusy(false);
        return;
      }
      router.push(body.url);
    } catch {
      setError("The upload was interrupted. Check your connection and try again.");
      setBusy(false);
    }
  }

  return (
    <form onSubmit={submit} className="flex flex-col gap-4" aria-describedby={error ? errorId : undefined}>
      <fieldset className="flex flex-col gap-2">
        <legend className="mb-2 text-sm font-medium">What does the file contain?</legend>
        <div className="grid gap-2 sm:grid-cols-2">
          {entities.map((en) => (
            <label
              key={en.key}
              className={cn(
                "flex cursor-pointer gap-3 rounded-lg border bg-card p-3 text-sm transition-colors hover:bg-muted/50",
                entity === en.key && "border-primary ring-1 ring-primary",
              )}
            >
              <input type="radio" name="entity" value={en.key} checked={entity === en.key} onChange={() => setEntity(en.key)} className="mt-1 accent-[var(--primary)]" />
              <span>
                <span className="font-medium">{en.label}</span>
                <span className="block text-muted-foreground">{en.hint}</span>
              </span>
            </label>
          ))}
        </div>
      </fieldset>
      <Card>
        <CardContent className="flex flex-col gap-2">
          <Label htmlFor={fileId}>CSV file</Label>
          <input
            id={fileId}
            type="file"
            accept=".csv,.txt,.tsv,text/csv,text/plain"
            onChange={(e) => {
              setFile(e.target.files?.[0] ?? null);
              setError(null);
            }}
            className="text-sm file:mr-3 file:rounded-md file:border file:bg-muted file:px-3 file:py-1.5 file:text-sm file:font-medium file:text-foreground"
            aria-describedby={`${fileId}-hint`}
          />
          <p id={`${fileId}-hint`} className="text-xs text-muted-foreground">
            UTF-8 text with a header row; comma, semicolon, tab or pipe separated. Up to {formatBytes(maxBytes)}.
            {file ? ` Selected: ${file.name} (${formatBytes(file.size)}).` : ""}
          </p>
        </CardContent>
      </Card>
      {error ? (
        <p id={errorId} role="alert" className="rounded-md border border-destructive/40 bg-destructive/10 px-3 py-2 text-sm text-destructive">
          {error}
        </p>
      ) : null}
      <div>
        <Button type="submit" disabled={busy}>
          {busy ? "Uploading…" : "Upload and map columns"}
        </Button>
      </div>
    </form>
  );
}
