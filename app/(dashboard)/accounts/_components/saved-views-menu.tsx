"use client";

import Link from "next/link";
import { useActionState, useState, useTransition } from "react";
import { buttonClass, Button } from "@/components/ui/button";
import { FieldError, Input, Label } from "@/components/ui/input";
import { Popover } from "@/components/ui/popover";
import type { SavedView } from "@/db/mutations/saved-views";
import { deleteViewAction, saveViewAction, type SaveViewState } from "../actions";

export interface SavedViewsMenuProps {
  views: SavedView[];
  /** the current list state as a query string (what "Save" stores) */
  currentQuery: string;
}

/** The signed-in user's saved views: open one, delete one, or save the current view under a name. */
export function SavedViewsMenu({ views, currentQuery }: SavedViewsMenuProps) {
  const [state, action, saving] = useActionState<SaveViewState, FormData>(saveViewAction, {});
  const [deleting, startDelete] = useTransition();
  const [deleteMessage, setDeleteMessage] = useState<string | null>(null);
  const active = views.find((v) => v.query === currentQuery);
  return (
    <Popover
      label="Saved views"
      align="end"
      trigger={<span>{active ? `View: ${active.name}` : "Saved views"}</span>}
      triggerClassName={buttonClass("outline", "sm")}
      triggerProps={{ "data-testid": "saved-views" }}
      panelClassName="w-80"
    >
      {(close) => (
        <div className="flex flex-col gap-3">
          <section aria-labelledby="saved-views-heading" className="flex flex-col gap-1">
            <h2 id="saved-views-heading" className="text-sm font-medium">
              Your views
            </h2>
            {views.length === 0 ? (
              <p className="text-sm text-muted-foreground">No saved views yet.</p>
            ) : (
              <ul className="flex max-h-56 flex-col gap-0.5 overflow-y-auto">
                {views.map((v) => (
                  <li key={v.id} className="flex items-center gap-1">
                    <Link
                      href={v.query ? `/accounts?${v.query}` : "/accounts"}
                      className="flex-1 truncate rounded px-1.5 py-1 text-sm hover:bg-muted"
                      aria-current={v.id === active?.id ? "true" : undefined}
                      onClick={close}
                    >
                      {v.name}
                    </Link>
                    <button
                      type="button"
                      className={buttonClass("ghost", "sm", "h-7 px-2 text-muted-foreground")}
                      aria-label={`Delete view ${v.name}`}
                      disabled={deleting}
                      onClick={() =>
                        startDelete(async () => {
                          const res = await deleteViewAction(v.id);
                          setDeleteMessage(res.ok ? null : res.message);
                        })
                      }
                    >
                      ✕
                    </button>
                  </li>
                ))}
              </ul>
            )}
            {deleteMessage ? (
              <p role="alert" className="text-sm text-destructive">
                {deleteMessage}
              </p>
            ) : null}
          </section>
          <form action={action} className="flex flex-col gap-1.5 border-t pt-3">
            <input type="hidden" name="query" value={currentQuery} />
            <Label htmlFor="saved-view-name">Save the current view as</Label>
            <div className="flex gap-2">
              <Input
                id="saved-view-name"
                name="name"
                required
                maxLength={60}
                defaultValue={state.ok ? "" : state.name}
                key={state.ok ? state.message : "editing"}
                placeholder="e.g. My A-band software"
                aria-invalid={state.fieldErrors?.name ? true : undefined}
                aria-describedby={state.fieldErrors?.name ? "saved-view-name-error" : undefined}
                className="h-8"
              />
              <Button type="submit" size="sm" disabled={saving}>
                {saving ? "Saving…" : "Save"}
              </Button>
            </div>
            <FieldError id="saved-view-name-error" errors={state.fieldErrors?.name} />
            {state.message && !state.fieldErrors ? (
              <p role="status" className={state.ok ? "text-sm text-success" : "text-sm text-destructive"}>
                {state.message}
              </p>
            ) : null}
          </form>
        </div>
      )}
    </Popover>
  );
}
