"use client";

import { useId, useState } from "react";
import { cn } from "@/components/ui/cn";
import { FieldError, Input, Label, Select } from "@/components/ui/input";

/** Field errors of the definition, keyed by path (`criteria.3.points`). */
export type Errors = Record<string, string[]>;

/** A DOM id for a definition path, so the error summary can link to the field. */
export const fieldId = (path: string) => `f-${path.replace(/[^A-Za-z0-9_-]/g, "-")}`;

interface BaseProps {
  label: string;
  path: string;
  errors: Errors;
  disabled?: boolean;
  hint?: string;
  className?: string;
}

function useFieldIds(path: string, errors: Errors, hint?: string) {
  const id = fieldId(path);
  const errs = errors[path];
  const errorId = `${id}-error`;
  const hintId = `${id}-hint`;
  const describedBy = [errs?.length ? errorId : null, hint ? hintId : null].filter(Boolean).join(" ") || undefined;
  return { id, errs, errorId, hintId, describedBy, invalid: errs?.length ? true : undefined };
}

function Hint({ id, hint }: { id: string; hint?: string }) {
  return hint ? (
    <p id={id} className="text-xs text-muted-foreground">
      {hint}
    </p>
  ) : null;
}

/** A text input bound to a string. */
export function TextField({ label, path, errors, disabled, hint, className, value, onChange, maxLength }: BaseProps & { value: string; onChange: (v: string) => void; maxLength?: number }) {
  const f = useFieldIds(path, errors, hint);
  return (
    <div className={cn("flex flex-col gap-1", className)}>
      <Label htmlFor={f.id}>{label}</Label>
      <Input id={f.id} value={value} maxLength={maxLength} disabled={disabled} aria-invalid={f.invalid} aria-describedby={f.describedBy} onChange={(e) => onChange(e.target.value)} />
      <Hint id={f.hintId} hint={hint} />
      <FieldError id={f.errorId} errors={f.errs} />
    </div>
  );
}

const formatNumber = (v: number | undefined) => (v === undefined || Number.isNaN(v) ? "" : String(v));

/**
 * A number input (with an optional slider) bound to a number. The text is kept while typing, so
 * "1." or "-" are not rewritten; an empty field means "not set" (undefined) and anything that is
 * not a number becomes NaN, which validation reports at this field.
 */
export function NumberField({
  label,
  path,
  errors,
  disabled,
  hint,
  className,
  value,
  onChange,
  step,
  slider,
  unit,
}: BaseProps & { value: number | undefined; onChange: (v: number | undefined) => void; step?: number; slider?: { min: number; max: number; step?: number }; unit?: string }) {
  const f = useFieldIds(path, errors, hint);
  const [text, setText] = useState(formatNumber(value));
  // Follow outside changes (slider, loading another version) without fighting the typist.
  const parsed = text.trim() === "" ? undefined : Number(text);
  if (!(parsed === value || (parsed !== undefined && value !== undefined && Number.isNaN(parsed) && Number.isNaN(value)))) {
    setText(formatNumber(value));
  }
  const set = (t: string) => {
    setText(t);
    onChange(t.trim() === "" ? undefined : Number(t));
  };
  return (
    <div className={cn("flex flex-col gap-1", className)}>
      <Label htmlFor={f.id}>{label}</Label>
      <div className="flex items-center gap-2">
        {slider ? (
          <input
            type="range"
            aria-label={`${label} slider`}
            className="h-2 min-w-0 flex-1 cursor-pointer accent-[var(--primary)] disabled:cursor-default"
            min={slider.min}
            max={slider.max}
            step={slider.step ?? step ?? 1}
            value={value !== undefined && Number.isFinite(value) ? Math.min(slider.max, Math.max(slider.min, value)) : slider.min}
            disabled={disabled}
            onChange={(e) => set(e.target.value)}
          />
        ) : null}
        <div className={slider ? "w-20 shrink-0" : "min-w-0 flex-1"}>
          <Input
            id={f.id}
            inputMode="decimal"
            className={slider ? "text-right tabular-nums" : "tabular-nums"}
            value={text}
            disabled={disabled}
            aria-invalid={f.invalid}
            aria-describedby={f.describedBy}
            onChange={(e) => set(e.target.value)}
          />
        </div>
        {unit ? <span className="text-sm text-muted-foreground">{unit}</span> : null}
      </div>
      <Hint id={f.hintId} hint={hint} />
      <FieldError id={f.errorId} errors={f.errs} />
    </div>
  );
}

/** A select bound to a string. */
export function SelectField({
  label,
  path,
  errors,
  disabled,
  hint,
  className,
  value,
  onChange,
  options,
}: BaseProps & { value: string; onChange: (v: string) => void; options: readonly { value: string; label: string }[] }) {
  const f = useFieldIds(path, errors, hint);
  const known = options.some((o) => o.value === value);
  return (
    <div className={cn("flex flex-col gap-1", className)}>
      <Label htmlFor={f.id}>{label}</Label>
      <Select id={f.id} value={value} disabled={disabled} aria-invalid={f.invalid} aria-describedby={f.describedBy} onChange={(e) => onChange(e.target.value)}>
        {known ? null : <option value={value}>{value}</option>}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </Select>
      <Hint id={f.hintId} hint={hint} />
      <FieldError id={f.errorId} errors={f.errs} />
    </div>
  );
}

/**
 * A list of values as removable chips plus an input that adds one (Enter or comma), with the
 * values seen in the data offered as suggestions.
 */
export function ListField({
  label,
  path,
  errors,
  disabled,
  hint,
  className,
  values,
  onChange,
  suggestions = [],
  numeric,
}: BaseProps & { values: readonly (string | number)[]; onChange: (v: (string | number)[]) => void; suggestions?: readonly string[]; numeric?: boolean }) {
  const f = useFieldIds(path, errors, hint);
  const listId = useId();
  const [draft, setDraft] = useState("");
  const add = (raw: string) => {
    const parts = raw
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean);
    if (!parts.length) return;
    const next = [...values];
    for (const p of parts) {
      const v = numeric && p !== "" && Number.isFinite(Number(p)) ? Number(p) : p;
      if (!next.some((x) => String(x).toLowerCase() === String(v).toLowerCase())) next.push(v);
    }
    onChange(next);
    setDraft("");
  };
  return (
    <div className={cn("flex flex-col gap-1", className)}>
      <Label htmlFor={f.id}>{label}</Label>
      <div
        className={cn(
          "flex min-h-9 flex-wrap items-center gap-1 rounded-md border border-input bg-card px-1.5 py-1 shadow-xs focus-within:outline-2 focus-within:outline-ring",
          f.invalid && "border-destructive",
        )}
      >
        {values.map((v, k) => (
          <span key={`${v}-${k}`} className="inline-flex items-center gap-1 rounded bg-muted px-1.5 py-0.5 text-xs">
            {String(v)}
            {disabled ? null : (
              <button type="button" className="rounded text-muted-foreground hover:text-foreground" aria-label={`Remove ${v} from ${label}`} onClick={() => onChange(values.filter((_, j) => j !== k))}>
                ×
              </button>
            )}
          </span>
        ))}
        {disabled ? null : (
          <input
            id={f.id}
            list={listId}
            className="h-6 min-w-24 flex-1 bg-transparent px-1 text-sm outline-none placeholder:text-muted-foreground"
            placeholder={values.length ? "Add…" : "Type and press Enter"}
            value={draft}
            aria-invalid={f.invalid}
            aria-describedby={f.describedBy}
            onChange={(e) => {
              const t = e.target.value;
              // Picking a suggestion from the list adds it at once.
              if (suggestions.includes(t)) add(t);
              else if (t.endsWith(",")) add(t);
              else setDraft(t);
            }}
            onKeyDown={(e) => {
              if (e.key === "Enter") {
                e.preventDefault();
                add(draft);
              } else if (e.key === "Backspace" && draft === "" && values.length) onChange(values.slice(0, -1));
            }}
            onBlur={() => add(draft)}
          />
        )}
        <datalist id={listId}>
          {suggestions
            .filter((s) => !values.some((v) => String(v).toLowerCase() === s.toLowerCase()))
            .slice(0, 200)
            .map((s) => (
              <option key={s} value={s} />
            ))}
        </datalist>
      </div>
      <Hint id={f.hintId} hint={hint} />
      <FieldError id={f.errorId} errors={f.errs} />
    </div>
  );
}

/** A checkbox bound to a boolean. */
export function CheckboxField({ label, path, disabled, checked, onChange, className }: { label: string; path: string; disabled?: boolean; checked: boolean; onChange: (v: boolean) => void; className?: string }) {
  const id = fieldId(path);
  return (
    <label htmlFor={id} className={cn("inline-flex items-center gap-2 text-sm", className)}>
      <input id={id} type="checkbox" className="h-4 w-4 accent-[var(--primary)]" checked={checked} disabled={disabled} onChange={(e) => onChange(e.target.checked)} />
      {label}
    </label>
  );
}
