//! Keeps every pull and snapshot page under the size a client reads ([`MAX_RESPONSE_BYTES`]):
//! a page of 5,000 changes is small in practice, but 5,000 documents of 256 KiB each are not, and
//! a client that refuses an oversized answer would never get past it.

use clinic_core::sync::{Fields, RowChange, RowKey};
use clinic_protocol::MAX_RESPONSE_BYTES;

use crate::storage::{PullPage, SnapshotPage};

/// The most a page's JSON may take. Half the client's limit leaves room for the envelope.
const PAGE_BUDGET: usize = MAX_RESPONSE_BYTES / 2;
/// JSON escaping writes a byte as at most six (`\u0000`), so raw sizes under this need no count.
const SURELY_FITS: usize = PAGE_BUDGET / 6;

fn raw_size(entity: &str, entity_id: &str, fields: &Fields) -> usize {
    // Names, ids, clocks and punctuation of one change or row, generously.
    const OVERHEAD: usize = 256;
    let fields: usize = fields.iter().map(|(f, v)| f.len() + v.as_ref().map_or(4, String::len) + 16).sum();
    entity.len() + entity_id.len() + fields + OVERHEAD
}

/// How long `value` is as JSON. Only asked of pages that might not fit.
fn json_size<T: serde::Serialize>(value: &T) -> usize {
    // Serialising our own types to a Vec cannot fail (string keys, no non-finite floats).
    serde_json::to_vec(value).map_or(usize::MAX, |bytes| bytes.len())
}

/// How many of `sizes` fit in the budget, at least one so a page always moves on.
fn fitting(sizes: impl Iterator<Item = usize>) -> usize {
    let mut total = 0usize;
    let mut kept = 0usize;
    for size in sizes {
        total = total.saturating_add(size);
        if total > PAGE_BUDGET && kept > 0 {
            break;
        }
        kept += 1;
    }
    kept
}

/// Cuts a pull page to the budget; the cut changes come in the next page.
pub fn fit_pull_page(mut page: PullPage) -> PullPage {
    let raw: usize = page.changes.iter().map(|c| raw_size(&c.change.entity, &c.change.entity_id, &c.change.fields)).sum();
    if raw <= SURELY_FITS {
        return page;
    }
    let kept = fitting(page.changes.iter().map(json_size));
    if kept < page.changes.len() {
        page.changes.truncate(kept);
        if let Some(last) = page.changes.last() {
            page.next = last.seq;
        }
        page.more = true;
    }
    page
}

/// Cuts a snapshot page to the budget, with the history of the rows it keeps.
pub fn fit_snapshot_page(mut page: SnapshotPage) -> SnapshotPage {
    let raw: usize = page.rows.iter().map(|r| raw_size(&r.entity, &r.entity_id, &r.fields) * 2).sum::<usize>()
        + page.history.iter().map(|c| raw_size(&c.entity, &c.entity_id, &c.fields)).sum::<usize>();
    if raw <= SURELY_FITS {
        return page;
    }
    let history_size = |key: (&str, &str)| -> usize {
        page.history.iter().filter(|c: &&RowChange| (c.entity.as_str(), c.entity_id.as_str()) == key).map(json_size).sum()
    };
    let kept = fitting(page.rows.iter().map(|r| json_size(r) + history_size((&r.entity, &r.entity_id))));
    if kept < page.rows.len() {
        page.rows.truncate(kept);
        let keys: std::collections::BTreeSet<(&str, &str)> =
            page.rows.iter().map(|r| (r.entity.as_str(), r.entity_id.as_str())).collect();
        let history =
            page.history.iter().filter(|c| keys.contains(&(c.entity.as_str(), c.entity_id.as_str()))).cloned().collect();
        page.history = history;
        page.next = page.rows.last().map(|r| RowKey { entity: r.entity.clone(), entity_id: r.entity_id.clone() });
        page.more = true;
    }
    page
}

#[cfg(test)]
mod tests {
    use clinic_core::sync::{RowChange, SnapshotRow};
    use clinic_core::Hlc;
    use clinic_protocol::PulledChange;

    use super::*;

    fn big_change(seq: i64) -> PulledChange {
        let fields = [("body".to_string(), Some("\u{1}".repeat(256 * 1024)))].into_iter().collect();
        let change = RowChange {
            change_id: seq.to_string(),
            entity: "document".into(),
            entity_id: format!("d{seq:04}"),
            fields,
            hlc: Hlc { wall_ms: 1, counter: 0 },
            site_id: "s".into(),
            actor: None,
        };
        PulledChange { seq, change }
    }

    #[test]
    fn a_page_of_large_changes_is_cut_to_the_budget_and_says_more() {
        let changes: Vec<_> = (1..=200).map(big_change).collect();
        let page = fit_pull_page(PullPage { changes, next: 200, head: 300, more: false });
        let bytes = serde_json::to_vec(&page.changes).expect("json").len();
        assert!(bytes <= PAGE_BUDGET, "{bytes} bytes");
        assert!(page.changes.len() > 1 && page.changes.len() < 200, "{} changes", page.changes.len());
        assert_eq!(page.next, page.changes.last().expect("kept").seq);
        assert!(page.more);
    }

    #[test]
    fn small_pages_and_single_huge_changes_pass_whole() {
        let small: Vec<_> = (1..=3).map(big_change).collect();
        let page = fit_pull_page(PullPage { changes: small.clone(), next: 9, head: 9, more: false });
        assert_eq!((page.changes, page.next, page.more), (small, 9, false));
    }

    #[test]
    fn a_cut_snapshot_page_keeps_the_history_of_its_rows_only() {
        let rows: Vec<SnapshotRow> = (1..=200)
            .map(|i| {
                let c = big_change(i).change;
                SnapshotRow { entity: c.entity, entity_id: c.entity_id, fields: c.fields, versions: Default::default() }
            })
            .collect();
        let history: Vec<RowChange> = (1..=200).map(|i| big_change(i).change).filter(|c| c.entity_id.ends_with('0')).collect();
        let page = fit_snapshot_page(SnapshotPage { head: 1, rows, history, next: None, more: false, total: Some(200) });
        let kept = page.rows.len();
        assert!(kept > 1 && kept < 200, "{kept} rows");
        assert!(page.more);
        assert_eq!(page.next.as_ref().map(|k| k.entity_id.clone()), Some(format!("d{kept:04}")));
        assert!(page.history.iter().all(|c| page.rows.iter().any(|r| r.entity_id == c.entity_id)));
        assert_eq!(page.history.len(), kept / 10);
    }
}
