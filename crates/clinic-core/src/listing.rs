//! Paging and sorting of patient lists, shared by the store and the UI contract.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::patient::PatientSummary;

/// The largest page a list may ask for.
pub const MAX_PAGE_SIZE: u32 = 200;

/// How a patient list is ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS, Default)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum PatientSort {
    #[default]
    FamilyName,
    GivenName,
    DateOfBirth,
    RecentlyUpdated,
    Mrn,
}

/// One page of the patient list, as the UI asks for it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ListPatientsRequest {
    /// 1-based page number.
    pub page: u32,
    pub page_size: u32,
    pub sort: PatientSort,
    pub include_archived: bool,
}

impl ListPatientsRequest {
    /// The page clamped to sane bounds: page ≥ 1, 1 ≤ size ≤ [`MAX_PAGE_SIZE`].
    pub fn clamped(&self) -> ListPatientsRequest {
        ListPatientsRequest { page: self.page.max(1), page_size: self.page_size.clamp(1, MAX_PAGE_SIZE), ..self.clone() }
    }

    /// Rows to skip before this page.
    pub fn offset(&self) -> u64 {
        let c = self.clamped();
        u64::from(c.page - 1) * u64::from(c.page_size)
    }
}

/// One page of patients and the total across all pages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct PatientPage {
    pub items: Vec<PatientSummary>,
    #[ts(type = "number")]
    pub total: u64,
    pub page: u32,
    pub page_size: u32,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paging_is_clamped() {
        let r = ListPatientsRequest { page: 0, page_size: 10_000, sort: PatientSort::Mrn, include_archived: false };
        let c = r.clamped();
        assert_eq!((c.page, c.page_size), (1, MAX_PAGE_SIZE));
        assert_eq!(r.offset(), 0);
        let third = ListPatientsRequest { page: 3, page_size: 25, ..r };
        assert_eq!(third.offset(), 50);
    }
}
