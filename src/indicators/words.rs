//! The words indicators compare and write, as expressions: vocabulary values through their
//! enums (`is(Direction::Outgoing)`), and the few words of mobistat's own that tables hold
//! ("all", "other", "unspecified", a target's status), so that no indicator spells a value.

use crate::schema::vocab::{
    Activity, Agreement, Direction, Funding, Level, Measure, Participant, StudentStatus,
    WelcomeKind,
};
use polars::prelude::*;

/// A vocabulary whose values sit in one canonical column.
pub trait VocabColumn: Copy {
    /// The canonical column holding it.
    const COLUMN: &'static str;
    /// The value as the tables write it.
    fn word(self) -> &'static str;
}

macro_rules! vocab_column {
    ($($ty:ty => $column:literal),+ $(,)?) => {
        $(impl VocabColumn for $ty {
            const COLUMN: &'static str = $column;
            fn word(self) -> &'static str {
                self.as_str()
            }
        })+
    };
}

vocab_column!(
    Direction => "direction",
    Participant => "participant",
    Activity => "activity",
    Funding => "funding",
    Agreement => "agreement",
    Level => "level",
    StudentStatus => "status",
    WelcomeKind => "kind",
    Measure => "measure",
);

/// True on the rows whose column holds `value` (`is(Direction::Outgoing)`).
pub fn is<V: VocabColumn>(value: V) -> Expr {
    col(V::COLUMN).eq(word(value))
}

/// True on the rows whose column holds one of `values`.
pub fn is_any<V: VocabColumn>(values: &[V]) -> Expr {
    values
        .iter()
        .map(|v| is(*v))
        .reduce(|a, b| a.or(b))
        .unwrap_or_else(|| lit(false))
}

/// A vocabulary value as a literal.
pub fn word<V: VocabColumn>(value: V) -> Expr {
    lit(value.word())
}

/// Words of mobistat's own that indicator tables hold beside the data's values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Own {
    /// The row that sums a table's groups ("all" programmes, "all" agreement types).
    All,
    /// The row of everything below a ranking's cut.
    Other,
    /// A group whose key the data does not give (no programme, no level, no project).
    Unspecified,
}

impl Own {
    /// The word as the tables write it.
    pub const fn as_str(self) -> &'static str {
        match self {
            Own::All => "all",
            Own::Other => "other",
            Own::Unspecified => "unspecified",
        }
    }

    /// The word as a literal, coded as the tables' text is: it stands beside their values in
    /// one column ("all" faculties above the faculties, "other" below the top countries).
    pub fn lit(self) -> Expr {
        lit(self.as_str()).cast(crate::schema::text_column::coded_dtype())
    }

    /// The word as a string literal, beside text the plan writes as strings (the activity codes
    /// it derives, the grants' project references).
    pub fn text(self) -> Expr {
        lit(self.as_str())
    }
}

/// Where a target stands in the reporting year: every target is a floor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TargetStatus {
    /// The actual value reaches the target.
    Met,
    /// It does not.
    NotMet,
    /// The data cannot give the figure.
    NoData,
}

impl TargetStatus {
    /// Every status.
    pub const ALL: [TargetStatus; 3] = [
        TargetStatus::Met,
        TargetStatus::NotMet,
        TargetStatus::NoData,
    ];

    /// The status as the targets table writes it.
    pub const fn as_str(self) -> &'static str {
        match self {
            TargetStatus::Met => "met",
            TargetStatus::NotMet => "not met",
            TargetStatus::NoData => "no data",
        }
    }

    /// Reads a status as the table writes it.
    pub fn parse(text: &str) -> Option<TargetStatus> {
        Self::ALL.into_iter().find(|s| s.as_str() == text)
    }

    /// The status as a literal.
    pub fn lit(self) -> Expr {
        lit(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vocabulary_values_select_their_rows() {
        let df = df!(
            "direction" => [Some("outgoing"), Some("incoming"), None],
            "activity" => ["study", "teaching", "traineeship"],
        )
        .unwrap();
        let out = df
            .lazy()
            .select([
                is(Direction::Outgoing).alias("out"),
                is_any(&[Activity::Study, Activity::Traineeship]).alias("qualifying"),
                word(Funding::ErasmusKa171).alias("funding"),
                Own::All.lit().alias("all"),
            ])
            .collect()
            .unwrap();
        let bools = |name: &str| -> Vec<Option<bool>> {
            out.column(name).unwrap().bool().unwrap().iter().collect()
        };
        assert_eq!(bools("out"), [Some(true), Some(false), None]);
        assert_eq!(bools("qualifying"), [Some(true), Some(false), Some(true)]);
        assert_eq!(
            crate::schema::text_column::TextColumn::of(&out, "funding").get(0),
            Some("erasmus_ka171")
        );
        assert_eq!(
            crate::schema::text_column::TextColumn::of(&out, "all").get(0),
            Some("all")
        );
    }

    #[test]
    fn target_statuses_read_back() {
        for status in TargetStatus::ALL {
            assert_eq!(TargetStatus::parse(status.as_str()), Some(status));
        }
        assert_eq!(TargetStatus::parse("met?"), None);
    }
}
