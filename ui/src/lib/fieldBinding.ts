// The wiring every form repeats on its inputs: a draft field's value, its onChange, its field
// error from Rust and the test ids (`{prefix}-{field}` on the input, `{prefix}-error-{field}` on
// the error).
import { useState, type ChangeEvent } from "react";

/** Test ids for a form's field errors: `{prefix}-error-{field}`. */
export function errorTestId(prefix: string, field: string) {
  return { "data-testid": `${prefix}-error-${field}` };
}

/** Keys of text fields (any string, maybe null), of selects (a string union) and of NumberInputs. */
type TextKey<D> = { [K in keyof D]-?: string extends D[K] ? (D[K] extends string | null ? K : never) : never }[keyof D] & string;
type SelectKey<D> = { [K in keyof D]-?: D[K] extends string ? K : never }[keyof D] & string;
type NumberKey<D> = { [K in keyof D]-?: number | string extends D[K] ? K : never }[keyof D] & string;

interface Wiring<V, E> {
  value: V;
  onChange: (e: E) => void;
  error: string | undefined;
  errorProps: { "data-testid": string };
  "data-testid": string;
}

/** Props for a TextInput or Textarea (a null value shows as ""). */
export type TextBinding = Wiring<string, ChangeEvent<HTMLInputElement | HTMLTextAreaElement>>;
/** Props for a NativeSelect whose options are the field's values. */
export type SelectBinding<V> = Wiring<V, ChangeEvent<HTMLSelectElement>>;
/** Props for a NumberInput: its value as typed, a number or a string. */
export type NumberBinding = Wiring<number | string, number | string>;

export interface FieldBinder<D> {
  /** A TextInput or Textarea bound to `name`; the test id is `{prefix}-{name}` unless given. */
  <K extends TextKey<D>>(name: K, testId?: string): TextBinding;
  select<K extends SelectKey<D>>(name: K, testId?: string): SelectBinding<D[K]>;
  number<K extends NumberKey<D>>(name: K, testId?: string): NumberBinding;
}

/**
 * Binds a form's inputs to its draft: `<TextInput label="Dose" {...field("dose")} />`,
 * `<NativeSelect {...field.select("route")} />`, `<NumberInput {...field.number("refills")} />`.
 */
export function bindFields<D>(
  draft: D,
  set: (patch: Partial<D>) => void,
  fields: Readonly<Record<string, string>>,
  prefix: string,
): FieldBinder<D> {
  const wiring = <K extends keyof D & string, V, E>(name: K, value: V, toValue: (e: E) => D[K], testId?: string): Wiring<V, E> => ({
    value,
    onChange: (e: E) => set({ [name]: toValue(e) } as unknown as Partial<D>),
    error: fields[name],
    errorProps: errorTestId(prefix, name),
    "data-testid": testId ?? `${prefix}-${name}`,
  });
  const text = <K extends TextKey<D>>(name: K, testId?: string): TextBinding =>
    wiring(
      name,
      (draft[name] as string | null) ?? "",
      (e: ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) => e.currentTarget.value as D[K],
      testId,
    );
  return Object.assign(text, {
    select: <K extends SelectKey<D>>(name: K, testId?: string): SelectBinding<D[K]> =>
      wiring(name, draft[name], (e: ChangeEvent<HTMLSelectElement>) => e.currentTarget.value as D[K], testId),
    number: <K extends NumberKey<D>>(name: K, testId?: string): NumberBinding =>
      wiring(name, draft[name] as number | string, (v: number | string) => v as D[K], testId),
  });
}

/** A form's draft and `set`, which merges a patch into it (`reset` replaces it whole). */
export function useDraft<D>(initial: D | (() => D)) {
  const [draft, reset] = useState<D>(initial);
  const set = (patch: Partial<D>) => reset((d) => ({ ...d, ...patch }));
  return { draft, set, reset };
}
