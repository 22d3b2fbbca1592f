"use client";

import Link from "next/link";
import { useEffect, useState } from "react";

/** The key under which the list remembers its last URL (filters, sort, page) for this tab. */
export const LAST_LIST_KEY = "lodestar.accounts.lastList";

/** "← Accounts", back to the list as the user left it (same filters, sort and page). */
export function BackToList() {
  const [href, setHref] = useState("/accounts");
  useEffect(() => {
    const last = window.sessionStorage.getItem(LAST_LIST_KEY);
    if (last && last.startsWith("/accounts")) setHref(last);
  }, []);
  return (
    <Link href={href} className="text-muted-foreground hover:text-foreground hover:underline">
      ← Accounts
    </Link>
  );
}
