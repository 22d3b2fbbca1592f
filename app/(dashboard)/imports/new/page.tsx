import type { Metadata } from "next";
import Link from "next/link";
import { requirePageUser } from "@/app/_lib/guards";
import { importMaxBytes } from "@/db/jobs/import-files";
import { IMPORT_ENTITIES } from "@/lib/csv";
import { ENTITY_LABELS } from "@/lib/imports/format";
import { UploadForm } from "../_components/upload-form";

export const metadata: Metadata = { title: "New import" };

const HINTS: Record<(typeof IMPORT_ENTITIES)[number], string> = {
  accounts: "Companies, keyed by their CRM id. Unknown columns become custom attributes.",
  contacts: "People, each linked to an account by the account's id or web domain.",
  activities: "Web visits, downloads, demo requests… per account (and contact, if known).",
  intent_signals: "Research surges per account and topic, with a strength of 0–100.",
  opportunities: "Deals per account: open, won or lost, with amounts and dates.",
};

export default async function NewImportPage() {
  await requirePageUser("imports:run");
  const entities = IMPORT_ENTITIES.map((key) => ({ key, label: ENTITY_LABELS[key], hint: HINTS[key] }));
  return (
    <section className="mx-auto flex max-w-3xl flex-col gap-4">
      <nav aria-label="Breadcrumb" className="text-sm text-muted-foreground">
        <Link href="/imports" className="hover:text-foreground">Imports</Link> / New import
      </nav>
      <header>
        <h1 className="text-2xl font-semibold tracking-tight">New import</h1>
        <p className="text-sm text-muted-foreground">
          Step 1 of 3: choose what the file holds and upload it. Next you map its columns and check a preview; nothing is written until you start the import.
        </p>
      </header>
      <UploadForm entities={entities} maxBytes={importMaxBytes()} />
    </section>
  );
}
