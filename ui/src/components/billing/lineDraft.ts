// An invoice line as typed (text in every box) and its conversion to the InvoiceLineInput Rust
// takes. Amounts and percentages are read from the text (lib/money.ts), never through floats.
import type { InvoiceDraftInput } from "../../bindings/InvoiceDraftInput";
import type { InvoiceLineInput } from "../../bindings/InvoiceLineInput";
import type { Service } from "../../bindings/Service";
import { amountInputText, parseMoney, parsePercentBp, parseScaled, percentText } from "../../lib/money";
import { priceLine, type LineFigures } from "../../lib/invoiceMath";

export interface LineDraft {
  serviceId: string | null;
  description: string;
  quantity: string;
  /** The unit price as typed, in major units ("33.33"). */
  price: string;
  /** Percentages as typed ("10", "7.7"); blank is 0. */
  discount: string;
  tax: string;
}

export const BLANK_LINE: LineDraft = { serviceId: null, description: "", quantity: "1", price: "", discount: "", tax: "" };

/** The key of a line's field in Rust's field errors: `lines[2].unitPriceMinor`. */
export function lineKey(i: number, field: keyof InvoiceLineInput): string {
  return `lines[${i}].${field}`;
}

export function isBlankLine(l: LineDraft): boolean {
  return l.serviceId === null && l.description.trim() === "" && l.price.trim() === "";
}

/** A saved or pre-filled line, as the editor shows it. */
export function lineFromInput(l: InvoiceLineInput, currency: string): LineDraft {
  return {
    serviceId: l.serviceId,
    description: l.description,
    quantity: String(l.quantity),
    price: amountInputText(l.unitPriceMinor, currency),
    discount: l.discountBp === 0 ? "" : percentText(l.discountBp),
    tax: l.taxRateBp === 0 ? "" : percentText(l.taxRateBp),
  };
}

/** The line after picking a service: its name, price and tax rate (the discount stays). */
export function lineWithService(l: LineDraft, s: Service, currency: string): LineDraft {
  return { ...l, serviceId: s.id, description: s.name, price: amountInputText(s.priceMinor, currency), tax: s.taxRateBp === 0 ? "" : percentText(s.taxRateBp) };
}

const percent = (text: string) => (text.trim() === "" ? 0 : parsePercentBp(text));

/** The line's figures for the live totals; what cannot be read yet counts as 0. */
export function previewLine(l: LineDraft, currency: string): LineFigures {
  return priceLine({
    quantity: parseScaled(l.quantity, 0) ?? 0,
    unitPriceMinor: parseMoney(l.price, currency) ?? 0,
    discountBp: percent(l.discount) ?? 0,
    taxRateBp: percent(l.tax) ?? 0,
  });
}

/**
 * The lines as Rust takes them, or the errors of what cannot be read as a number (keyed like
 * Rust's, so they show in the same place). Ranges are Rust's to check.
 */
export function toLineInputs(lines: readonly LineDraft[], currency: string): { lines: InvoiceLineInput[]; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const out = lines.map((l, i): InvoiceLineInput => {
    const quantity = parseScaled(l.quantity, 0);
    const unitPriceMinor = parseMoney(l.price, currency);
    const discountBp = percent(l.discount);
    const taxRateBp = percent(l.tax);
    if (quantity === null) errors[lineKey(i, "quantity")] = "Enter a whole number of units";
    if (unitPriceMinor === null) errors[lineKey(i, "unitPriceMinor")] = l.price.trim() === "" ? "Enter the unit price" : "Enter an amount like 12.50";
    if (discountBp === null) errors[lineKey(i, "discountBp")] = "Enter a percentage from 0 to 100, like 10 or 7.5";
    if (taxRateBp === null) errors[lineKey(i, "taxRateBp")] = "Enter a percentage from 0 to 100, like 20 or 7.7";
    return {
      serviceId: l.serviceId,
      description: l.description.trim(),
      quantity: quantity ?? 0,
      unitPriceMinor: unitPriceMinor ?? 0,
      discountBp: discountBp ?? 0,
      taxRateBp: taxRateBp ?? 0,
    };
  });
  return { lines: out, errors };
}

/** Everything the editor holds. */
export interface EditorDraft {
  lines: LineDraft[];
  notes: string;
  dueDays: string;
}

/** The draft as Rust takes it, or the errors of what cannot be read. */
export function toDraftInput(d: EditorDraft, currency: string): { draft: InvoiceDraftInput; errors: Record<string, string> } {
  const { lines, errors } = toLineInputs(d.lines, currency);
  const dueDays = parseScaled(d.dueDays, 0);
  if (dueDays === null) errors.dueDays = "Enter a number of days, 0 for due on issue";
  const notes = d.notes.trim();
  return { draft: { lines, notes: notes === "" ? null : notes, dueDays: dueDays ?? 0 }, errors };
}

/** Every field key the editor can place an error under. */
export function editorFieldKeys(count: number): string[] {
  const keys = ["lines", "notes", "dueDays"];
  const fields: (keyof InvoiceLineInput)[] = ["serviceId", "description", "quantity", "unitPriceMinor", "discountBp", "taxRateBp"];
  for (let i = 0; i < count; i++) for (const f of fields) keys.push(lineKey(i, f));
  return keys;
}
