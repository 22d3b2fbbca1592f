"use client";

import { useActionState } from "react";
import { Button, type ButtonVariant } from "@/components/ui/button";
import type { ActionResult } from "@/lib/errors";

export interface InlineActionProps {
  action: (prev: ActionResult | null, formData: FormData) => Promise<ActionResult>;
  /** hidden fields sent with the action */
  fields: Record<string, string | number>;
  label: string;
  pendingLabel?: string;
  variant?: ButtonVariant;
  /** asks before submitting */
  confirm?: string;
  /** accessible name when the visible label is ambiguous in a table ("Revoke" → "Revoke key Salesforce") */
  ariaLabel?: string;
}

/** A one-button form for row actions (revoke, enable, replay…), with its error shown next to it. */
export function InlineAction({ action, fields, label, pendingLabel, variant = "outline", confirm, ariaLabel }: InlineActionProps) {
  const [state, formAction, pending] = useActionState(action, null);
  return (
    <form
      action={formAction}
      onSubmit={(e) => {
        if (confirm && !window.confirm(confirm)) e.preventDefault();
      }}
      className="inline-flex flex-col items-start gap-1"
    >
      {Object.entries(fields).map(([k, v]) => (
        <input key={k} type="hidden" name={k} value={String(v)} />
      ))}
      <Button type="submit" size="sm" variant={variant} disabled={pending} aria-label={ariaLabel}>
        {pending ? (pendingLabel ?? label) : label}
      </Button>
      {state && !state.ok ? (
        <p role="alert" className="max-w-56 text-xs text-destructive">
          {state.message}
        </p>
      ) : state?.ok && state.message ? (
        <p role="status" className="max-w-56 text-xs text-muted-foreground">
          {state.message}
        </p>
      ) : null}
    </form>
  );
}
