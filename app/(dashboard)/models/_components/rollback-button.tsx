"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { FieldError, Input, Label } from "@/components/ui/input";
import { rollbackAction } from "../actions";

export interface RollbackButtonProps {
  modelId: number;
  versionId: number;
  version: number;
  accounts: number;
}

/** Re-publishes an older version (a rollback) after asking why. */
export function RollbackButton({ modelId, versionId, version, accounts }: RollbackButtonProps) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [note, setNote] = useState("");
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const [message, setMessage] = useState<string | null>(null);
  const [pending, start] = useTransition();
  if (!open) {
    return (
      <Button variant="outline" size="sm" onClick={() => setOpen(true)}>
        Roll back to version {version}
      </Button>
    );
  }
  const id = `rollback-note-${versionId}`;
  return (
    <form
      className="flex flex-col gap-2 rounded-md border p-3"
      onSubmit={(e) => {
        e.preventDefault();
        start(async () => {
          const r = await rollbackAction({ versionId, note });
          if (r.ok) {
            router.push(`/models/${modelId}/versions?rolledBack=${version}&accounts=${r.data.accounts}&ms=${r.data.durationMs}`);
            router.refresh();
          } else {
            setErrors(r.fieldErrors ?? {});
            setMessage(r.fieldErrors ? null : r.message);
          }
        });
      }}
    >
      <Label htmlFor={id}>Why roll back to version {version}?</Label>
      <Input id={id} value={note} onChange={(e) => setNote(e.target.value)} maxLength={500} aria-invalid={errors.note ? true : undefined} aria-describedby={errors.note ? `${id}-error` : undefined} />
      <FieldError id={`${id}-error`} errors={errors.note} />
      {message ? (
        <p className="text-sm text-destructive" role="alert">
          {message}
        </p>
      ) : null}
      <div className="flex gap-2">
        <Button type="submit" size="sm" disabled={pending}>
          {pending ? "Rescoring…" : `Re-publish to ${accounts.toLocaleString("en-US")} accounts`}
        </Button>
        <Button variant="ghost" size="sm" onClick={() => setOpen(false)} disabled={pending}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
