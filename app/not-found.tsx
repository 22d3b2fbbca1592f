import Link from "next/link";
import { buttonClass } from "@/components/ui/button";

export default function NotFound() {
  return (
    <main className="mx-auto flex min-h-[60vh] max-w-md flex-col items-center justify-center gap-4 text-center">
      <p className="text-sm font-semibold text-muted-foreground">404</p>
      <h1 className="text-2xl font-semibold">Not found</h1>
      <p className="text-muted-foreground">That page or record doesn&apos;t exist, or it was removed.</p>
      <Link href="/accounts" className={buttonClass("outline")}>
        Back to accounts
      </Link>
    </main>
  );
}
