import Link from "next/link";
import { buttonClass } from "@/components/ui/button";

export default function Forbidden() {
  return (
    <main className="mx-auto flex min-h-[60vh] max-w-md flex-col items-center justify-center gap-4 text-center">
      <p className="text-sm font-semibold text-muted-foreground">403</p>
      <h1 className="text-2xl font-semibold">You don&apos;t have access to this page</h1>
      <p className="text-muted-foreground">Your role doesn&apos;t include it. Ask an admin if you need it.</p>
      <Link href="/accounts" className={buttonClass("outline")}>
        Back to accounts
      </Link>
    </main>
  );
}
