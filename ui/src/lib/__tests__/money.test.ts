import { describe, expect, it } from "vitest";
import { invoiceTotals, percentOf, priceLine } from "../invoiceMath";
import { amountInputText, formatMoney, minorDigits, parseMoney, parsePercentBp, percentText } from "../money";

describe("money", () => {
  it("formats minor units with the currency's digits, groups and sign (as clinic-core does)", () => {
    expect(formatMoney(123_450, "EUR")).toBe("EUR 1,234.50");
    expect(formatMoney(-1_200, "EUR")).toBe("-EUR 12.00");
    expect(formatMoney(0, "EUR")).toBe("EUR 0.00");
    expect(formatMoney(5, "EUR")).toBe("EUR 0.05");
    expect(formatMoney(100_000_000, "EUR")).toBe("EUR 1,000,000.00");
    expect(formatMoney(1_235, "JPY")).toBe("JPY 1,235");
    expect(formatMoney(-999, "JPY")).toBe("-JPY 999");
    expect(formatMoney(1_234_500, "BHD")).toBe("BHD 1,234.500");
    expect(formatMoney(7, "KWD")).toBe("KWD 0.007");
    expect(formatMoney(Number.MAX_SAFE_INTEGER, "EUR")).toBe("EUR 90,071,992,547,409.91");
    expect(formatMoney(1250, "")).toBe("12.50");
    expect([minorDigits("JPY"), minorDigits("TND"), minorDigits("USD")]).toEqual([0, 3, 2]);
  });

  it("reads typed amounts digit by digit, never through a float", () => {
    expect(parseMoney("12.5", "EUR")).toBe(1250);
    expect(parseMoney("20", "EUR")).toBe(2000);
    expect(parseMoney(" 1,234.50 ", "EUR")).toBe(123_450);
    expect(parseMoney("0.29", "EUR")).toBe(29); // 0.29 * 100 is 28.999999999999996
    expect(parseMoney("1.15", "EUR")).toBe(115); // 1.15 * 100 is 114.99999999999999
    expect(parseMoney(".5", "EUR")).toBe(50);
    expect(parseMoney("12.", "EUR")).toBe(1200);
    expect(parseMoney("1.234", "BHD")).toBe(1234);
    expect(parseMoney("1500", "JPY")).toBe(1500);
    for (const bad of ["", ".", "1.234", "-5", "12,5", "1,23", "abc", "1e3", "99999999999999999"]) {
      expect(parseMoney(bad, "EUR"), bad).toBeNull();
    }
    expect(parseMoney("1.5", "JPY")).toBeNull();
    expect(amountInputText(123_450, "EUR")).toBe("1234.50");
    expect(parseMoney(amountInputText(123_450, "EUR"), "EUR")).toBe(123_450);
  });

  it("reads percentages into basis points and back", () => {
    expect(parsePercentBp("7.7")).toBe(770);
    expect(parsePercentBp("10")).toBe(1000);
    expect(parsePercentBp("0.05")).toBe(5);
    expect(parsePercentBp("100")).toBe(10_000);
    expect(parsePercentBp("100.01")).toBeNull();
    expect(parsePercentBp("7.125")).toBeNull();
    expect([percentText(770), percentText(1000), percentText(5), percentText(1950)]).toEqual(["7.7", "10", "0.05", "19.5"]);
  });
});

describe("invoice rule (clinic-core billing::invoice)", () => {
  it("rounds percentages half away from zero", () => {
    expect(percentOf(5, 1000)).toBe(1); // 0.5 → 1
    expect(percentOf(-5, 1000)).toBe(-1);
    expect(percentOf(4, 1000)).toBe(0);
    expect(percentOf(999, 1900)).toBe(190); // 189.81
    expect(percentOf(100, 750)).toBe(8); // 7.5
    expect(percentOf(12_345, 0)).toBe(0);
    expect(percentOf(12_345, 10_000)).toBe(12_345);
  });

  it("3 × 33.33 with 10 % discount and 7.7 % tax is 96.92", () => {
    const l = priceLine({ quantity: 3, unitPriceMinor: 3333, discountBp: 1000, taxRateBp: 770 });
    expect(l).toEqual({ subtotalMinor: 9999, discountMinor: 1000, netMinor: 8999, taxMinor: 693, totalMinor: 9692 });
  });

  it("sums the lines' rounded taxes (three 0.05 lines at 10 % owe 0.03)", () => {
    const l = priceLine({ quantity: 1, unitPriceMinor: 5, discountBp: 0, taxRateBp: 1000 });
    expect(invoiceTotals([l, l, l])).toEqual({ subtotalMinor: 15, discountMinor: 0, taxMinor: 3, totalMinor: 18 });
  });

  it("stays exact for the largest lines", () => {
    const l = priceLine({ quantity: 10_000, unitPriceMinor: 10_000_000_000, discountBp: 3333, taxRateBp: 9999 });
    expect(l.subtotalMinor).toBe(100_000_000_000_000);
    expect(l.discountMinor).toBe(33_330_000_000_000);
    expect(l.taxMinor).toBe(66_663_333_000_000);
  });
});
