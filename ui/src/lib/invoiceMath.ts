// The invoice rule of clinic-core (billing/invoice.rs), for the editor's live totals. Only a
// preview: the InvoiceView Rust returns after saving is the truth.
//
// A line: subtotal = quantity × unit price; discount = discount bp of the subtotal; net =
// subtotal − discount; tax = tax bp of the net; total = net + tax. Discount and tax are each
// rounded to the minor unit on the line, halves away from zero; the invoice's figures are the
// sums of the lines' rounded figures. Products are taken in BigInt, so nothing drifts.
import type { InvoiceLineInput } from "../bindings/InvoiceLineInput";
import type { InvoiceTotals } from "../bindings/InvoiceTotals";

const BP_PER_WHOLE = 10_000n;

/** `rateBp` basis points of `amountMinor`, rounded half away from zero (clinic-core `percent_of`). */
export function percentOf(amountMinor: number, rateBp: number): number {
  const product = BigInt(Math.trunc(amountMinor)) * BigInt(Math.trunc(rateBp));
  const quotient = product / BP_PER_WHOLE; // truncates toward zero
  const remainder = product % BP_PER_WHOLE;
  const abs = remainder < 0n ? -remainder : remainder;
  const sign = product < 0n ? -1n : 1n;
  return Number(abs * 2n >= BP_PER_WHOLE ? quotient + sign : quotient);
}

export interface LineFigures {
  subtotalMinor: number;
  discountMinor: number;
  netMinor: number;
  taxMinor: number;
  totalMinor: number;
}

/** One line's figures, as InvoiceLine has them. */
export function priceLine(line: Pick<InvoiceLineInput, "quantity" | "unitPriceMinor" | "discountBp" | "taxRateBp">): LineFigures {
  const subtotalMinor = line.quantity * line.unitPriceMinor;
  const discountMinor = percentOf(subtotalMinor, line.discountBp);
  const netMinor = subtotalMinor - discountMinor;
  const taxMinor = percentOf(netMinor, line.taxRateBp);
  return { subtotalMinor, discountMinor, netMinor, taxMinor, totalMinor: netMinor + taxMinor };
}

/** The invoice's figures: the sums of its lines' figures. */
export function invoiceTotals(lines: readonly LineFigures[]): InvoiceTotals {
  const sum = (f: (l: LineFigures) => number) => lines.reduce((acc, l) => acc + f(l), 0);
  return {
    subtotalMinor: sum((l) => l.subtotalMinor),
    discountMinor: sum((l) => l.discountMinor),
    taxMinor: sum((l) => l.taxMinor),
    totalMinor: sum((l) => l.totalMinor),
  };
}
