//! A text column of few distinct values under construction: each distinct value is kept once
//! and each row holds its value's code. The finished column is Polars categories (a 4-byte id
//! a row), or for an identifier column string views that all point at one copy of each value:
//! a programme's or a partner's name is stored once, not once per mobility.

use super::parse::Value;
use polars::prelude::*;
use std::collections::HashMap;
use std::sync::Arc;

/// Distinct values beyond which a column is one of identifiers or names: it is built row by
/// row instead, since a code per row would then save nothing.
const MAX_DISTINCT: usize = 1 << 16;
/// Rows after which a column whose values are mostly distinct is built row by row.
const SAMPLE: usize = 4096;

type Fast = foldhash::fast::FixedState;

/// The distinct values met so far and a code per row.
pub(super) struct Coded {
    /// Each distinct value (or null) once; its position is its code.
    values: Vec<Option<Arc<str>>>,
    /// Codes of shared (memoised) values by address, so a repeat costs no hashing of its text.
    /// The map holds each value it names: no other value can take that address meanwhile.
    by_address: HashMap<usize, (Arc<str>, IdxSize), Fast>,
    by_text: HashMap<Arc<str>, IdxSize, Fast>,
    null: Option<IdxSize>,
    codes: Vec<IdxSize>,
}

impl Coded {
    /// An empty column with room for `rows` codes.
    pub(super) fn with_capacity(rows: usize) -> Self {
        Coded {
            values: Vec::new(),
            by_address: HashMap::default(),
            by_text: HashMap::default(),
            null: None,
            codes: Vec::with_capacity(rows),
        }
    }

    /// Appends `value`'s code. Returns false, appending nothing, when `value` is a new distinct
    /// value in a column with too many of them to be worth coding.
    pub(super) fn push(&mut self, value: &Value) -> bool {
        let code = match value {
            Value::Shared(v) => {
                let address = Arc::as_ptr(v) as *const u8 as usize;
                match self.by_address.get(&address) {
                    Some(&(_, code)) => Some(code),
                    None => {
                        let code = self.code_of_text(v);
                        // Bounded: values shared by a few rows only would otherwise each stay.
                        if let Some(code) = code.filter(|_| self.by_address.len() < MAX_DISTINCT) {
                            self.by_address.insert(address, (v.clone(), code));
                        }
                        code
                    }
                }
            }
            other => match other.text() {
                Some(text) => self.code_of_text(text),
                None => Some(*self.null.get_or_insert_with(|| {
                    self.values.push(None);
                    (self.values.len() - 1) as IdxSize
                })),
            },
        };
        match code {
            Some(code) => {
                self.codes.push(code);
                true
            }
            None => false,
        }
    }

    /// The code of `text`, a new one if it is new; None when the column has too many.
    fn code_of_text(&mut self, text: &str) -> Option<IdxSize> {
        if let Some(&code) = self.by_text.get(text) {
            return Some(code);
        }
        let distinct = self.values.len();
        if distinct >= MAX_DISTINCT
            || (self.codes.len() >= SAMPLE && distinct > self.codes.len() / 2)
        {
            return None;
        }
        let value: Arc<str> = text.into();
        let code = distinct as IdxSize;
        self.values.push(Some(value.clone()));
        self.by_text.insert(value, code);
        Some(code)
    }

    /// The rows so far, one by one, into `builder`: a column that stops being coded.
    pub(super) fn replay(&self, builder: &mut StringChunkedBuilder) {
        for &code in &self.codes {
            builder.append_option(self.values[code as usize].as_deref());
        }
    }

    /// The finished column: each row's view points into the one copy of its value.
    pub(super) fn finish_plain(self, name: PlSmallStr) -> StringChunked {
        let values = StringChunked::from_iter_options(
            name.clone(),
            self.values.iter().map(|v| v.as_deref()),
        );
        drop((self.by_address, self.by_text));
        let codes = IdxCa::from_vec(name, self.codes);
        // Codes were given out as positions of `values`, so every one is in bounds.
        values
            .take(&codes)
            .expect("every code is a position of the distinct values")
    }

    /// The finished column: categories, each distinct value stored once in Polars' global
    /// categories and each row its 4-byte id (without nulls, the codes' own buffer rewritten in
    /// place).
    pub(super) fn finish_coded(self, name: PlSmallStr) -> Series {
        let mapping = Categories::global().mapping();
        let ids: Vec<u32> = self
            .values
            .iter()
            .map(|v| {
                // The null code's id is never read: its rows are invalid.
                v.as_deref().map_or(0, |t| {
                    mapping
                        .insert_cat(t)
                        .expect("fewer than 2^32 distinct values")
                })
            })
            .collect();
        drop((self.by_address, self.by_text));
        let physical = match self.null {
            None => UInt32Chunked::from_vec(
                name,
                self.codes.into_iter().map(|c| ids[c as usize]).collect(),
            ),
            Some(null) => UInt32Chunked::from_iter_options(
                name,
                self.codes
                    .iter()
                    .map(|&c| (c != null).then(|| ids[c as usize])),
            ),
        };
        let dtype = super::text_column::coded_dtype();
        // Every id was just given by the mapping of `dtype`.
        unsafe {
            Categorical32Chunked::from_cats_and_dtype_unchecked(physical, dtype).into_series()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(column: &StringChunked) -> Vec<Option<&str>> {
        column.iter().collect()
    }

    #[test]
    fn rows_keep_their_values_and_each_value_is_stored_once() {
        let mut coded = Coded::with_capacity(0);
        let shared: Arc<str> = "Electrical Engineering".into();
        for value in [
            Value::Shared(shared.clone()),
            Value::Null,
            Value::Text("Electrical Engineering".into()),
            Value::Shared(shared.clone()),
            Value::Text("Food Science and Nutrition".into()),
        ] {
            assert!(coded.push(&value));
        }
        let column = coded.finish_plain("home_programme".into());
        assert_eq!(
            rows(&column),
            vec![
                Some("Electrical Engineering"),
                None,
                Some("Electrical Engineering"),
                Some("Electrical Engineering"),
                Some("Food Science and Nutrition"),
            ]
        );
        // The two long values' bytes once each (22 + 26), not once per row (22 × 3 + 26).
        let array = column.downcast_iter().next().unwrap();
        assert_eq!(array.total_buffer_len(), 48);
    }

    #[test]
    fn coded_rows_are_categories_of_their_values() {
        let mut coded = Coded::with_capacity(0);
        for value in [
            Value::Text("DE".into()),
            Value::Null,
            Value::Text("AT".into()),
        ] {
            assert!(coded.push(&value));
        }
        coded.push(&Value::Text("DE".into()));
        let column = coded.finish_coded("partner_country".into());
        assert_eq!(column.dtype(), &super::super::text_column::coded_dtype());
        let text: Vec<_> = column.cat32().unwrap().iter_str().collect();
        assert_eq!(text, [Some("DE"), None, Some("AT"), Some("DE")]);
    }

    #[test]
    fn a_column_of_mostly_distinct_values_stops_being_coded() {
        let mut coded = Coded::with_capacity(0);
        for i in 0..SAMPLE {
            assert!(coded.push(&Value::Text(format!("MOB-{i:08}"))));
        }
        // Past the sample, a new value in a column of only new values is refused...
        assert!(!coded.push(&Value::Text("MOB-99999999".into())));
        // ...while a value already met is still coded.
        assert!(coded.push(&Value::Text("MOB-00000007".into())));
        let mut builder = StringChunkedBuilder::new("mobility_id".into(), 0);
        coded.replay(&mut builder);
        let column = builder.finish();
        assert_eq!(column.len(), SAMPLE + 1);
        assert_eq!(column.get(SAMPLE), Some("MOB-00000007"));
        assert_eq!(column.get(1), Some("MOB-00000001"));
    }
}
