"use server";

import { cookies } from "next/headers";
import { signOut } from "@/lib/auth";

/** Remembers the colour theme in a cookie so the server renders it without a flash. Not data: open to anyone. */
export async function setThemeAction(theme: "light" | "dark"): Promise<void> {
  (await cookies()).set("theme", theme === "dark" ? "dark" : "light", { path: "/", sameSite: "lax", maxAge: 60 * 60 * 24 * 365 });
}

/** Ends the session and returns to the sign-in page. */
export async function signOutAction(): Promise<void> {
  await signOut({ redirectTo: "/login" });
}
