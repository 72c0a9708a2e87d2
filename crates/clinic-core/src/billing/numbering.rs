//! Invoice numbers: `<SITE>-<YEAR>-<NNNNN>`, unique across sites without coordination because
//! each site numbers its own invoices (docs/decisions.md §2). The sequence starts at 1 on each site and
//! year, has no gaps on that site, and is zero-padded to five digits; past 99999 it simply grows.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

const SEQUENCE_DIGITS: usize = 5;

/// The parts of an invoice number.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct InvoiceNumber {
    /// The issuing site's code (2 to 6 upper-case letters and digits).
    pub site_code: String,
    /// The year of issue.
    pub year: i32,
    /// The site's sequence in that year, from 1.
    pub sequence: u32,
}

/// The printed number, e.g. `MAIN-2026-00042`.
pub fn invoice_number(site_code: &str, year: i32, sequence: u32) -> String {
    format!("{site_code}-{year:04}-{sequence:0SEQUENCE_DIGITS$}")
}

/// Reads a number written as [`invoice_number`] writes it (trimmed, any case); `None` for
/// anything else, including a sequence of 0 or with extra leading zeros.
pub fn parse_invoice_number(text: &str) -> Option<InvoiceNumber> {
    let upper = text.trim().to_ascii_uppercase();
    let mut parts = upper.split('-');
    let (site, year, sequence) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() {
        return None;
    }
    let site_ok = (2..=6).contains(&site.len()) && site.bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit());
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !site_ok || year.len() != 4 || !digits(year) || sequence.len() < SEQUENCE_DIGITS || !digits(sequence) {
        return None;
    }
    let number = InvoiceNumber { site_code: site.to_string(), year: year.parse().ok()?, sequence: sequence.parse().ok()? };
    let canonical = invoice_number(&number.site_code, number.year, number.sequence) == upper;
    (canonical && number.sequence > 0).then_some(number)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_padded_to_five_digits_and_grow_past_them() {
        assert_eq!(invoice_number("MAIN", 2026, 1), "MAIN-2026-00001");
        assert_eq!(invoice_number("MAIN", 2026, 42), "MAIN-2026-00042");
        assert_eq!(invoice_number("LAP2", 2026, 99_999), "LAP2-2026-99999");
        assert_eq!(invoice_number("LAP2", 2026, 100_000), "LAP2-2026-100000");
        assert_eq!(invoice_number("LAP2", 2027, u32::MAX), "LAP2-2027-4294967295");
    }

    #[test]
    fn numbers_read_back() {
        for (site, year, sequence) in [("MAIN", 2026, 1), ("AB", 2026, 99_999), ("ABCDE6", 1999, 100_000), ("X1", 2026, u32::MAX)]
        {
            let text = invoice_number(site, year, sequence);
            let parsed = parse_invoice_number(&text).expect(&text);
            assert_eq!(parsed, InvoiceNumber { site_code: site.into(), year, sequence });
        }
        let parsed = parse_invoice_number(" main-2026-00042 ").expect("lower case");
        assert_eq!((parsed.site_code.as_str(), parsed.sequence), ("MAIN", 42));
    }

    #[test]
    fn anything_else_is_not_a_number() {
        for bad in [
            "",
            "MAIN",
            "MAIN-2026",
            "MAIN-2026-0001",
            "MAIN-2026-000042",
            "MAIN-2026-00000",
            "MAIN-26-00042",
            "MAIN-20266-00042",
            "MAIN-2026-00042-1",
            "M-2026-00042",
            "MAINSIT-2026-00042",
            "MA N-2026-00042",
            "MAIN-2O26-00042",
            "MAIN-2026-0004X",
            "MAIN-2026-+0042",
            "MAIN-2026-4294967296",
            "MAIN--2026-00042",
        ] {
            assert_eq!(parse_invoice_number(bad), None, "{bad}");
        }
    }

    #[test]
    fn two_sites_never_mint_the_same_number() {
        let front: Vec<String> = (1..=500).map(|n| invoice_number("FRONT", 2026, n)).collect();
        let laptop: Vec<String> = (1..=500).map(|n| invoice_number("LAP1", 2026, n)).collect();
        let mut all: Vec<&String> = front.iter().chain(&laptop).collect();
        all.sort();
        all.dedup();
        assert_eq!(all.len(), 1_000);
    }
}
