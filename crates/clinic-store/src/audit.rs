//! The audit trail: appended inside the write that it describes, listed for the viewer,
//! exported, and verified link by link.

use std::collections::HashMap;

use clinic_core::{
    new_id, AuditAction, AuditEntry, AuditPage, AuditQuery, AuditRecord, AuditVerification, BrokenLink, ChainedFields, Role,
    GENESIS_HASH,
};
use rusqlite::types::Value;
use rusqlite::{params, params_from_iter, OptionalExtension, Row};

use crate::store::instant_text;
use crate::write::WriteTx;
use crate::{Store, StoreError};

const TABLE: &str = "audit_event";

impl WriteTx<'_> {
    /// Appends an event to this site's chain, in this transaction: it commits or rolls back
    /// with the change it describes. Returns the event's id.
    pub fn audit(&mut self, record: &AuditRecord) -> Result<String, StoreError> {
        let site_id = self.site().site_id.clone();
        let (last_seq, last_hash): (i64, String) = self
            .sql()
            .prepare_cached("SELECT seq, hash FROM local_audit_head WHERE site_id = ?1")?
            .query_row([&site_id], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?
            .unwrap_or((0, GENESIS_HASH.to_string()));
        let actor = record.actor.as_ref();
        self.note_actor(actor.map(|a| a.user_id.to_string()));
        let fields = ChainedFields {
            id: new_id().to_string(),
            site_id: site_id.clone(),
            seq: last_seq + 1,
            occurred_at: self.now().to_string(),
            user_id: actor.map(|a| a.user_id.to_string()),
            username: actor.map(|a| a.username.clone()),
            role: actor.map(|a| a.role.code().to_string()),
            action: record.action.code().to_string(),
            entity: record.entity.map(str::to_string),
            entity_id: record.entity_id.clone(),
            patient_id: record.patient_id.map(|p| p.to_string()),
            detail: record.detail.clone(),
        };
        let hash = fields.chain_hash(&last_hash);
        self.insert(
            TABLE,
            &fields.id,
            &[
                ("seq", Some(fields.seq.to_string())),
                ("occurred_at", Some(fields.occurred_at.clone())),
                ("user_id", fields.user_id.clone()),
                ("username", fields.username.clone()),
                ("role", fields.role.clone()),
                ("action", Some(fields.action.clone())),
                ("entity", fields.entity.clone()),
                ("entity_id", fields.entity_id.clone()),
                ("patient_id", fields.patient_id.clone()),
                ("detail", fields.detail.clone()),
                ("prev_hash", Some(last_hash)),
                ("hash", Some(hash.clone())),
            ],
        )?;
        self.sql()
            .prepare_cached(
                "INSERT INTO local_audit_head (site_id, seq, hash) VALUES (?1, ?2, ?3)
                 ON CONFLICT (site_id) DO UPDATE SET seq = excluded.seq, hash = excluded.hash",
            )?
            .execute(params![site_id, fields.seq, hash])?;
        Ok(fields.id)
    }
}

/// The columns an event's hash covers, in the order [`chained_fields_from_row`] reads them.
pub const CHAINED_COLUMNS: &str =
    "id, site_id, seq, occurred_at, user_id, username, role, action, entity, entity_id, patient_id, detail";

/// Reads the hashed fields of an event selected with [`CHAINED_COLUMNS`] first.
pub fn chained_fields_from_row(r: &Row<'_>) -> rusqlite::Result<ChainedFields> {
    Ok(ChainedFields {
        id: r.get(0)?,
        site_id: r.get(1)?,
        seq: r.get(2)?,
        occurred_at: r.get(3)?,
        user_id: r.get(4)?,
        username: r.get(5)?,
        role: r.get(6)?,
        action: r.get(7)?,
        entity: r.get(8)?,
        entity_id: r.get(9)?,
        patient_id: r.get(10)?,
        detail: r.get(11)?,
    })
}

/// The viewer's columns, in the order [`entry_from_row`] reads them.
const ENTRY_COLUMNS: &str =
    "a.id, a.site_id, coalesce(ls.site_code, ks.site_code), a.seq, a.occurred_at, a.user_id, a.username, a.role, a.action, \
     a.entity, a.entity_id, a.patient_id, \
     CASE WHEN p.id IS NULL THEN NULL ELSE p.given_name || ' ' || p.family_name END, p.mrn, a.detail";

fn entry_from_row(r: &Row<'_>) -> rusqlite::Result<Result<AuditEntry, StoreError>> {
    let role: Option<String> = r.get(7)?;
    let action: String = r.get(8)?;
    let role = match role.as_deref().map(Role::from_code) {
        Some(None) => return Ok(Err(StoreError::Corrupt { table: TABLE, column: "role" })),
        Some(Some(role)) => Some(role),
        None => None,
    };
    let Some(action) = AuditAction::from_code(&action) else {
        return Ok(Err(StoreError::Corrupt { table: TABLE, column: "action" }));
    };
    Ok(Ok(AuditEntry {
        id: r.get(0)?,
        site_id: r.get(1)?,
        site_code: r.get(2)?,
        seq: r.get(3)?,
        occurred_at: r.get(4)?,
        user_id: r.get(5)?,
        username: r.get(6)?,
        role,
        action,
        entity: r.get(9)?,
        entity_id: r.get(10)?,
        patient_id: r.get(11)?,
        patient_name: r.get(12)?,
        patient_mrn: r.get(13)?,
        detail: r.get(14)?,
    }))
}

/// The WHERE clause and its values for a query.
fn filter(query: &AuditQuery) -> (String, Vec<Value>) {
    let mut clauses = Vec::new();
    let mut values = Vec::new();
    let mut add = |clause: &str, value: String| {
        values.push(Value::Text(value));
        clauses.push(clause.replace('?', &format!("?{}", values.len())));
    };
    if let Some(user) = &query.user_id {
        add("a.user_id = ?", user.to_string());
    }
    if let Some(patient) = &query.patient_id {
        add("a.patient_id = ?", patient.to_string());
    }
    if let Some(action) = query.action {
        add("a.action = ?", action.code().to_string());
    }
    if let Some(from) = query.from {
        add("a.occurred_at >= ?", instant_text(from));
    }
    if let Some(until) = query.until {
        add("a.occurred_at < ?", instant_text(until));
    }
    let sql = if clauses.is_empty() { String::new() } else { format!("WHERE {}", clauses.join(" AND ")) };
    (sql, values)
}

impl Store {
    /// Writes one audit event in its own transaction (for reads, which change nothing else).
    pub fn audit(&mut self, record: &AuditRecord) -> Result<String, StoreError> {
        let mut tx = self.write()?;
        let id = tx.audit(record)?;
        tx.commit()?;
        Ok(id)
    }

    /// A page of events matching `query`, newest first.
    pub fn list_audit_events(&self, query: &AuditQuery, page: u32, page_size: u32) -> Result<AuditPage, StoreError> {
        let page = page.max(1);
        let page_size = page_size.clamp(1, 500);
        let (clause, mut values) = filter(query);
        let total: i64 = self
            .conn
            .prepare_cached(&format!("SELECT count(*) FROM audit_event a {clause}"))?
            .query_row(params_from_iter(values.iter()), |r| r.get(0))?;
        let n = values.len();
        values.push(Value::Integer(i64::from(page_size)));
        values.push(Value::Integer(i64::from(page - 1) * i64::from(page_size)));
        let events = self.query_entries(
            &format!("{clause} ORDER BY a.occurred_at DESC, a.seq DESC LIMIT ?{} OFFSET ?{}", n + 1, n + 2),
            &values,
        )?;
        Ok(AuditPage { events, total: total.unsigned_abs(), page, page_size })
    }

    /// Every event matching `query`, oldest first (for export).
    pub fn all_audit_events(&self, query: &AuditQuery) -> Result<Vec<AuditEntry>, StoreError> {
        let (clause, values) = filter(query);
        self.query_entries(&format!("{clause} ORDER BY a.occurred_at, a.seq"), &values)
    }

    fn query_entries(&self, tail: &str, values: &[Value]) -> Result<Vec<AuditEntry>, StoreError> {
        let sql = format!(
            "SELECT {ENTRY_COLUMNS} FROM audit_event a
             LEFT JOIN patient p ON p.id = a.patient_id
             LEFT JOIN local_site ls ON ls.site_id = a.site_id
             LEFT JOIN local_known_site ks ON ks.site_id = a.site_id
             {tail}"
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(params_from_iter(values.iter()), entry_from_row)?;
        rows.collect::<Result<Result<Vec<_>, _>, _>>()?
    }

    /// Walks every site's chain: each event must follow the one before it, and its hash must
    /// match its contents. Reports the first broken link, naming the site, position and event.
    pub fn verify_audit_trail(&self) -> Result<AuditVerification, StoreError> {
        let mut stmt =
            self.conn.prepare(&format!("SELECT {CHAINED_COLUMNS}, prev_hash, hash FROM audit_event ORDER BY site_id, seq"))?;
        let mut rows = stmt.query([])?;
        let mut checked = 0u64;
        let mut ends: HashMap<String, i64> = HashMap::new();
        let mut last_hash = GENESIS_HASH.to_string();
        while let Some(r) = rows.next()? {
            let fields = chained_fields_from_row(r)?;
            let prev_hash: String = r.get(12)?;
            let hash: String = r.get(13)?;
            let last_seq = match ends.get(&fields.site_id) {
                Some(&seq) => seq,
                None => {
                    last_hash = GENESIS_HASH.to_string();
                    0
                }
            };
            let problem = if fields.seq != last_seq + 1 {
                Some(format!("event {} is missing: the chain goes from event {last_seq} to event {}", last_seq + 1, fields.seq))
            } else if prev_hash != last_hash {
                Some(format!("event {} no longer follows event {last_seq}: an earlier event was changed or replaced", fields.seq))
            } else if fields.chain_hash(&prev_hash) != hash {
                Some(format!("event {} was changed after it was written: its contents no longer match its hash", fields.seq))
            } else {
                None
            };
            if let Some(problem) = problem {
                let broken = BrokenLink { site_id: fields.site_id, seq: fields.seq, event_id: Some(fields.id), problem };
                return Ok(verification(checked, &ends, Some(broken)));
            }
            checked += 1;
            ends.insert(fields.site_id, fields.seq);
            last_hash = hash;
        }
        let heads: Vec<(String, i64)> = self
            .conn
            .prepare("SELECT site_id, seq FROM local_audit_head ORDER BY site_id")?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<Result<_, _>>()?;
        let broken = heads.into_iter().find_map(|(site, head)| {
            let last = ends.get(&site).copied().unwrap_or(0);
            missing_tail(site, head, last)
        });
        Ok(verification(checked, &ends, broken))
    }
}

fn verification(checked: u64, ends: &HashMap<String, i64>, broken: Option<BrokenLink>) -> AuditVerification {
    AuditVerification { events_checked: checked, sites_checked: u32::try_from(ends.len()).unwrap_or(u32::MAX), broken }
}

/// Compares where a chain ends with where this site recorded it ended: removed newest events.
fn missing_tail(site: String, head: i64, last_seq: i64) -> Option<BrokenLink> {
    (head > last_seq).then(|| BrokenLink {
        seq: last_seq + 1,
        event_id: None,
        problem: format!(
            "events {} to {head} are missing: this site wrote {head} events but the chain ends at event {last_seq}",
            last_seq + 1
        ),
        site_id: site,
    })
}
