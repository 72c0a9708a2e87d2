//! How a typed search is understood: the same folding for what is indexed and what is asked.

use unicode_normalization::UnicodeNormalization;

/// One part of a search the front desk typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SearchTerm {
    /// A word (name, email part, record number part), folded: lowercase, no accents.
    Word(String),
    /// A run of digits from something that looks like a phone number.
    Digits(String),
}

/// Lowercases and strips accents, so "Zoë" and "zoe" are the same search word.
pub fn fold(text: &str) -> String {
    text.nfkd().filter(|c| !unicode_normalization::char::is_combining_mark(*c)).flat_map(char::to_lowercase).collect()
}

/// The words of `text` as they are indexed: folded, split on anything not a letter or digit.
pub fn words(text: &str) -> Vec<String> {
    fold(text).split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_string).collect()
}

/// Only the digits of a phone number, as they are indexed for phone search.
pub fn phone_digits(phone: &str) -> String {
    phone.chars().filter(char::is_ascii_digit).collect()
}

/// Splits a query into terms. A query (or a whitespace-separated chunk) made only of digits and
/// phone punctuation, with at least three digits, is a phone search; everything else gives words.
pub fn parse_query(query: &str) -> Vec<SearchTerm> {
    if let Some(digits) = phone_like_digits(query) {
        return vec![SearchTerm::Digits(digits)];
    }
    let mut terms = Vec::new();
    for chunk in query.split_whitespace() {
        if let Some(digits) = phone_like_digits(chunk) {
            terms.push(SearchTerm::Digits(digits));
        } else if let Some(code) = record_code(chunk) {
            terms.push(SearchTerm::Word(code));
        } else {
            terms.extend(words(chunk).into_iter().map(SearchTerm::Word));
        }
    }
    terms
}

/// A record number or similar code ("DEMO-000123", "POL1234") as one indexed word: letters and
/// digits joined, folded. `None` for anything else (names, emails, plain numbers).
pub fn record_code(text: &str) -> Option<String> {
    let shaped = text.chars().all(|c| c.is_alphanumeric() || c == '-' || c == '/');
    let has_digit = text.chars().any(|c| c.is_ascii_digit());
    let has_letter = text.chars().any(char::is_alphabetic);
    (shaped && has_digit && has_letter).then(|| fold(text).chars().filter(|c| c.is_alphanumeric()).collect())
}

fn phone_like_digits(text: &str) -> Option<String> {
    let phone_like = text.chars().all(|c| c.is_ascii_digit() || c.is_whitespace() || "+-().".contains(c));
    let digits = phone_digits(text);
    (phone_like && digits.len() >= 3).then_some(digits)
}

/// How many single-letter edits a word may be from a name and still match it as a typo.
pub fn typo_allowance(word: &str) -> usize {
    match word.chars().count() {
        0..=3 => 0,
        4..=7 => 1,
        _ => 2,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_removes_accents_and_case() {
        assert_eq!(fold("Zoë Ñúñez-Øberg"), "zoe nunez-øberg");
        assert_eq!(words("Ñúñez-Øberg, ZOË"), vec!["nunez", "øberg", "zoe"]);
    }

    #[test]
    fn queries_split_into_words_and_phone_digits() {
        assert_eq!(parse_query(" +1 (555) 010-2030 "), vec![SearchTerm::Digits("15550102030".into())]);
        assert_eq!(
            parse_query("Lopez 010-2030 ma"),
            vec![SearchTerm::Word("lopez".into()), SearchTerm::Digits("0102030".into()), SearchTerm::Word("ma".into()),]
        );
        assert_eq!(parse_query("DEMO-000123"), vec![SearchTerm::Word("demo000123".into())]);
        assert_eq!(parse_query("demo-0001"), vec![SearchTerm::Word("demo0001".into())]);
        assert_eq!(
            parse_query("ana12@example.com"),
            vec![SearchTerm::Word("ana12".into()), SearchTerm::Word("example".into()), SearchTerm::Word("com".into())]
        );
    }

    #[test]
    fn short_words_get_no_typo_allowance() {
        assert_eq!(typo_allowance("li"), 0);
        assert_eq!(typo_allowance("smith"), 1);
        assert_eq!(typo_allowance("abernathy"), 2);
    }
}
