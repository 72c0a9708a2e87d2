// Money in the UI: integer minor units, as Rust keeps it (docs/billing.md). Amounts are shown
// "EUR 1,234.50" like the PDFs and CSV (clinic-core's `format_money`), and typed amounts are
// read digit by digit, never through a float, so "0.29" is 29 cents and not 28.999….

/** How many digits follow the decimal point, per ISO 4217 (the same table as clinic-core). */
export function minorDigits(currency: string): number {
  switch (currency.toUpperCase()) {
    case "JPY":
    case "KRW":
    case "ISK":
    case "CLP":
    case "VND":
      return 0;
    case "BHD":
    case "KWD":
    case "OMR":
    case "JOD":
    case "TND":
      return 3;
    default:
      return 2;
  }
}

/** "1,234" from "1234". */
function group(whole: string): string {
  return whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

/** The amount without the currency: "1,234.50", "-12.00", "1,235" (JPY). */
export function formatAmount(minor: number, currency: string): string {
  const digits = minorDigits(currency);
  const magnitude = BigInt(Math.abs(Math.trunc(minor)));
  const scale = 10n ** BigInt(digits);
  const whole = group((magnitude / scale).toString());
  const sign = minor < 0 ? "-" : "";
  if (digits === 0) return `${sign}${whole}`;
  return `${sign}${whole}.${(magnitude % scale).toString().padStart(digits, "0")}`;
}

/** "EUR 1,234.50", "-EUR 12.00", "JPY 1,235"; without a currency, the amount alone. */
export function formatMoney(minor: number, currency: string): string {
  const text = formatAmount(minor, currency);
  if (currency === "") return text;
  return text.startsWith("-") ? `-${currency} ${text.slice(1)}` : `${currency} ${text}`;
}

/** The amount as it would be typed back into a money field: "1234.50" (no groups, no currency). */
export function amountInputText(minor: number, currency: string): string {
  return formatAmount(minor, currency).replace(/,/g, "");
}

/**
 * A non-negative decimal typed by a person, scaled to an integer with `digits` decimals:
 * "12.5" with 2 → 1250. Spaces and thousands separators ("1,234.50") are allowed; more decimals
 * than `digits`, a sign, letters or an amount beyond what JavaScript holds exactly give null.
 */
export function parseScaled(text: string, digits: number): number | null {
  const t = text.replace(/\s/g, "");
  const m = /^(\d{1,3}(?:,\d{3})+|\d*)(?:\.(\d*))?$/.exec(t);
  if (!m) return null;
  const whole = (m[1] ?? "").replace(/,/g, "");
  const fraction = m[2] ?? "";
  if (whole === "" && fraction === "") return null;
  if (fraction.length > digits) return null;
  const value = BigInt(whole === "" ? "0" : whole) * 10n ** BigInt(digits) + BigInt(fraction.padEnd(digits, "0") || "0");
  return value > BigInt(Number.MAX_SAFE_INTEGER) ? null : Number(value);
}

/** A typed amount in minor units of `currency`: "12.5" EUR → 1250, "12" JPY → 12; null if unreadable. */
export function parseMoney(text: string, currency: string): number | null {
  return parseScaled(text, minorDigits(currency));
}

/** A typed percentage in basis points: "7.7" → 770, "10" → 1000; null if unreadable or above 100 %. */
export function parsePercentBp(text: string): number | null {
  const bp = parseScaled(text, 2);
  return bp === null || bp > 10_000 ? null : bp;
}

/** Basis points as a person types them: 770 → "7.7", 1000 → "10", 5 → "0.05". */
export function percentText(bp: number): string {
  const whole = Math.trunc(bp / 100);
  const fraction = (bp % 100).toString().padStart(2, "0").replace(/0+$/, "");
  return fraction === "" ? `${whole}` : `${whole}.${fraction}`;
}

/** "7.7 %" from 770 bp. */
export function formatPercent(bp: number): string {
  return `${percentText(bp)} %`;
}

/**
 * The currency while the clinic's is not known yet (or cannot be read): amounts show and are
 * read with two decimals and no code.
 */
export const UNSTATED_CURRENCY = "";
