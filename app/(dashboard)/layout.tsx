import { cookies } from "next/headers";
import Link from "next/link";
import { requirePageUser } from "@/app/_lib/guards";
import { signOutAction } from "@/app/actions";
import { NAV_ITEMS } from "@/components/layout/nav-items";
import { LodestarMark } from "@/components/layout/logo";
import { SidebarNav } from "@/components/layout/sidebar-nav";
import { ThemeToggle } from "@/components/layout/theme-toggle";
import { can } from "@/lib/auth/policy";

const ROLE_LABEL = { admin: "Admin", marketing: "Marketing", manager: "Manager", sales: "Sales" } as const;

export default async function DashboardLayout({ children }: { children: React.ReactNode }) {
  const user = await requirePageUser();
  const theme = (await cookies()).get("theme")?.value === "dark" ? "dark" : "light";
  const items = NAV_ITEMS.filter((i) => can(user.role, i.permission)).map(({ href, label }) => ({ href, label }));
  return (
    <div className="flex min-h-screen flex-col md:flex-row">
      <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-card focus:px-3 focus:py-2">
        Skip to content
      </a>
      <aside className="flex shrink-0 flex-col gap-4 border-b bg-card px-3 py-3 md:sticky md:top-0 md:h-screen md:w-56 md:border-b-0 md:border-r md:py-5">
        <Link href="/accounts" className="flex items-center gap-2 px-2 text-lg font-semibold tracking-tight">
          <LodestarMark className="h-7 w-7" /> Lodestar
        </Link>
        <SidebarNav items={items} />
        <div className="mt-auto hidden flex-col gap-2 border-t pt-3 md:flex">
          <div className="px-2 text-sm">
            <div className="truncate font-medium" data-testid="current-user">{user.name}</div>
            <div className="truncate text-xs text-muted-foreground">
              {user.email} · <span data-testid="current-role">{ROLE_LABEL[user.role]}</span>
            </div>
          </div>
          <ThemeToggle theme={theme} />
          <form action={signOutAction}>
            <button type="submit" className="h-8 w-full rounded-md px-2 text-left text-sm text-muted-foreground hover:bg-muted hover:text-foreground">
              Sign out
            </button>
          </form>
        </div>
      </aside>
      <main id="main" className="min-w-0 flex-1 px-4 py-6 md:px-8">
        {children}
      </main>
    </div>
  );
}
