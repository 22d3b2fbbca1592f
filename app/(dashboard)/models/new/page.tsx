import type { Metadata } from "next";
import Link from "next/link";
import { requirePageUser } from "@/app/_lib/guards";
import { getDb } from "@/db/client";
import { listModels } from "@/db/queries/models";
import { NewModelForm } from "../_components/new-model-form";

export const metadata: Metadata = { title: "New model" };

export default async function NewModelPage() {
  await requirePageUser("models:write");
  const models = await listModels(getDb());
  const sources = models.filter((m) => m.published).map((m) => ({ id: m.id, label: `Copy of ${m.name} (live version ${m.published!.version})` }));
  return (
    <section className="mx-auto flex max-w-2xl flex-col gap-4">
      <nav aria-label="Breadcrumb" className="text-sm text-muted-foreground">
        <Link href="/models" className="hover:underline">
          Models
        </Link>
      </nav>
      <h1 className="text-2xl font-semibold tracking-tight">New scoring model</h1>
      <p className="text-sm text-muted-foreground">
        A new model starts as a draft from the ideal-customer-profile template: target industries and company size, recent high-intent engagement with
        decay, intent surges, buying-committee coverage and deal history. Its bands are calibrated on your accounts (about 5 % in A, 15 % in B, 30 % in C).
        Nothing changes for anyone until you publish it.
      </p>
      <NewModelForm sources={sources} />
    </section>
  );
}
