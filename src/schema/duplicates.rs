//! What makes two mobilities the same one: the same person, partner and start date. The key
//! is used by the row builder (within a file) and by `tables` (across files).

use crate::normalise::text::fold;
use std::hash::{Hash, Hasher};

/// A mobility's identity as two independent 64-bit hashes of (person, partner, start date).
/// A false match needs both to collide (odds around 1e-38 for a pair of rows), so no key
/// strings are kept: 16 bytes a row. The partner is its Erasmus code when it has one (codes are
/// normalised, so spellings agree), else its name folded (case, accents, punctuation).
pub fn mobility_key(
    person: &str,
    code: Option<&str>,
    name: Option<&str>,
    start_days: i32,
) -> (u64, u64) {
    let partner = match code {
        Some(c) => std::borrow::Cow::Borrowed(c),
        None => std::borrow::Cow::Owned(fold(name.unwrap_or_default())),
    };
    let hash = |salt: u8| {
        let mut h = std::collections::hash_map::DefaultHasher::new();
        (salt, person, &*partner, start_days).hash(&mut h);
        h.finish()
    };
    (hash(1), hash(2))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_person_partner_and_start_is_one_key() {
        let a = mobility_key("E1", Some("A  WIEN02"), Some("TU Wien"), 19968);
        assert_eq!(
            a,
            mobility_key(
                "E1",
                Some("A  WIEN02"),
                Some("Technische Universität Wien"),
                19968
            )
        );
        assert_ne!(a, mobility_key("E1", Some("A  WIEN02"), None, 19969));
        assert_ne!(a, mobility_key("E2", Some("A  WIEN02"), None, 19968));
        // Without codes, names compare folded.
        assert_eq!(
            mobility_key("E1", None, Some("TU Wien"), 1),
            mobility_key("E1", None, Some("tu wien"), 1)
        );
    }
}
