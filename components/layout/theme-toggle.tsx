"use client";

import { useTransition } from "react";
import { setThemeAction } from "@/app/actions";

export function ThemeToggle({ theme }: { theme: "light" | "dark" }) {
  const [pending, start] = useTransition();
  const next = theme === "dark" ? "light" : "dark";
  return (
    <button
      type="button"
      disabled={pending}
      onClick={() =>
        start(async () => {
          document.documentElement.classList.toggle("dark", next === "dark");
          await setThemeAction(next);
        })
      }
      className="inline-flex h-8 items-center gap-2 rounded-md px-2 text-sm text-muted-foreground hover:bg-muted hover:text-foreground"
      aria-label={`Switch to ${next} theme`}
    >
      {theme === "dark" ? "☀" : "☾"} <span className="hidden sm:inline">{next === "dark" ? "Dark" : "Light"} theme</span>
    </button>
  );
}
