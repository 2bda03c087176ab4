//! A field's memo of parsed spellings, so that validation costs a hash lookup per distinct
//! spelling rather than a parse per cell.

use super::fields::Kind;
use super::parse::{parse_cell, ParseContext, Problem, Value};
use crate::ingest::Cell;
use std::collections::HashMap;

/// A field's memo of parsed spellings: one hash lookup instead of cleaning, folding and
/// normalising the same text again. Most columns of an export hold few distinct spellings (a
/// million rows carry a few thousand dates, fifty countries, ten activities); a column of
/// unique values (identifiers, names) is noticed after a sample and no longer remembered, so it
/// costs neither the lookups nor the memory.
#[derive(Default)]
pub(super) struct Memo {
    map: HashMap<Box<str>, std::result::Result<Value, Problem>, foldhash::fast::FixedState>,
    lookups: u32,
    hits: u32,
    off: bool,
}

/// Distinct spellings remembered per field: memory stays proportional to the data.
const MEMO_LIMIT: usize = 50_000;
/// Lookups after which a field whose spellings rarely repeat stops being memoised.
const MEMO_SAMPLE: u32 = 4096;

impl Memo {
    /// Parses one cell through the memo. The memo only ever returns what [`parse_cell`] returns
    /// for the same text, so outputs do not depend on it.
    pub(super) fn parse(
        &mut self,
        kind: Kind,
        cell: &Cell,
        ctx: ParseContext,
    ) -> std::result::Result<Value, Problem> {
        // Lists are built per row; other kinds are pure functions of the text.
        let Some(text) = cell
            .as_text()
            .filter(|_| !self.off && kind != Kind::Programmes)
        else {
            return parse_cell(kind, cell, ctx);
        };
        self.lookups += 1;
        if let Some(hit) = self.map.get(text) {
            self.hits += 1;
            return hit.clone();
        }
        // Judged on misses once the sample is taken: a hit at exactly the sample's end must not
        // leave a column of unique values memoised for good.
        if self.lookups >= MEMO_SAMPLE && self.hits < self.lookups / 2 {
            self.off = true;
            self.map = HashMap::default();
            return parse_cell(kind, cell, ctx);
        }
        let parsed = parse_cell(kind, cell, ctx).map(Value::shared);
        if self.map.len() < MEMO_LIMIT {
            self.map.insert(text.into(), parsed.clone());
        }
        parsed
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CTX: ParseContext = ParseContext { first_month: 9 };

    #[test]
    fn a_column_of_unique_values_stops_being_remembered() {
        let mut memo = Memo::default();
        // 5,000 distinct ids: no hit in the first 4,096 lookups, so the memo turns off.
        for i in 0..5_000 {
            let cell = Cell::Text(format!("P{i:08}"));
            let parsed = memo.parse(Kind::Id, &cell, CTX).unwrap();
            assert_eq!(parsed.text(), Some(format!("P{i:08}").as_str()));
        }
        assert!(memo.off);
        assert!(memo.map.is_empty());
    }

    #[test]
    fn repeated_spellings_are_parsed_once_and_give_what_the_parser_gives() {
        let mut memo = Memo::default();
        // Ten dates written in turn 5,000 times: ten entries, 4,990 hits, the memo stays on.
        let dates: Vec<String> = (1..=10).map(|d| format!("{d:02}/09/2024")).collect();
        for i in 0..5_000 {
            let cell = Cell::Text(dates[i % 10].clone());
            let memoised = memo.parse(Kind::Date, &cell, CTX).unwrap();
            assert_eq!(memoised, parse_cell(Kind::Date, &cell, CTX).unwrap());
        }
        assert!(!memo.off);
        assert_eq!(memo.map.len(), 10);
        assert_eq!(memo.hits, 4_990);
    }
}
