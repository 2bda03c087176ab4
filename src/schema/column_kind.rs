//! What the values of an output column mean (a count, a percentage, an amount, a year, a
//! country, a word of a vocabulary...), declared once per column by the indicator registry and
//! read by every output: number formats, the report's year filter, value translation.

/// The meaning of an output column's values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ColumnKind {
    /// A whole number of people, mobilities, partners, days...: "1,234".
    Count,
    /// A position in a ranking: 1, 2, 3.
    Rank,
    /// A number naming something (a KA171 region number): shown as it is.
    Code,
    /// A percentage, already × 100: one decimal.
    Percent,
    /// A mean or another measured quantity: one decimal.
    Decimal,
    /// Any other number (a target, an actual value, a gap): as it is.
    Number,
    /// An amount in euros: two decimals.
    Money,
    /// A calendar year (2024): never "2,024".
    Year,
    /// An academic year ("2024-2025"): the reports keep the reporting year's rows by it.
    AcademicYear,
    /// A word of one of mobistat's vocabularies (outgoing, study, erasmus, met...): translated.
    Vocabulary,
    /// The institution's own words (programme names, project references), where mobistat's
    /// few words of its own ("all", "unspecified") are translated and the rest kept.
    OwnWords,
    /// An ISO 3166-1 alpha-2 country code: shown as the country's name.
    Country,
    /// A continent, in English: translated.
    Continent,
    /// A KA171 region's name, in English: translated.
    Region,
    /// Text shown as it is (Erasmus+ activity codes).
    Text,
}

impl ColumnKind {
    /// Whether the reports restrict a table to the reporting year by this column.
    pub fn is_academic_year(self) -> bool {
        self == ColumnKind::AcademicYear
    }

    /// Decimals a float of this kind is shown with: money to the cent, everything else (rates,
    /// shares, mean durations) to one decimal, so that a column lines up.
    pub fn decimals(self) -> usize {
        match self {
            ColumnKind::Money => 2,
            _ => 1,
        }
    }
}

/// Whether an output column tells something about a few people, for the small-cell
/// suppression of the outputs meant for people (`src/indicators/privacy.rs`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Privacy {
    /// Not about people, or about so many that no one can be singled out: institutions,
    /// partners, agreements, projects, countries, nationalities, planned mobilities, money,
    /// years, words.
    Open,
    /// A count of people (or of their mobilities: a mobility is one person's stay): shown
    /// only when 0 or at least the threshold.
    Persons,
    /// A value measured over the people counted by the listed columns of the same row
    /// (their days abroad, their mean stay, their rate or share): hidden with any of them.
    OfPersons(&'static [&'static str]),
}

/// One output column: its name, what its values mean, and whether it is about people.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ColumnDef {
    pub name: &'static str,
    pub kind: ColumnKind,
    pub privacy: Privacy,
}

impl ColumnDef {
    /// A column named `name` of `kind`, not about people.
    pub const fn new(name: &'static str, kind: ColumnKind) -> Self {
        ColumnDef {
            name,
            kind,
            privacy: Privacy::Open,
        }
    }

    /// A count of people named `name`.
    pub const fn persons(name: &'static str) -> Self {
        ColumnDef {
            privacy: Privacy::Persons,
            ..ColumnDef::new(name, ColumnKind::Count)
        }
    }

    /// A column of `kind` measured over the people that the row's columns `of` count.
    pub const fn of_persons(
        name: &'static str,
        kind: ColumnKind,
        of: &'static [&'static str],
    ) -> Self {
        ColumnDef {
            privacy: Privacy::OfPersons(of),
            ..ColumnDef::new(name, kind)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_keeps_its_cents_and_the_rest_one_decimal() {
        assert_eq!(ColumnKind::Money.decimals(), 2);
        assert_eq!(ColumnKind::Percent.decimals(), 1);
        assert_eq!(ColumnKind::Decimal.decimals(), 1);
        assert!(ColumnKind::AcademicYear.is_academic_year());
        assert!(!ColumnKind::Year.is_academic_year());
    }
}
