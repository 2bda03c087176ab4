//! The `llp-legacy` profile: the pre-2014 (Lifelong Learning Programme) student files of the
//! Commission, one row per outgoing student with a duration in months and no host or dates.
//! Durations a spreadsheet turned into dates ("Sep-75" for 9.75 months) are read as the number
//! they most likely held, and each such cell is reported.

use super::columns::{cell, text, Columns};
use super::{Layout, Note};
use crate::i18n::Message;
use crate::ingest::Cell;
use crate::normalise::spreadsheet_date_number::{number_turned_date, Mangling};
use crate::validate::{Rule, Severity};

const FIELDS: &[&str] = &[
    "direction",
    "participant",
    "activity",
    "nationality",
    "gender",
    "duration_days",
];

/// Days in a month of mobility. The Erasmus+ Programme Guide counts a month as 30 days when
/// it computes grants for incomplete months ("1/30 of the monthly unit cost per day"; Part B,
/// Mobility projects for higher education students and staff, Individual support).
pub const DAYS_PER_MONTH: f64 = 30.0;

#[derive(Debug, Default)]
struct Found {
    cols: Columns,
    nationality: Option<usize>,
    gender: Option<usize>,
    duration: Option<usize>,
    study_grant: Option<usize>,
    placement_grant: Option<usize>,
}

/// The LLP student-file layout.
#[derive(Default)]
pub(crate) struct Llp {
    found: Option<Found>,
}

/// A duration cell in months as days, with what to say about it.
pub fn duration_days(cell: &Cell) -> (Option<i64>, Option<(Severity, Rule, Message)>) {
    let days = |months: f64| (months * DAYS_PER_MONTH).round() as i64;
    let text = match cell {
        Cell::Number(n) => return (Some(days(*n)), None),
        Cell::Empty => {
            return (
                None,
                Some((
                    Severity::Warning,
                    Rule::RequiredMissing,
                    Message::new("profile.no_duration"),
                )),
            )
        }
        other => other.display(),
    };
    let trimmed = text.trim();
    if let Ok(n) = trimmed.replace(',', ".").parse::<f64>() {
        return (Some(days(n)), None);
    }
    match number_turned_date(trimmed) {
        Some((months, how)) => {
            let shape = match how {
                Mangling::MonthYear => "message.profile.shape_month_year",
                Mangling::DayMonth => "message.profile.shape_day_month",
            };
            (
                Some(days(months)),
                Some((
                    Severity::Warning,
                    Rule::MangledNumber,
                    Message::new("profile.mangled_months")
                        .with("value", trimmed)
                        .with("months", months)
                        .with_word("shape", shape)
                        .with("days", days(months)),
                )),
            )
        }
        None => (
            None,
            Some((
                Severity::Warning,
                Rule::InvalidValue,
                Message::new("profile.not_months").with("value", trimmed),
            )),
        ),
    }
}

/// Study or traineeship: the grant the student received says which (a placement grant alone
/// means a traineeship).
fn activity(study: Option<f64>, placement: Option<f64>) -> &'static str {
    if placement.unwrap_or(0.0) > 0.0 && study.unwrap_or(0.0) <= 0.0 {
        "traineeship"
    } else {
        "study"
    }
}

impl Layout for Llp {
    fn header(&mut self, cells: &[Cell]) -> bool {
        let mut cols = Columns::new(cells);
        let is_llp = cols.has(&["Duration_Abroad"])
            && (cols.has(&["Study_Grant"]) || cols.has(&["Placement_Grant"]));
        if !is_llp {
            return false;
        }
        if self.found.is_some() {
            return true;
        }
        self.found = Some(Found {
            nationality: cols.take(&["Nationality"]),
            gender: cols.take(&["Gender"]),
            duration: cols.take(&["Duration_Abroad"]),
            study_grant: cols.take(&["Study_Grant"]),
            placement_grant: cols.take(&["Placement_Grant"]),
            cols,
        });
        true
    }

    fn fields(&self) -> &'static [&'static str] {
        FIELDS
    }

    fn columns(&self) -> Option<&Columns> {
        self.found.as_ref().map(|f| &f.cols)
    }

    fn row(
        &mut self,
        cells: &[Cell],
        out: &mut Vec<Cell>,
        origin: &mut Vec<Option<usize>>,
        notes: &mut Vec<Note>,
    ) {
        let f = self.found.as_ref().expect("header before rows");
        let number = |col| text(cells, col).and_then(|t| t.replace(',', ".").parse::<f64>().ok());
        let raw = cell(cells, f.duration);
        let (days, note) = duration_days(&raw);
        if let Some((severity, rule, message)) = note {
            notes.push(Note {
                column: f.duration,
                severity,
                rule,
                value: raw.display(),
                message,
            });
        }
        // "unknown" is what these files write for an unknown nationality.
        let nationality = match text(cells, f.nationality) {
            Some(n) if n.eq_ignore_ascii_case("unknown") => Cell::Empty,
            _ => cell(cells, f.nationality),
        };
        let pairs: [(Cell, Option<usize>); 6] = [
            (Cell::Text("outgoing".into()), None),
            (Cell::Text("student".into()), None),
            (
                Cell::Text(activity(number(f.study_grant), number(f.placement_grant)).into()),
                f.placement_grant,
            ),
            (nationality, f.nationality),
            (cell(cells, f.gender), f.gender),
            (
                days.map(|d| Cell::Number(d as f64)).unwrap_or_default(),
                f.duration,
            ),
        ];
        super::emit(pairs, out, origin);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mangled_durations_are_read_and_reported() {
        assert_eq!(duration_days(&Cell::Text("9".into())), (Some(270), None));
        assert_eq!(duration_days(&Cell::Number(4.5)).0, Some(135));
        let (days, note) = duration_days(&Cell::Text("Sep-75".into()));
        assert_eq!(days, Some(293)); // 9.75 × 30 = 292.5, rounded half away from zero
        let (severity, rule, message) = note.unwrap();
        assert_eq!((severity, rule), (Severity::Warning, Rule::MangledNumber));
        let message = message.en();
        assert!(message.contains("9.75 months"), "{message}");
        assert_eq!(duration_days(&Cell::Text("09. Mai".into())).0, Some(285));
        let (days, note) = duration_days(&Cell::Text("soon".into()));
        assert_eq!((days, note.unwrap().1), (None, Rule::InvalidValue));
        assert_eq!(activity(Some(0.0), Some(900.0)), "traineeship");
        assert_eq!(activity(Some(1170.0), Some(0.0)), "study");
        assert_eq!(activity(None, None), "study");
    }
}
