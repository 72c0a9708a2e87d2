//! Realistic front-desk searches: name prefixes, full names, one-letter typos, phone fragments
//! and record numbers, drawn from the generated clinic itself.

use anyhow::Context;
use clinic_core::PatientInput;
use clinic_store::Store;
use rand::rngs::StdRng;
use rand::seq::IndexedRandom;
use rand::Rng;

/// `count` queries in five kinds, each kind with its list.
pub fn realistic(
    inputs: &[PatientInput],
    store: &Store,
    count: usize,
    rng: &mut StdRng,
) -> anyhow::Result<Vec<(String, Vec<String>)>> {
    let per_kind = (count / 5).max(1);
    let pick = |rng: &mut StdRng| inputs.choose(rng).context("no patients to query");
    let mut prefixes = Vec::new();
    let mut full_names = Vec::new();
    let mut typos = Vec::new();
    let mut phones = Vec::new();
    let mut mrns = Vec::new();
    for _ in 0..per_kind {
        let p = pick(rng)?;
        let name = if rng.random_bool(0.7) { &p.family_name } else { &p.given_name };
        let len = rng.random_range(2..=4).min(name.chars().count());
        prefixes.push(name.chars().take(len).collect());
        let p = pick(rng)?;
        full_names.push(format!("{} {}", p.given_name, p.family_name));
        typos.push(misspell(&pick(rng)?.family_name, rng));
        let digits: String = pick(rng)?.phone.chars().filter(char::is_ascii_digit).collect();
        let tail = rng.random_range(4..=7).min(digits.len());
        phones.push(digits[digits.len() - tail..].to_string());
        mrns.push(format!("{}-{:06}", store.site().site_code, rng.random_range(1..=inputs.len())));
    }
    Ok(vec![
        ("name prefix".into(), prefixes),
        ("full name".into(), full_names),
        ("misspelt name".into(), typos),
        ("phone digits".into(), phones),
        ("record number".into(), mrns),
    ])
}

/// The name with one letter replaced (not the first, which people rarely get wrong).
fn misspell(name: &str, rng: &mut StdRng) -> String {
    let mut chars: Vec<char> = name.chars().collect();
    if chars.len() < 4 {
        return name.to_string();
    }
    let at = rng.random_range(1..chars.len());
    let replacement = *b"aeiourstnlm".choose(rng).unwrap_or(&b'e') as char;
    chars[at] = if chars[at].eq_ignore_ascii_case(&replacement) { 'x' } else { replacement };
    chars.into_iter().collect()
}
