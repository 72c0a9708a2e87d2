//! Identifiers: UUIDv7, minted where a row is created so offline sites never collide.

use uuid::Uuid;

/// A new time-ordered UUIDv7, the primary key of every synced row.
pub fn new_id() -> Uuid {
    Uuid::now_v7()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_v7_and_ordered_by_creation() {
        let a = new_id();
        let b = new_id();
        assert_eq!(a.get_version_num(), 7);
        assert!(a < b, "UUIDv7 made later must sort later");
    }
}
