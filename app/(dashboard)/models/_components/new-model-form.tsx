"use client";

import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { Card, CardContent } from "@/components/ui/card";
import { FieldError, Input, Label, Select } from "@/components/ui/input";
import { createModelAction, type CreateModelState } from "../actions";

export interface NewModelFormProps {
  sources: { id: number; label: string }[];
}

/** Name, description and starting point of a new model. */
export function NewModelForm({ sources }: NewModelFormProps) {
  const [state, action, pending] = useActionState<CreateModelState, FormData>(createModelAction, {});
  const err = state.fieldErrors ?? {};
  return (
    <Card>
      <CardContent className="py-5">
        <form action={action} className="flex flex-col gap-4" noValidate>
          <div className="flex flex-col gap-1">
            <Label htmlFor="name">Name</Label>
            <Input id="name" name="name" defaultValue={state.values?.name ?? ""} required maxLength={100} aria-invalid={err.name ? true : undefined} aria-describedby={err.name ? "name-error" : undefined} />
            <FieldError id="name-error" errors={err.name} />
          </div>
          <div className="flex flex-col gap-1">
            <Label htmlFor="description">Description (optional)</Label>
            <textarea
              id="description"
              name="description"
              defaultValue={state.values?.description ?? ""}
              maxLength={1000}
              className="min-h-20 rounded-md border border-input bg-card px-3 py-2 text-sm shadow-xs focus-visible:outline-2 focus-visible:outline-ring"
              aria-invalid={err.description ? true : undefined}
              aria-describedby={err.description ? "description-error" : undefined}
            />
            <FieldError id="description-error" errors={err.description} />
          </div>
          <div className="flex flex-col gap-1">
            <Label htmlFor="start">Start from</Label>
            <Select id="start" name="start" defaultValue={state.values?.start ?? "template"} aria-invalid={err.start ? true : undefined} aria-describedby={err.start ? "start-error" : undefined}>
              <option value="template">ICP template (recommended)</option>
              {sources.map((s) => (
                <option key={s.id} value={String(s.id)}>
                  {s.label}
                </option>
              ))}
            </Select>
            <FieldError id="start-error" errors={err.start} />
          </div>
          {state.message ? (
            <p className="text-sm text-destructive" role="alert">
              {state.message}
            </p>
          ) : null}
          <div>
            <Button type="submit" disabled={pending}>
              {pending ? "Creating…" : "Create draft"}
            </Button>
          </div>
        </form>
      </CardContent>
    </Card>
  );
}
