"use client";

import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { FieldError, Label, Select } from "@/components/ui/input";
import { cn } from "@/components/ui/cn";
import { ACCOUNT_STATUSES } from "@/lib/vocabulary";
import { reassignOwnerAction, updateAccountStatusAction, type AccountFormState } from "../actions";

function Outcome({ state, id }: { state: AccountFormState; id: string }) {
  if (!state.message) return null;
  return (
    <p id={id} role={state.ok ? "status" : "alert"} className={cn("text-sm", state.ok ? "text-success" : "text-destructive")}>
      {state.message}
    </p>
  );
}

export interface StatusFormProps {
  accountId: number;
  status: string;
  notes: string | null;
}

/** A rep's working status and notes for their own account. */
export function StatusForm({ accountId, status, notes }: StatusFormProps) {
  const [state, action, pending] = useActionState<AccountFormState, FormData>(updateAccountStatusAction, {});
  return (
    <form action={action} className="flex flex-col gap-3" data-testid="status-form">
      <input type="hidden" name="accountId" value={accountId} />
      <div className="flex flex-col gap-1.5">
        <Label htmlFor="account-status">Status</Label>
        <Select id="account-status" name="status" defaultValue={status} aria-invalid={state.fieldErrors?.status ? true : undefined} aria-describedby={state.fieldErrors?.status ? "status-error" : undefined}>
          {ACCOUNT_STATUSES.map((s) => (
            <option key={s} value={s}>
              {s.charAt(0).toUpperCase() + s.slice(1)}
            </option>
          ))}
        </Select>
        <FieldError id="status-error" errors={state.fieldErrors?.status} />
      </div>
      <div className="flex flex-col gap-1.5">
        <Label htmlFor="account-notes">Notes</Label>
        <textarea
          id="account-notes"
          name="notes"
          rows={4}
          maxLength={5000}
          defaultValue={notes ?? ""}
          aria-invalid={state.fieldErrors?.notes ? true : undefined}
          aria-describedby={state.fieldErrors?.notes ? "notes-error" : undefined}
          className="w-full rounded-md border border-input bg-card px-3 py-2 text-sm shadow-xs"
        />
        <FieldError id="notes-error" errors={state.fieldErrors?.notes} />
      </div>
      <div className="flex items-center gap-3">
        <Button type="submit" size="sm" disabled={pending}>
          {pending ? "Saving…" : "Save status"}
        </Button>
        <Outcome state={state} id="status-outcome" />
      </div>
    </form>
  );
}

export interface ReassignFormProps {
  accountId: number;
  ownerId: number | null;
  reps: { id: number; name: string; email: string }[];
}

/** A manager gives the account to another rep. */
export function ReassignForm({ accountId, ownerId, reps }: ReassignFormProps) {
  const [state, action, pending] = useActionState<AccountFormState, FormData>(reassignOwnerAction, {});
  return (
    <form action={action} className="flex flex-col gap-3" data-testid="reassign-form">
      <input type="hidden" name="accountId" value={accountId} />
      <div className="flex flex-col gap-1.5">
        <Label htmlFor="account-owner">Owner</Label>
        <Select id="account-owner" name="ownerId" defaultValue={ownerId === null ? "none" : String(ownerId)} aria-invalid={state.fieldErrors?.ownerId ? true : undefined} aria-describedby={state.fieldErrors?.ownerId ? "owner-error" : undefined}>
          <option value="none">Unassigned</option>
          {reps.map((r) => (
            <option key={r.id} value={r.id}>
              {r.name} ({r.email})
            </option>
          ))}
        </Select>
        <FieldError id="owner-error" errors={state.fieldErrors?.ownerId} />
      </div>
      <div className="flex items-center gap-3">
        <Button type="submit" size="sm" disabled={pending}>
          {pending ? "Reassigning…" : "Reassign"}
        </Button>
        <Outcome state={state} id="reassign-outcome" />
      </div>
    </form>
  );
}
