//! Patient search: FTS5 word/prefix matching over names, email and identifiers, a trigram index
//! over phone digits, and typo tolerance from a vocabulary of name words (docs/decisions.md §3).
//!
//! A search fills its page tier by tier, best matches first: whole-word name matches, then name
//! prefixes, then prefixes anywhere (email, record and policy numbers), then names within one
//! or two letters of what was typed. Each tier reads only as many index entries as the page
//! still needs, so a two-letter prefix that matches thousands of patients costs no more than a
//! rare name. Within a tier, patients are listed alphabetically.

use clinic_core::ids::PatientId;
use std::collections::HashSet;

use clinic_core::search::{parse_query, phone_digits, record_code, typo_allowance, words, SearchTerm};
use clinic_core::{PatientDetails, PatientSummary};
use rusqlite::{params, params_from_iter, Connection, Transaction};

use crate::patients::{summary_from_row, SUMMARY_COLUMNS};
use crate::{Store, StoreError};

/// The most results one search returns.
pub const MAX_RESULTS: u32 = 100;

/// Writes (or rewrites) a patient's entries in the search index, in the caller's transaction.
pub(crate) fn index_patient(
    tx: &Transaction<'_>,
    patient_id: &PatientId,
    mrn: &str,
    d: &PatientDetails,
) -> Result<(), StoreError> {
    let doc = search_doc(tx, patient_id)?;
    write_entries(tx, doc, mrn, d)
}

/// Indexes many patients in one transaction (a pulled page): every document number first, then
/// every entry. The document upsert opens a statement savepoint, and FTS5 writes its pending
/// terms to disk at each savepoint; interleaved, each patient would become a segment of its own
/// (most of a page's apply time, measured). In this order FTS5 flushes once, at commit.
pub(crate) fn index_patients<'p>(
    tx: &Transaction<'_>,
    patients: impl IntoIterator<Item = (&'p PatientId, &'p str, &'p PatientDetails)>,
) -> Result<(), StoreError> {
    let patients: Vec<_> = patients.into_iter().collect();
    let docs = patients.iter().map(|(id, _, _)| search_doc(tx, id)).collect::<Result<Vec<_>, _>>()?;
    for (doc, (_, mrn, details)) in docs.into_iter().zip(patients) {
        write_entries(tx, doc, mrn, details)?;
    }
    Ok(())
}

/// The patient's search document number, made on first indexing.
fn search_doc(tx: &Transaction<'_>, patient_id: &PatientId) -> Result<i64, StoreError> {
    Ok(tx
        .prepare_cached(
            "INSERT INTO search_doc (patient_id) VALUES (?1)
             ON CONFLICT (patient_id) DO UPDATE SET patient_id = excluded.patient_id
             RETURNING doc",
        )?
        .query_row([patient_id], |r| r.get(0))?)
}

/// Replaces document `doc`'s entries: names, email and identifiers, phone digits, and the name
/// words in the vocabulary.
fn write_entries(tx: &Transaction<'_>, doc: i64, mrn: &str, d: &PatientDetails) -> Result<(), StoreError> {
    let names = [Some(&d.given_name), d.middle_name.as_ref(), Some(&d.family_name), d.preferred_name.as_ref()]
        .into_iter()
        .flatten()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .join(" ");
    // Codes are indexed whole ("demo000123"), as the query side reads them; the record number's
    // digits alone are indexed too, for a clerk who types only those.
    let mrn_digits: String = mrn.chars().filter(char::is_ascii_digit).collect();
    let ids = [record_code(mrn), Some(mrn_digits), d.insurance_policy_number.as_deref().and_then(record_code)]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ");
    let phones = [d.phone.as_deref(), d.emergency_contact_phone.as_deref()]
        .into_iter()
        .flatten()
        .map(phone_digits)
        .collect::<Vec<_>>()
        .join(" ");
    tx.prepare_cached("DELETE FROM patient_search WHERE rowid = ?1")?.execute([doc])?;
    tx.prepare_cached("INSERT INTO patient_search (rowid, names, email, ids) VALUES (?1, ?2, ?3, ?4)")?.execute(params![
        doc,
        names,
        d.email.as_deref().unwrap_or(""),
        ids
    ])?;
    tx.prepare_cached("DELETE FROM patient_phone_search WHERE rowid = ?1")?.execute([doc])?;
    tx.prepare_cached("INSERT INTO patient_phone_search (rowid, digits) VALUES (?1, ?2)")?.execute(params![doc, phones])?;
    let mut vocab = tx.prepare_cached("INSERT OR IGNORE INTO search_vocab (term, length) VALUES (?1, ?2)")?;
    for word in words(&names) {
        let length = word.chars().count() as i64;
        vocab.execute(params![word, length])?;
    }
    Ok(())
}

/// One tier of a search: an FTS5 expression (or none, for a phone-only search).
struct Tier {
    expression: Option<String>,
}

impl Store {
    /// Patients matching `query`, best first, archived patients left out.
    /// Words match names, email and record numbers by prefix, or by a near spelling;
    /// three or more digits match anywhere in a phone number.
    pub fn search_patients(&self, query: &str, limit: u32) -> Result<Vec<PatientSummary>, StoreError> {
        let limit = limit.clamp(1, MAX_RESULTS) as usize;
        let terms = parse_query(query);
        let typed: Vec<&str> =
            terms.iter().filter_map(|t| if let SearchTerm::Word(w) = t { Some(w.as_str()) } else { None }).collect();
        let digits: Vec<&str> =
            terms.iter().filter_map(|t| if let SearchTerm::Digits(d) = t { Some(d.as_str()) } else { None }).collect();
        if terms.is_empty() {
            return Ok(Vec::new());
        }

        let tiers = if typed.is_empty() {
            vec![Tier { expression: None }]
        } else {
            let all = |f: &dyn Fn(&str) -> String| typed.iter().map(|w| f(w)).collect::<Vec<_>>().join(" AND ");
            let mut tiers = vec![
                Tier { expression: Some(format!("names : ({})", all(&|w| quote(w)))) },
                Tier { expression: Some(format!("names : ({})", all(&|w| format!("{}*", quote(w))))) },
                Tier { expression: Some(all(&|w| format!("{}*", quote(w)))) },
            ];
            if let Some(fuzzy) = fuzzy_expression(&self.conn, &typed)? {
                tiers.push(Tier { expression: Some(fuzzy) });
            }
            tiers
        };

        let mut found: Vec<PatientSummary> = Vec::new();
        let mut seen = HashSet::new();
        for tier in tiers {
            let wanted = limit - found.len();
            let mut batch = run_tier(&self.conn, tier.expression.as_deref(), &digits, &seen, wanted)?;
            batch.sort_by_cached_key(|p| {
                (clinic_core::search::fold(&p.family_name), clinic_core::search::fold(&p.given_name), p.id)
            });
            for patient in batch {
                if seen.insert(patient.id) {
                    found.push(patient);
                }
            }
            if found.len() >= limit {
                break;
            }
        }
        Ok(found)
    }
}

/// Names within the typo allowance of each typed word, as one FTS5 expression; `None` when no
/// word has a near spelling (so the tier would find nothing new).
fn fuzzy_expression(conn: &Connection, typed: &[&str]) -> Result<Option<String>, StoreError> {
    let mut any = false;
    let mut groups = Vec::with_capacity(typed.len());
    for word in typed {
        let mut alternatives = vec![format!("{}*", quote(word))];
        for near in near_spellings(conn, word)? {
            any = true;
            alternatives.push(quote(&near));
        }
        groups.push(format!("({})", alternatives.join(" OR ")));
    }
    Ok(any.then(|| format!("names : ({})", groups.join(" AND "))))
}

/// Name words within the typo allowance of `word` (optimal string alignment distance, so a
/// swapped pair of letters counts as one slip).
fn near_spellings(conn: &Connection, word: &str) -> Result<Vec<String>, StoreError> {
    let allowance = typo_allowance(word);
    if allowance == 0 {
        return Ok(Vec::new());
    }
    let length = word.chars().count() as i64;
    let spread = allowance as i64;
    let mut stmt = conn.prepare_cached("SELECT term FROM search_vocab WHERE length BETWEEN ?1 AND ?2")?;
    let rows = stmt.query_map([length - spread, length + spread], |r| r.get::<_, String>(0))?;
    let mut near = Vec::new();
    for term in rows {
        let term = term?;
        if term != word && strsim::osa_distance(&term, word) <= allowance {
            near.push(term);
        }
    }
    Ok(near)
}

/// Up to `wanted` active patients matching `expression` and every digit run, skipping `seen`.
fn run_tier(
    conn: &Connection,
    expression: Option<&str>,
    digits: &[&str],
    seen: &HashSet<PatientId>,
    wanted: usize,
) -> Result<Vec<PatientSummary>, StoreError> {
    let mut conditions = vec!["p.deleted_at IS NULL".to_string()];
    let mut args: Vec<String> = Vec::new();
    let arg = |value: String, args: &mut Vec<String>| {
        args.push(value);
        format!("?{}", args.len())
    };
    let from = match expression {
        None => "search_doc d JOIN patient p ON p.id = d.patient_id",
        Some(expr) => {
            conditions.push(format!("patient_search MATCH {}", arg(expr.to_string(), &mut args)));
            "patient_search JOIN search_doc d ON d.doc = patient_search.rowid JOIN patient p ON p.id = d.patient_id"
        }
    };
    for d in digits {
        let phone = arg(quote(d), &mut args);
        let code = arg(format!("ids : {}*", quote(d)), &mut args);
        conditions.push(format!(
            "(d.doc IN (SELECT rowid FROM patient_phone_search WHERE patient_phone_search MATCH {phone}) \
              OR d.doc IN (SELECT rowid FROM patient_search WHERE patient_search MATCH {code}))"
        ));
    }
    if !seen.is_empty() {
        let list = seen.iter().map(|id| arg(id.to_string(), &mut args)).collect::<Vec<_>>().join(", ");
        conditions.push(format!("p.id NOT IN ({list})"));
    }
    let sql = format!("SELECT {SUMMARY_COLUMNS} FROM {from} WHERE {} LIMIT {wanted}", conditions.join(" AND "));
    let mut stmt = conn.prepare(&sql)?;
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
