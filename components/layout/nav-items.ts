import type { Permission } from "@/lib/auth/policy";

export interface NavItem {
  href: string;
  label: string;
  permission: Permission;
}

/** The sidebar: only pages that exist are listed, each shown to the roles that may open it. */
export const NAV_ITEMS: NavItem[] = [
  { href: "/accounts", label: "Accounts", permission: "accounts:read" },
  { href: "/models", label: "Models", permission: "models:read" },
  { href: "/insights", label: "Insights", permission: "insights:read" },
  { href: "/guide", label: "Guide", permission: "accounts:read" },
  { href: "/notifications", label: "Notifications", permission: "accounts:read" },
  { href: "/imports", label: "Imports", permission: "imports:run" },
  { href: "/api-docs", label: "API", permission: "api-docs:read" },
  { href: "/settings", label: "Settings", permission: "settings:manage" },
];
