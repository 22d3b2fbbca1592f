"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getDb } from "@/db/client";
import { deleteView, saveView } from "@/db/mutations/saved-views";
import { requirePermission } from "@/lib/auth/session";
import { toActionResult, type ActionResult, type FieldErrors } from "@/lib/errors";
import { parseAccountListParams, serializeAccountListState } from "./search-params";

export interface SaveViewState {
  ok?: boolean;
  message?: string;
  fieldErrors?: FieldErrors;
  /** the saved view's name, echoed so the form can keep it after an error */
  name?: string;
}

/** Saves the current list state (filters, sort, columns) under a name for the signed-in user. */
export async function saveViewAction(_prev: SaveViewState, formData: FormData): Promise<SaveViewState> {
  const name = String(formData.get("name") ?? "");
  try {
    const user = await requirePermission("accounts:read");
    // Store the canonical form of whatever was sent: only what the list understands, page dropped.
    const { state } = parseAccountListParams(new URLSearchParams(String(formData.get("query") ?? "")));
    const query = serializeAccountListState({ ...state, page: 1 }, { includePage: false });
    const view = await saveView(getDb(), user.id, { name, query });
    revalidatePath("/accounts");
    return { ok: true, message: `Saved “${view.name}”.` };
  } catch (err) {
    return { ...toActionResult(err), name };
  }
}

/** Deletes one of the signed-in user's saved views. */
export async function deleteViewAction(viewId: unknown): Promise<ActionResult> {
  try {
    const user = await requirePermission("accounts:read");
    const id = z.coerce.number().int().positive().parse(viewId);
    await deleteView(getDb(), user.id, id);
    revalidatePath("/accounts");
    return { ok: true, message: "View deleted." };
  } catch (err) {
    if (err instanceof z.ZodError) return { ok: false, message: "That view does not exist." };
    return toActionResult(err);
  }
}
