"use client";

import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { FieldError, Input, Label, Select } from "@/components/ui/input";
import type { ActionResult } from "@/lib/errors";
import { SecretReveal } from "../_components/secret-reveal";
import { createApiKeyAction, type CreatedApiKey } from "./actions";

/** Create a key; the key itself is shown once, right here. */
export function CreateApiKeyForm() {
  const [state, action, pending] = useActionState<ActionResult<CreatedApiKey> | null, FormData>(createApiKeyAction, null);
  const err = (f: string) => (state && !state.ok ? state.fieldErrors?.[f] : undefined);
  return (
    <div className="flex flex-col gap-4">
      <form action={action} className="grid items-end gap-4 md:grid-cols-[1fr_14rem_auto]">
        <div className="flex flex-col gap-1.5">
          <Label htmlFor="key-name">Name</Label>
          <Input id="key-name" name="name" required placeholder="Salesforce sync" autoComplete="off" aria-invalid={err("name") ? true : undefined} aria-describedby={err("name") ? "key-name-error" : undefined} />
        </div>
        <div className="flex flex-col gap-1.5">
          <Label htmlFor="key-access">Access</Label>
          <Select id="key-access" name="access" defaultValue="read_write">
            <option value="read">Read only (scores)</option>
            <option value="write">Write only (upserts)</option>
            <option value="read_write">Read and write</option>
          </Select>
        </div>
        <Button type="submit" disabled={pending}>
          {pending ? "Creating…" : "Create key"}
        </Button>
        <div className="md:col-span-3">
          <FieldError id="key-name-error" errors={err("name")} />
          {state && !state.ok && !err("name") ? <p role="alert" className="text-sm text-destructive">{state.message}</p> : null}
        </div>
      </form>
      {state?.ok && state.data ? (
        <SecretReveal
          title={`API key “${state.data.name}”`}
          secret={state.data.key}
          testId="new-api-key"
          note="Copy it now: Lodestar stores only a hash and cannot show it again. Send it as Authorization: Bearer <key>."
        />
      ) : null}
    </div>
  );
}
