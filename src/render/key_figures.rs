//! The headline figures of the reporting year with their change against the year before, as
//! the key-figures card (PNG, SVG) and the HTML report show them.

use crate::i18n::Language;
use crate::i18n::{self, fill, number_auto, percent, signed};
use crate::indicators::coverage::Population;
use crate::indicators::privacy::Hidden;
use crate::indicators::{Absence, Computed, Indicator, KeyFigure};
use crate::settings::Preset;
use polars::prelude::*;

/// What the card and the report show for a figure the data cannot give.
pub const NOT_AVAILABLE: &str = "—";

/// The figures on the card, in reading order: mobility first, then partnerships, the campus
/// and staff. The Erasmus+ share of partners is left to the partners section.
pub const CARD: [KeyFigure; 12] = [
    KeyFigure::OutgoingRatePct,
    KeyFigure::StudentsOut,
    KeyFigure::StudentsIn,
    KeyFigure::InternationalTraineeships,
    KeyFigure::Partners,
    KeyFigure::DoubleDegreeAgreements,
    KeyFigure::InternationalStudents,
    KeyFigure::InternationalStudentsSharePct,
    KeyFigure::Nationalities,
    KeyFigure::VisitingProfessors,
    KeyFigure::StaffAbroad,
    KeyFigure::IcmCountries,
];

/// One headline figure of the reporting year.
#[derive(Debug, Clone, PartialEq)]
pub struct Headline {
    /// The figure.
    pub key: KeyFigure,
    /// Its value in the reporting year; None when the data cannot give it.
    pub value: Option<f64>,
    /// Its value in the year before the reporting year, when the data has that year.
    pub previous: Option<f64>,
    /// The previous academic year ("2023-2024"), when the data has it.
    pub previous_year: Option<String>,
    /// Why there is no value, when there is none, and the reporting year it is missing in.
    pub absence: Option<(Absence, String)>,
    /// The `[privacy]` threshold, when the value counts fewer people and is hidden.
    pub hidden: Option<u32>,
}

impl Headline {
    /// Whether the figure is a percentage (its change is then in points).
    pub fn is_percent(&self) -> bool {
        self.key.is_percent()
    }

    /// The value as the card prints it ("89,5 %", "124"), or "—" when not available.
    pub fn value_text(&self, lang: Language) -> String {
        if let Some(min) = self.hidden {
            return fill(lang, "privacy.marker", &[("min", &min.to_string())]);
        }
        match self.value {
            Some(v) if self.is_percent() => percent(lang, v),
            Some(v) => number_auto(lang, v, 1),
            None => NOT_AVAILABLE.to_string(),
        }
    }

    /// The caption under the value ("partner institutions").
    pub fn label(&self, lang: Language) -> String {
        i18n::text(lang, &format!("key_figure.{}.label", self.key.id()))
    }

    /// The change against the previous year ("+6 vs 2023-2024", "−1.2 pts vs 2023-2024"), or
    /// a sentence saying there is nothing to compare with.
    pub fn change_text(&self, lang: Language) -> String {
        if let Some(min) = self.hidden {
            return fill(lang, "privacy.card_change", &[("min", &min.to_string())]);
        }
        if let (None, Some((absence, year))) = (self.value, &self.absence) {
            return absence_text(lang, *absence, year);
        }
        let (Some(now), Some(before), Some(year)) =
            (self.value, self.previous, &self.previous_year)
        else {
            return i18n::text(lang, "card.no_previous");
        };
        let key = if self.is_percent() {
            "card.change_points"
        } else {
            "card.change"
        };
        fill(
            lang,
            key,
            &[("change", &signed(lang, now - before, 1)), ("year", year)],
        )
    }
}

/// The « Bienvenue en France » dossier's card: the label's headline figures.
pub const BIENVENUE_CARD: [KeyFigure; 8] = [
    KeyFigure::InternationalStudents,
    KeyFigure::InternationalStudentsSharePct,
    KeyFigure::Nationalities,
    KeyFigure::StudentsIn,
    KeyFigure::ProgrammesInEnglish,
    KeyFigure::FleHours,
    KeyFigure::HousingPlacesPer100,
    KeyFigure::DoubleDegreeAgreements,
];

/// The figures on the card of `preset`.
pub fn card(preset: Preset) -> &'static [KeyFigure] {
    match preset {
        Preset::BienvenueEnFrance => &BIENVENUE_CARD,
        Preset::Full | Preset::Erasmus | Preset::Leadership => &CARD,
    }
}

/// The `figures` of the reporting year and of the year before, from key_figures
/// with its `hidden` cells emptied (a hidden figure shows "< 5"; a hidden figure of the year
/// before leaves no change to show).
pub fn headlines(computed: &Computed, hidden: &Hidden, figures: &[KeyFigure]) -> Vec<Headline> {
    let previous_year = previous_academic_year(&computed.year);
    let table = computed.get(Indicator::KeyFigures);
    let row_of = |year: &str| -> Option<usize> {
        let years = table?.column("academic_year").ok()?.str().ok()?.clone();
        let row = years.iter().position(|y| y == Some(year));
        row
    };
    let this_row = row_of(&computed.year);
    let previous_row = previous_year.as_deref().and_then(row_of);
    let value = |key: KeyFigure, row: Option<usize>| -> Option<f64> {
        let column = table?
            .column(key.id())
            .ok()?
            .cast(&DataType::Float64)
            .ok()?;
        column.f64().ok()?.get(row?)
    };
    figures
        .iter()
        .map(|&key| {
            let is_hidden = |row: Option<usize>| {
                row.is_some_and(|r| hidden.is_hidden(Indicator::KeyFigures, r, key.id()))
            };
            let (now, previous) = (value(key, this_row), value(key, previous_row));
            if is_hidden(this_row) {
                return Headline {
                    key,
                    value: None,
                    previous: None,
                    previous_year: None,
                    absence: None,
                    hidden: Some(hidden.min_cell),
                };
            }
            Headline {
                key,
                value: now,
                previous: previous.filter(|_| !is_hidden(previous_row)),
                previous_year: previous_row.and(previous_year.clone()),
                absence: now
                    .is_none()
                    .then(|| (computed.absence(key), computed.year.clone())),
                hidden: None,
            }
        })
        .collect()
}

/// Why a figure is not available, in a few words for the reader ("no incoming student list
/// was provided").
pub fn absence_text(lang: Language, absence: Absence, year: &str) -> String {
    let population = |(direction, participant): Population| {
        format!("{}_{}", direction.as_str(), participant.as_str())
    };
    match absence {
        Absence::NoList(p) => i18n::text(lang, &format!("absence.no_list.{}", population(p))),
        Absence::YearOutside(p) => fill(
            lang,
            &format!("absence.year.{}", population(p)),
            &[("year", year)],
        ),
        Absence::NoTable(table) => i18n::text(lang, &format!("absence.no_table.{table}")),
        Absence::InstitutionOnly(table) => {
            i18n::text(lang, &format!("absence.institution_only.{table}"))
        }
        Absence::NotInYear => fill(lang, "absence.not_in_year", &[("year", year)]),
    }
}

/// "2024-2025" → "2023-2024"; None when the text is not an academic year.
fn previous_academic_year(year: &str) -> Option<String> {
    let (start, end) = year.split_once('-')?;
    let (start, end): (i32, i32) = (start.parse().ok()?, end.parse().ok()?);
    Some(format!("{}-{}", start - 1, end - 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn computed(df: DataFrame) -> Computed {
        Computed {
            year: "2024-2025".into(),
            year_is_default: false,
            tables: vec![(Indicator::KeyFigures, df)],
            unavailable: vec![],
            ..Default::default()
        }
    }

    #[test]
    fn change_against_the_year_before() {
        let df = df!(
            "academic_year" => ["2023-2024", "2024-2025"],
            "outgoing_rate_pct" => [Some(90.7), Some(89.5)],
            "partners" => [Some(118i64), Some(124)],
            "students_out" => [None::<i64>, Some(396)],
        )
        .unwrap();
        let h = headlines(&computed(df), &Hidden::default(), &CARD);
        assert_eq!(h.len(), CARD.len());
        let rate = &h[0];
        assert_eq!((rate.value, rate.previous), (Some(89.5), Some(90.7)));
        // 89.5 - 90.7 = -1.2 points.
        assert_eq!(rate.change_text(Language::En), "−1.2 pts vs 2023-2024");
        assert_eq!(rate.value_text(Language::Fr), "89,5\u{a0}%");
        let partners = h.iter().find(|h| h.key == KeyFigure::Partners).unwrap();
        // 124 - 118 = +6.
        assert_eq!(
            partners.change_text(Language::Fr),
            "+6 par rapport à 2023-2024"
        );
        let out = h.iter().find(|h| h.key == KeyFigure::StudentsOut).unwrap();
        assert_eq!(
            out.change_text(Language::En),
            "no figure for the year before"
        );
        // A figure the table lacks is unknown, not zero.
        let dd = h
            .iter()
            .find(|h| h.key == KeyFigure::DoubleDegreeAgreements)
            .unwrap();
        assert_eq!(dd.value, None);
        assert_eq!(dd.value_text(Language::En), "—");
        // The test's inputs give no table at all: the reason names the partner list.
        assert_eq!(dd.change_text(Language::En), "no partner list was provided");
        assert_eq!(
            dd.change_text(Language::Fr),
            "aucune liste de partenaires n'a été fournie"
        );
    }

    #[test]
    fn no_previous_year_in_the_data() {
        let df = df!("academic_year" => ["2024-2025"], "partners" => [124i64]).unwrap();
        let h = headlines(&computed(df), &Hidden::default(), &CARD);
        assert_eq!(h[4].previous_year, None);
        assert_eq!(
            previous_academic_year("2024-2025").as_deref(),
            Some("2023-2024")
        );
        assert_eq!(previous_academic_year("all"), None);
    }
}
