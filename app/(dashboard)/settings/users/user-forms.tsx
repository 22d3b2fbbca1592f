"use client";

import { useActionState, useEffect, useRef } from "react";
import { Button } from "@/components/ui/button";
import { FieldError, Input, Label, Select } from "@/components/ui/input";
import type { ActionResult } from "@/lib/errors";
import { ROLES } from "@/lib/vocabulary";
import { changeUserRoleAction, createUserAction } from "./actions";

const ROLE_LABEL: Record<string, string> = { admin: "Admin", marketing: "Marketing", manager: "Manager", sales: "Sales" };

/** Add a user with a first password. */
export function CreateUserForm() {
  const [state, action, pending] = useActionState<ActionResult | null, FormData>(createUserAction, null);
  const form = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (state?.ok) form.current?.reset();
  }, [state]);
  const err = (f: string) => (state && !state.ok ? state.fieldErrors?.[f] : undefined);
  const field = (name: string, label: string, props: React.InputHTMLAttributes<HTMLInputElement>) => (
    <div className="flex flex-col gap-1.5">
      <Label htmlFor={`user-${name}`}>{label}</Label>
      <Input id={`user-${name}`} name={name} aria-invalid={err(name) ? true : undefined} aria-describedby={err(name) ? `user-${name}-error` : undefined} {...props} />
      <FieldError id={`user-${name}-error`} errors={err(name)} />
    </div>
  );
  return (
    <form ref={form} action={action} className="grid gap-4 md:grid-cols-2">
      {field("name", "Name", { required: true, autoComplete: "off" })}
      {field("email", "Email", { type: "email", required: true, autoComplete: "off" })}
      <div className="flex flex-col gap-1.5">
        <Label htmlFor="user-role">Role</Label>
        <Select id="user-role" name="role" defaultValue="sales" aria-describedby={err("role") ? "user-role-error" : undefined}>
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {ROLE_LABEL[r]}
            </option>
          ))}
        </Select>
        <FieldError id="user-role-error" errors={err("role")} />
      </div>
      {field("password", "First password (12+ characters)", { type: "password", required: true, minLength: 12, autoComplete: "new-password" })}
      <div className="flex items-center gap-3 md:col-span-2">
        <Button type="submit" disabled={pending}>
          {pending ? "Adding…" : "Add user"}
        </Button>
        {state ? (
          <p role={state.ok ? "status" : "alert"} className={state.ok ? "text-sm text-muted-foreground" : "text-sm text-destructive"}>
            {state.message}
          </p>
        ) : null}
      </div>
    </form>
  );
}

export interface RoleFormProps {
  userId: number;
  email: string;
  role: string;
}

/** A user's role with a save button; the change applies on their next request. */
export function RoleForm({ userId, email, role }: RoleFormProps) {
  const [state, action, pending] = useActionState<ActionResult | null, FormData>(changeUserRoleAction, null);
  return (
    <form action={action} className="flex flex-col gap-1">
      <input type="hidden" name="userId" value={userId} />
      <div className="flex items-center gap-2">
        <div className="w-36">
          <Select name="role" defaultValue={role} aria-label={`Role of ${email}`} className="h-8">
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {ROLE_LABEL[r]}
              </option>
            ))}
          </Select>
        </div>
        <Button type="submit" size="sm" variant="outline" disabled={pending} aria-label={`Save role of ${email}`}>
          {pending ? "Saving…" : "Save"}
        </Button>
      </div>
      {state && !state.ok ? (
        <p role="alert" className="text-xs text-destructive">
          {state.fieldErrors?.role?.[0] ?? state.message}
        </p>
      ) : null}
    </form>
  );
}
