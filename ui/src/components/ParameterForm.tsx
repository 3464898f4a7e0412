// A settings form described by data: one FieldSpec per API field. It checks what is obvious on
// the client (a number, an integer, a range, HH:MM), sends the whole section, and shows the API's
// own validation messages beside the field they name (ApiError.fieldErrors) or above the form.
import { useEffect, useId, useState, type FormEvent } from "react";
import { isApiError } from "../lib/api";

export interface FieldSpec {
  /** The API field name; also the input's `name`. */
  name: string;
  label: string;
  kind: "number" | "integer" | "boolean" | "time" | "select";
  /** Shown under the input: the allowed range or what the value means. */
  hint?: string;
  unit?: string;
  min?: number;
  max?: number;
  /** The bound itself is not allowed (the API's exclusiveMinimum / exclusiveMaximum). */
  minExclusive?: boolean;
  maxExclusive?: boolean;
  step?: number;
  options?: { value: string; label: string }[];
}

export interface FormText {
  save: string;
  saving: string;
  saved: string;
  reset: string;
  required: string;
  notNumber: string;
  notInteger: string;
  time: string;
  outOfRange: string;
  rejected: (message: string) => string;
  /** A legend, e.g. "Entry rule"; optional. */
  title?: string;
}

type Values = Record<string, unknown>;
type Draft = Record<string, string | boolean>;

function toDraft(fields: FieldSpec[], value: Values): Draft {
  const draft: Draft = {};
  for (const field of fields) {
    const current = value[field.name];
    draft[field.name] = field.kind === "boolean" ? Boolean(current) : current === undefined || current === null ? "" : String(current);
  }
  return draft;
}

/**
 * The client's opinion of one field, or null when it looks fine. A value that cannot be sent
 * (empty, not a number, not HH:MM) blocks the save; one outside the documented range is only a
 * warning, so the API, which owns the rules, still answers with its own message.
 */
export function checkField(field: FieldSpec, raw: string | boolean, text: FormText): { message: string; blocking: boolean } | null {
  if (field.kind === "boolean" || field.kind === "select") return null;
  const input = String(raw).trim();
  if (input === "") return { message: text.required, blocking: true };
  if (field.kind === "time") return /^([01]\d|2[0-3]):[0-5]\d$/.test(input) ? null : { message: text.time, blocking: true };
  const number = Number(input);
  if (!Number.isFinite(number)) return { message: text.notNumber, blocking: true };
  if (field.kind === "integer" && !Number.isInteger(number)) return { message: text.notInteger, blocking: true };
  const low = field.min !== undefined && (field.minExclusive ? number <= field.min : number < field.min);
  const high = field.max !== undefined && (field.maxExclusive ? number >= field.max : number > field.max);
  return low || high ? { message: `${text.outOfRange}${field.hint ? ` (${field.hint})` : ""}`, blocking: false } : null;
}

/** The API names a field `top_n`, `strategy.window_end` or `$.top_n`: keep the last part. */
export function fieldKey(key: string): string {
  return key.replace(/^\$\./, "").split(".").at(-1) ?? key;
}

interface Props {
  fields: FieldSpec[];
  value: Values;
  onSave: (next: Values) => Promise<unknown>;
  text: FormText;
  testId: string;
  saveTestId?: string;
}

export function ParameterForm({ fields, value, onSave, text, testId, saveTestId }: Props) {
  const formId = useId();
  const [draft, setDraft] = useState<Draft>(() => toDraft(fields, value));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [status, setStatus] = useState<"idle" | "saving" | "saved">("idle");
  const serverKey = JSON.stringify(value);

  // A fresh answer from the API (after a save, or another client's change) replaces the draft.
  useEffect(() => {
    setDraft(toDraft(fields, value));
  }, [serverKey]);

  const change = (name: string, next: string | boolean) => {
    setDraft((old) => ({ ...old, [name]: next }));
    setStatus("idle");
    setErrors((old) => {
      if (!(name in old)) return old;
      const rest = { ...old };
      delete rest[name];
      return rest;
    });
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const found: Record<string, string> = {};
    for (const field of fields) {
      const problem = checkField(field, draft[field.name] ?? "", text);
      if (problem?.blocking) found[field.name] = problem.message;
    }
    setErrors(found);
    setFormError(null);
    if (Object.keys(found).length > 0) {
      document.getElementById(`${formId}-${Object.keys(found)[0]}`)?.focus();
      return;
    }
    const body: Values = { ...value };
    for (const field of fields) {
      const raw = draft[field.name];
      body[field.name] = field.kind === "number" || field.kind === "integer" ? Number(raw) : raw;
    }
    setStatus("saving");
    try {
      await onSave(body);
      setStatus("saved");
    } catch (error) {
      setStatus("idle");
      const message = error instanceof Error ? error.message : String(error);
      const byField: Record<string, string> = {};
      if (isApiError(error)) {
        for (const [key, text] of Object.entries(error.fieldErrors)) byField[fieldKey(key)] = text;
      }
      const known = Object.keys(byField).filter((name) => fields.some((field) => field.name === name));
      setErrors(byField);
      setFormError(text.rejected(message));
      if (known[0]) document.getElementById(`${formId}-${known[0]}`)?.focus();
    }
  };

  return (
    <form data-testid={testId} noValidate onSubmit={(event) => void submit(event)} className="space-y-4">
      {formError ? (
        <p role="alert" className="rounded border border-red-300 bg-red-50 p-3 text-sm text-red-800 dark:bg-red-950 dark:text-red-200">
          {formError}
        </p>
      ) : null}
      <fieldset className="grid gap-4 sm:grid-cols-2">
        {text.title ? <legend className="mb-2 text-base font-semibold">{text.title}</legend> : null}
        {fields.map((field) => {
          const id = `${formId}-${field.name}`;
          const raw = draft[field.name];
          const error = errors[field.name] ?? (raw === undefined ? undefined : checkField(field, raw, text)?.message);
          const described = [field.hint ? `${id}-hint` : "", error ? `${id}-error` : ""].filter(Boolean).join(" ") || undefined;
          if (field.kind === "boolean") {
            return (
              <div key={field.name} className="flex items-start gap-2">
                <input
                  id={id}
                  name={field.name}
                  type="checkbox"
                  checked={raw === true}
                  aria-describedby={described}
                  onChange={(event) => change(field.name, event.target.checked)}
                  className="mt-1 h-4 w-4"
                />
                <div>
                  <label htmlFor={id} className="text-sm font-medium">
                    {field.label}
                  </label>
                  {field.hint ? (
                    <p id={`${id}-hint`} className="text-xs text-slate-500">
                      {field.hint}
                    </p>
                  ) : null}
                  {error ? (
                    <p id={`${id}-error`} className="text-xs text-red-700 dark:text-red-300" data-field-error={field.name}>
                      {error}
                    </p>
                  ) : null}
                </div>
              </div>
            );
          }
          const common = {
            id,
            name: field.name,
            "aria-invalid": error ? true : undefined,
            "aria-describedby": described,
            className: `w-full rounded border px-2 py-1.5 text-sm tabular-nums dark:bg-slate-900 ${error ? "border-red-500" : "border-slate-300 dark:border-slate-700"}`,
          };
          return (
            <div key={field.name}>
              {/* The unit sits outside the label so the accessible name is the trader's term alone. */}
              <div className="mb-1 flex items-baseline gap-1">
                <label htmlFor={id} className="text-sm font-medium">
                  {field.label}
                </label>
                {field.unit ? <span className="text-xs text-slate-500">({field.unit})</span> : null}
              </div>
              {field.kind === "select" ? (
                <select {...common} value={String(raw)} onChange={(event) => change(field.name, event.target.value)}>
                  {field.options?.map((option) => (
                    <option key={option.value} value={option.value}>
                      {option.label}
                    </option>
                  ))}
                </select>
              ) : (
                <input
                  {...common}
                  type="text"
                  inputMode={field.kind === "time" ? "numeric" : "decimal"}
                  placeholder={field.kind === "time" ? "HH:MM" : undefined}
                  autoComplete="off"
                  value={String(raw)}
                  onChange={(event) => change(field.name, event.target.value)}
                />
              )}
              {field.hint ? (
                <p id={`${id}-hint`} className="mt-1 text-xs text-slate-500">
                  {field.hint}
                </p>
              ) : null}
              {error ? (
                <p id={`${id}-error`} className="mt-1 text-xs text-red-700 dark:text-red-300" data-field-error={field.name}>
                  {error}
                </p>
              ) : null}
            </div>
          );
        })}
      </fieldset>
      <div className="flex flex-wrap items-center gap-3">
        <button
          type="submit"
          data-testid={saveTestId}
          disabled={status === "saving"}
          className="rounded bg-blue-700 px-4 py-2 text-sm font-semibold text-white hover:bg-blue-800 disabled:opacity-50"
        >
          {status === "saving" ? text.saving : text.save}
        </button>
        <button
          type="button"
          onClick={() => {
            setDraft(toDraft(fields, value));
            setErrors({});
            setFormError(null);
            setStatus("idle");
          }}
          className="rounded border border-slate-300 px-4 py-2 text-sm dark:border-slate-700"
        >
          {text.reset}
        </button>
        <span role="status" className="text-sm text-emerald-700 dark:text-emerald-400">
          {status === "saved" ? text.saved : ""}
        </span>
      </div>
    </form>
  );
}
