"use client";

import { useEffect, useId, useRef, useState } from "react";
import { cn } from "./cn";

export interface PopoverProps {
  /** Content of the trigger button. */
  trigger: React.ReactNode;
  /** Accessible name of the trigger when its content is not enough (e.g. an icon). */
  triggerLabel?: string;
  triggerClassName?: string;
  /** Accessible name of the panel. */
  label: string;
  children: React.ReactNode | ((close: () => void) => React.ReactNode);
  align?: "start" | "end";
  panelClassName?: string;
  /** Extra attributes of the trigger (e.g. data-testid). */
  triggerProps?: React.ButtonHTMLAttributes<HTMLButtonElement> & Record<`data-${string}`, string>;
}

/**
 * A non-modal popover (disclosure pattern): the trigger toggles a panel below it; opening moves focus
 * to the panel's first control; Escape or a click outside closes it and focus returns to the trigger.
 */
export function Popover({ trigger, triggerLabel, triggerClassName, label, children, align = "start", panelClassName, triggerProps }: PopoverProps) {
  const [open, setOpen] = useState(false);
  const id = useId();
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const panel = useRef<HTMLDivElement>(null);
  const close = (focusTrigger = true) => {
    setOpen(false);
    if (focusTrigger) button.current?.focus();
  };

  useEffect(() => {
    if (!open) return;
    const first = panel.current?.querySelector<HTMLElement>("input, select, textarea, button, a[href], [tabindex]:not([tabindex='-1'])");
    (first ?? panel.current)?.focus();
    const onDown = (e: PointerEvent) => {
      if (root.current && !root.current.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener("pointerdown", onDown);
    return () => document.removeEventListener("pointerdown", onDown);
  }, [open]);

  return (
    <div
      ref={root}
      className="relative"
      onKeyDown={(e) => {
        if (e.key === "Escape" && open) {
          e.stopPropagation();
          close();
        }
      }}
    >
      <button
        ref={button}
        type="button"
        aria-expanded={open}
        aria-controls={`${id}-panel`}
        aria-label={triggerLabel}
        onClick={() => setOpen((o) => !o)}
        className={triggerClassName}
        {...triggerProps}
      >
        {trigger}
      </button>
      {open ? (
        <div
          ref={panel}
          id={`${id}-panel`}
          role="group"
          aria-label={label}
          tabIndex={-1}
          className={cn(
            "absolute top-full z-30 mt-1 min-w-56 rounded-md border bg-card p-3 text-card-foreground shadow-lg outline-none",
            align === "end" ? "right-0" : "left-0",
            panelClassName,
          )}
        >
          {typeof children === "function" ? children(() => close()) : children}
        </div>
      ) : null}
    </div>
  );
}
