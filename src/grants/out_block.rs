//! One block of the per-mobility grants table under construction: a builder per column, filled
//! row by row, finished into Polars columns in the table's order with its repeating text coded.

use polars::prelude::*;

/// The columns of the table, in order.
pub const COLUMNS: [&str; 26] = [
    "mobility_id",
    "person_id",
    "project_reference",
    "key_action",
    "call_year",
    "academic_year",
    "direction",
    "participant",
    "activity",
    "activity_code",
    "country",
    "mobility_status",
    "rule",
    "country_group",
    "days",
    "months",
    "extra_days",
    "individual_support",
    "top_ups",
    "travel",
    "inclusion_support",
    "total",
    "distance_band",
    "distance_from",
    "rates_missing",
    "rates_used",
];

/// One block's output columns, filled row by row straight into Polars' builders.
pub(super) struct Out {
    /// Text columns: the ten the mobility gives, then the six the rules give.
    pub(super) text: [StringChunkedBuilder; 16],
    pub(super) int: [PrimitiveChunkedBuilder<Int64Type>; 4],
    pub(super) money: [PrimitiveChunkedBuilder<Float64Type>; 5],
    pub(super) distance_from: StringChunkedBuilder,
}

impl Out {
    pub(super) fn with_capacity(rows: usize) -> Out {
        Out {
            text: std::array::from_fn(|_| StringChunkedBuilder::new(PlSmallStr::EMPTY, rows)),
            int: std::array::from_fn(|_| PrimitiveChunkedBuilder::new(PlSmallStr::EMPTY, rows)),
            money: std::array::from_fn(|_| PrimitiveChunkedBuilder::new(PlSmallStr::EMPTY, rows)),
            distance_from: StringChunkedBuilder::new(PlSmallStr::EMPTY, rows),
        }
    }

    /// The block's columns, in the order of [`COLUMNS`].
    pub(super) fn finish(self) -> Vec<Column> {
        let [id, person, project, action, year, direction, participant, activity, code, country, status, rule, group, band, missing, used] =
            self.text.map(|b| b.finish().into_column());
        let [call, days, months, extra] = self.int.map(|b| b.finish().into_column());
        let [individual, top_ups, travel, inclusion, total] =
            self.money.map(|b| b.finish().into_column());
        let from = self.distance_from.finish().into_column();
        let columns = vec![
            id,
            person,
            project,
            action,
            call,
            year,
            direction,
            participant,
            activity,
            code,
            country,
            status,
            rule,
            group,
            days,
            months,
            extra,
            individual,
            top_ups,
            travel,
            inclusion,
            total,
            band,
            from,
            missing,
            used,
        ];
        columns
            .into_iter()
            .zip(COLUMNS)
            .map(|(column, name)| {
                let column = column.with_name(name.into());
                if column.dtype() == &DataType::String && !STRINGS.contains(&name) {
                    column
                        .cast(&crate::schema::text_column::coded_dtype())
                        .expect("text casts to categories")
                } else {
                    column
                }
            })
            .collect()
    }
}

/// The text columns that stay strings, as in the mobilities: identifiers, projects and years,
/// and the key action, which the per-project table beside it gives as text. The others repeat
/// from row to row and are coded as the canonical tables' repeating text is: a 4-byte id a
/// row.
const STRINGS: [&str; 5] = [
    "mobility_id",
    "person_id",
    "project_reference",
    "key_action",
    "academic_year",
];
