/** Shapes the model pages hand to their client components (plain JSON). */
import type { EditorValues } from "@/db/queries/model-analysis";

export type EditorValuesProps = EditorValues;

/** The version being shown in the editor. */
export interface EditorVersion {
  id: number;
  version: number;
  status: "draft" | "published" | "archived";
  revision: number;
  definition: unknown;
  note: string | null;
  updatedAt: number;
  updatedBy: string | null;
  publishedAt: number | null;
  publishedBy: string | null;
}

export interface EditorModel {
  id: number;
  name: string;
  description: string | null;
  isPrimary: boolean;
  /** The live version, if any. */
  live: { id: number; version: number } | null;
  /** The model's draft, if any (may differ from the version shown). */
  draft: { id: number; version: number } | null;
}
