"use client";

import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { FieldError, Input, Label } from "@/components/ui/input";
import type { ActionResult } from "@/lib/errors";
import { SecretReveal } from "../_components/secret-reveal";
import { createWebhookEndpointAction, type CreatedEndpoint } from "./actions";

/** Add an endpoint; its signing secret is shown once, right here. */
export function CreateEndpointForm() {
  const [state, action, pending] = useActionState<ActionResult<CreatedEndpoint> | null, FormData>(createWebhookEndpointAction, null);
  const err = (f: string) => (state && !state.ok ? state.fieldErrors?.[f] : undefined);
  const described = (f: string) => (err(f) ? { "aria-invalid": true, "aria-describedby": `hook-${f}-error` } : {});
  return (
    <div className="flex flex-col gap-4">
      <form action={action} className="grid gap-4 md:grid-cols-2">
        <div className="flex flex-col gap-1.5">
          <Label htmlFor="hook-name">Name</Label>
          <Input id="hook-name" name="name" required placeholder="CRM alerts" autoComplete="off" {...described("name")} />
          <FieldError id="hook-name-error" errors={err("name")} />
        </div>
        <div className="flex flex-col gap-1.5">
          <Label htmlFor="hook-url">URL</Label>
          <Input id="hook-url" name="url" type="url" required placeholder="https://example.com/hooks/lodestar" autoComplete="off" {...described("url")} />
          <FieldError id="hook-url-error" errors={err("url")} />
        </div>
        <div className="flex flex-col gap-1.5 md:col-span-2">
          <Label htmlFor="hook-secret">Signing secret (optional)</Label>
          <Input id="hook-secret" name="secret" placeholder="Leave empty to generate one" autoComplete="off" {...described("secret")} />
          <FieldError id="hook-secret-error" errors={err("secret")} />
        </div>
        <div className="flex items-center gap-3 md:col-span-2">
          <Button type="submit" disabled={pending}>{pending ? "Adding…" : "Add endpoint"}</Button>
          {state && !state.ok && !state.fieldErrors ? <p role="alert" className="text-sm text-destructive">{state.message}</p> : null}
        </div>
      </form>
      {state?.ok && state.data ? (
        <SecretReveal
          title={`Signing secret of “${state.data.name}”`}
          secret={state.data.secret}
          testId="new-webhook-secret"
          note="Copy it now: your receiver needs it to verify the Lodestar-Signature header, and it is not shown again."
        />
      ) : null}
    </div>
  );
}
