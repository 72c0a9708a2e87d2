//! Patient search: FTS5 word/prefix matching over names, email and identifiers, a trigram index
//! over phone digits, and typo tolerance from a vocabulary of name words (design.md §3).
//!
//! A search runs in two passes: exact and prefix matches first, ranked by bm25; then, if the
//! page is not full, names within one or two letters of what was typed.

use clinic_core::search::{parse_query, phone_digits, typo_allowance, words, SearchTerm};
use clinic_core::{PatientDetails, PatientSummary};
use rusqlite::{params_from_iter, Connection, Transaction};

use crate::patients::{summary_from_row, SUMMARY_COLUMNS};
use crate::{Store, StoreError};

/// The most results one search returns.
pub const MAX_RESULTS: u32 = 100;

/// bm25 weights of the `patient_search` columns: names, email, identifiers.
const RANK: &str = "bm25(patient_search, 10.0, 2.0, 5.0)";

/// Writes (or rewrites) a patient's entries in the search index, in the caller's transaction.
pub(crate) fn index_patient(tx: &Transaction<'_>, patient_id: &str, mrn: &str, d: &PatientDetails) -> Result<(), StoreError> {
    let doc: i64 = tx.query_row(
        "INSERT INTO search_doc (patient_id) VALUES (?1)
         ON CONFLICT (patient_id) DO UPDATE SET patient_id = excluded.patient_id
         RETURNING doc",
        [patient_id],
        |r| r.get(0),
    )?;
    let names = [Some(&d.given_name), d.middle_name.as_ref(), Some(&d.family_name), d.preferred_name.as_ref()]
        .into_iter()
        .flatten()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .join(" ");
    let ids = [Some(mrn), d.insurance_policy_number.as_deref()].into_iter().flatten().collect::<Vec<_>>().join(" ");
    let phones = [d.phone.as_deref(), d.emergency_contact_phone.as_deref()]
        .into_iter()
        .flatten()
        .map(phone_digits)
        .collect::<Vec<_>>()
        .join(" ");
    tx.prepare_cached("DELETE FROM patient_search WHERE rowid = ?1")?.execute([doc])?;
    tx.prepare_cached("INSERT INTO patient_search (rowid, names, email, ids) VALUES (?1, ?2, ?3, ?4)")?.execute(
        rusqlite::params![doc, names, d.email.as_deref().unwrap_or(""), ids],
    )?;
    tx.prepare_cached("DELETE FROM patient_phone_search WHERE rowid = ?1")?.execute([doc])?;
    tx.prepare_cached("INSERT INTO patient_phone_search (rowid, digits) VALUES (?1, ?2)")?.execute(rusqlite::params![doc, phones])?;
    let mut vocab = tx.prepare_cached("INSERT OR IGNORE INTO search_vocab (term, length) VALUES (?1, ?2)")?;
    for word in words(&names) {
        let length = word.chars().count() as i64;
        vocab.execute(rusqlite::params![word, length])?;
    }
    Ok(())
}

impl Store {
    /// Patients matching `query`, best first, archived patients left out.
    /// Words match names, email and record numbers by prefix, or by a near spelling;
    /// three or more digits match anywhere in a phone number.
    pub fn search_patients(&self, query: &str, limit: u32) -> Result<Vec<PatientSummary>, StoreError> {
        let limit = limit.clamp(1, MAX_RESULTS) as usize;
        let terms = parse_query(query);
        if terms.is_empty() {
            return Ok(Vec::new());
        }
        let typed: Vec<&str> = terms.iter().filter_map(|t| if let SearchTerm::Word(w) = t { Some(w.as_str()) } else { None }).collect();
        let digits: Vec<&str> = terms.iter().filter_map(|t| if let SearchTerm::Digits(d) = t { Some(d.as_str()) } else { None }).collect();

        let exact: Vec<Vec<String>> = typed.iter().map(|w| vec![format!("{}*", quote(w))]).collect();
        let mut found = run_query(&self.conn, &exact, &digits, &[], limit)?;
        if found.len() >= limit || typed.is_empty() {
            return Ok(found);
        }

        let mut any_typo = false;
        let mut fuzzy = Vec::with_capacity(typed.len());
        for word in &typed {
            let mut alternatives = vec![format!("{}*", quote(word))];
            for near in near_spellings(&self.conn, word)? {
                any_typo = true;
                alternatives.push(quote(&near));
            }
            fuzzy.push(alternatives);
        }
        if any_typo {
            let seen: Vec<String> = found.iter().map(|p| p.id.to_string()).collect();
            let more = run_query(&self.conn, &fuzzy, &digits, &seen, limit - found.len())?;
            found.extend(more);
        }
        Ok(found)
    }
}

/// Name words within the typo allowance of `word` (optimal string alignment distance, so a
/// swapped pair of letters counts as one slip).
fn near_spellings(conn: &Connection, word: &str) -> Result<Vec<String>, StoreError> {
    let allowance = typo_allowance(word);
    if allowance == 0 {
        return Ok(Vec::new());
    }
    let length = word.chars().count() as i64;
    let allowance_len = allowance as i64;
    let mut stmt = conn.prepare_cached("SELECT term FROM search_vocab WHERE length BETWEEN ?1 AND ?2")?;
    let rows = stmt.query_map([length - allowance_len, length + allowance_len], |r| r.get::<_, String>(0))?;
    let mut near = Vec::new();
    for term in rows {
        let term = term?;
        if term != word && strsim::osa_distance(&term, word) <= allowance {
            near.push(term);
        }
    }
    Ok(near)
}

/// One search pass. `groups` are ANDed; the alternatives inside a group are ORed.
fn run_query(conn: &Connection, groups: &[Vec<String>], digits: &[&str], exclude: &[String], limit: usize) -> Result<Vec<PatientSummary>, StoreError> {
    let mut conditions = vec!["p.deleted_at IS NULL".to_string()];
    let mut args: Vec<String> = Vec::new();
    let arg = |value: String, args: &mut Vec<String>| {
        args.push(value);
        format!("?{}", args.len())
    };
    let from = if groups.is_empty() {
        "search_doc d JOIN patient p ON p.id = d.patient_id"
    } else {
        let expr = groups.iter().map(|alts| format!("({})", alts.join(" OR "))).collect::<Vec<_>>().join(" AND ");
        conditions.push(format!("patient_search MATCH {}", arg(expr, &mut args)));
        "patient_search JOIN search_doc d ON d.doc = patient_search.rowid JOIN patient p ON p.id = d.patient_id"
    };
    for d in digits {
        let phone = arg(quote(d), &mut args);
        let id = arg(format!("{}*", quote(d)), &mut args);
        conditions.push(format!(
            "(d.doc IN (SELECT rowid FROM patient_phone_search WHERE patient_phone_search MATCH {phone}) \
              OR d.doc IN (SELECT rowid FROM patient_search WHERE patient_search MATCH {id}))"
        ));
    }
    if !exclude.is_empty() {
        let list = exclude.iter().map(|id| arg(id.clone(), &mut args)).collect::<Vec<_>>().join(", ");
        conditions.push(format!("p.id NOT IN ({list})"));
    }
    let order = if groups.is_empty() { "p.family_name COLLATE NOCASE, p.given_name COLLATE NOCASE".to_string() } else { RANK.to_string() };
    let sql = format!("SELECT {SUMMARY_COLUMNS} FROM {from} WHERE {} ORDER BY {order} LIMIT {limit}", conditions.join(" AND "));
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(params_from_iter(args.iter()), summary_from_row)?;
    let mut found = Vec::new();
    for row in rows {
        found.push(row??);
    }
    Ok(found)
}

/// An FTS5 string literal: whatever was typed can never become query syntax.
fn quote(word: &str) -> String {
    format!("\"{}\"", word.replace('"', "\"\""))
}
