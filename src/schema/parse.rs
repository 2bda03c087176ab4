//! Reading one cell as one field: the cell's value checked against the field's kind, giving a
//! typed [`Value`] or a [`Problem`] that the row builder turns into an issue.

use super::fields::{Kind, VocabKind};
use super::vocab::{
    is_double_degree_label, Activity, Agreement, Direction, Funding, Gender, Heading,
    InstructionLanguage, Level, Measure, Participant, StudentStatus, WelcomeKind,
};
use crate::i18n::Message;
use crate::ingest::cell::format_number;
use crate::ingest::Cell;
use crate::normalise::academic_year::AcademicYear;
use crate::normalise::boolean::{bool_from_number, parse_bool};
use crate::normalise::country::{closest_country, country_code};
use crate::normalise::date::{from_excel_serial, parse_date_text};
use crate::normalise::erasmus_code::normalise_erasmus_code;
use crate::normalise::text::{clean, closest, fold, is_placeholder};
use crate::validate::Rule;
use chrono::NaiveDate;

/// A typed value of one field of one row.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Value {
    #[default]
    Null,
    Text(String),
    /// Text shared between rows (memoised normalisations, the source file's name): cloning it
    /// costs a reference count, not an allocation.
    Shared(std::sync::Arc<str>),
    Date(NaiveDate),
    Bool(bool),
    Int(i64),
    Float(f64),
    List(Vec<String>),
}

impl Value {
    /// True for [`Value::Null`].
    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }
    /// The text, for text values.
    pub fn text(&self) -> Option<&str> {
        match self {
            Value::Text(t) => Some(t),
            Value::Shared(t) => Some(t),
            _ => None,
        }
    }

    /// The same value, with text made shareable (for memoised results).
    pub fn shared(self) -> Value {
        match self {
            Value::Text(t) => Value::Shared(t.into()),
            other => other,
        }
    }
    /// The date, for date values.
    pub fn date(&self) -> Option<NaiveDate> {
        match self {
            Value::Date(d) => Some(*d),
            _ => None,
        }
    }
}

/// Why a cell could not be read as its field.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    pub rule: Rule,
    pub message: Message,
}

fn problem(rule: Rule, message: Message) -> Problem {
    Problem { rule, message }
}

/// Context a few kinds need.
#[derive(Debug, Clone, Copy)]
pub struct ParseContext {
    /// First month of the academic year (a date in a year column is read through it).
    pub first_month: u32,
}

/// Reads `cell` as a value of `kind`. Blank cells and placeholders (#N/A, "???") give
/// `Ok(Value::Null)`; the caller decides whether a missing value is a problem.
pub fn parse_cell(kind: Kind, cell: &Cell, ctx: ParseContext) -> Result<Value, Problem> {
    let text = match cell {
        Cell::Empty => return Ok(Value::Null),
        Cell::Error(_) => return Ok(Value::Null),
        Cell::Text(t) => {
            if is_placeholder(t) {
                return Ok(Value::Null);
            }
            match clean(t) {
                Some(t) => Some(t),
                None => return Ok(Value::Null),
            }
        }
        _ => None,
    };
    match kind {
        Kind::Text => Ok(Value::Text(text.unwrap_or_else(|| cell.display()))),
        Kind::Id => Ok(Value::Text(match cell {
            Cell::Number(n) => format_number(*n),
            _ => text.unwrap_or_else(|| cell.display()),
        })),
        Kind::Date => match cell {
            Cell::Date(d) => Ok(Value::Date(*d)),
            Cell::Number(n) => from_excel_serial(*n, false)
                .map(Value::Date)
                .ok_or_else(|| {
                    problem(
                        Rule::UnparseableDate,
                        Message::new("parse.not_a_serial").with("value", format_number(*n)),
                    )
                }),
            _ => {
                let t = text.unwrap_or_else(|| cell.display());
                parse_date_text(&t).map(Value::Date).ok_or_else(|| {
                    problem(
                        Rule::UnparseableDate,
                        Message::new("parse.not_a_date").with("value", &t),
                    )
                })
            }
        },
        Kind::Bool => match cell {
            Cell::Bool(b) => Ok(Value::Bool(*b)),
            Cell::Number(n) => Ok(Value::Bool(bool_from_number(*n))),
            _ => {
                let t = text.unwrap_or_else(|| cell.display());
                match parse_bool(&t) {
                    Ok(Some(b)) => Ok(Value::Bool(b)),
                    Ok(None) => Ok(Value::Null),
                    Err(_) => Err(problem(
                        Rule::InvalidValue,
                        Message::new("parse.not_yes_no").with("value", &t),
                    )),
                }
            }
        },
        Kind::Count => {
            let n = number_of(cell, text.as_deref()).ok_or_else(|| {
                problem(
                    Rule::InvalidValue,
                    Message::new("parse.not_a_number").with("value", cell.display()),
                )
            })?;
            if n < 0.0 || n.fract() != 0.0 {
                return Err(problem(
                    Rule::InvalidValue,
                    Message::new("parse.not_whole").with("value", format_number(n)),
                ));
            }
            Ok(Value::Int(n as i64))
        }
        Kind::Money => number_of(cell, text.as_deref())
            .map(Value::Float)
            .ok_or_else(|| {
                problem(
                    Rule::InvalidValue,
                    Message::new("parse.not_an_amount").with("value", cell.display()),
                )
            }),
        Kind::Country => {
            let t = text.unwrap_or_else(|| cell.display());
            country_code(&t)
                .map(|c| Value::Text(c.to_string()))
                .ok_or_else(|| {
                    let message = match closest_country(&t) {
                        Some((spelling, code)) => {
                            Message::new("parse.unknown_country_did_you_mean")
                                .with("value", &t)
                                .with("suggestion", spelling)
                                .with("code", code)
                        }
                        None => Message::new("parse.unknown_country").with("value", &t),
                    };
                    problem(Rule::UnknownCountry, message)
                })
        }
        Kind::ErasmusCode => {
            let t = text.unwrap_or_else(|| cell.display());
            normalise_erasmus_code(&t).map(Value::Text).ok_or_else(|| {
                problem(
                    Rule::InvalidErasmusCode,
                    Message::new("parse.not_an_erasmus_code").with("value", &t),
                )
            })
        }
        Kind::AcademicYear(bare) => {
            let year = match cell {
                Cell::Number(n) => AcademicYear::from_number(*n, bare),
                Cell::Date(d) => Some(AcademicYear::of_date(*d, ctx.first_month)),
                // An academic year ("2022-2023", "2022/23"), or a date written as text
                // ("01/09/2022"): the academic year it falls in.
                _ => {
                    let t = text.as_deref().unwrap_or_default();
                    AcademicYear::parse(t, bare).or_else(|| {
                        parse_date_text(t).map(|d| AcademicYear::of_date(d, ctx.first_month))
                    })
                }
            };
            year.map(|y| Value::Text(y.to_string())).ok_or_else(|| {
                problem(
                    Rule::InvalidValue,
                    Message::new("parse.not_an_academic_year").with("value", cell.display()),
                )
            })
        }
        Kind::Vocab(vocab) => {
            let t = text.unwrap_or_else(|| cell.display());
            // "Double degree" in a programme (funding) column says what the stay leads to, not
            // how it is funded: the row rules set double_degree from it; funding stays unknown.
            if vocab == VocabKind::Funding && is_double_degree_label(&t) {
                return Ok(Value::Null);
            }
            vocab_value(vocab, &t)
                .map(|v| Value::Text(v.to_string()))
                .ok_or_else(|| {
                    let message = match vocab_closest(vocab, &t) {
                        Some((spelling, value)) => Message::new("parse.unknown_value_did_you_mean")
                            .with("suggestion", spelling)
                            .with("canonical", value),
                        None => Message::new("parse.unknown_value"),
                    }
                    .with("value", &t)
                    .with_word("field", format!("field.{}", vocab_name(vocab)))
                    .with("known", vocab_values(vocab));
                    problem(Rule::UnknownValue, message)
                })
        }
        Kind::Programmes => {
            let t = text.unwrap_or_else(|| cell.display());
            let list: Vec<String> = t
                .split([';', ',', '/', '|', '\n'])
                .filter_map(clean)
                .collect();
            Ok(if list.is_empty() {
                Value::Null
            } else {
                Value::List(list)
            })
        }
    }
}

/// A number from a number cell or from text in French, English or Spanish writing
/// ("12 500,50", "12,500.50", "12500", "1.250,00 €").
pub fn number_of(cell: &Cell, text: Option<&str>) -> Option<f64> {
    match cell {
        Cell::Number(n) => Some(*n),
        Cell::Bool(_) | Cell::Date(_) | Cell::Error(_) | Cell::Empty => None,
        Cell::Text(_) => parse_number_text(text?),
    }
}

fn parse_number_text(text: &str) -> Option<f64> {
    let kept: String = text
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '€' | '$' | '\''))
        .collect();
    let kept = kept.trim_end_matches("EUR").trim_end_matches("eur");
    let last_comma = kept.rfind(',');
    let last_dot = kept.rfind('.');
    let normalised = match (last_comma, last_dot) {
        (Some(c), Some(d)) if c > d => kept.replace('.', "").replace(',', "."),
        (Some(_), Some(_)) => kept.replace(',', ""),
        (Some(c), None) if kept.matches(',').count() == 1 && kept.len() - c != 4 => {
            kept.replace(',', ".")
        }
        (Some(_), None) => kept.replace(',', ""),
        _ => kept.to_string(),
    };
    normalised.parse::<f64>().ok().filter(|n| n.is_finite())
}

fn vocab_value(vocab: VocabKind, text: &str) -> Option<&'static str> {
    match vocab {
        VocabKind::Direction => Direction::parse(text).map(Direction::as_str),
        VocabKind::Participant => Participant::parse(text).map(Participant::as_str),
        VocabKind::Activity => Activity::parse(text).map(Activity::as_str),
        VocabKind::Funding => Funding::parse_label(text).map(Funding::as_str),
        VocabKind::Level => Level::parse(text).map(Level::as_str),
        VocabKind::Agreement => Agreement::parse(text).map(Agreement::as_str),
        VocabKind::StudentStatus => StudentStatus::parse(text).map(StudentStatus::as_str),
        VocabKind::Gender => Gender::parse(text).map(Gender::as_str),
        VocabKind::InstructionLanguage => {
            InstructionLanguage::parse(text).map(InstructionLanguage::as_str)
        }
        VocabKind::WelcomeKind => WelcomeKind::parse(text).map(WelcomeKind::as_str),
        VocabKind::Measure => Measure::parse(text).map(Measure::as_str),
        VocabKind::Heading => Heading::parse(text).map(Heading::as_str),
    }
}

/// The known spelling of `vocab` nearest to `text` (a slip), and the value it reads as.
fn vocab_closest(vocab: VocabKind, text: &str) -> Option<(String, &'static str)> {
    let spellings: &[&str] = match vocab {
        VocabKind::Direction => Direction::SPELLINGS,
        VocabKind::Participant => Participant::SPELLINGS,
        VocabKind::Activity => Activity::SPELLINGS,
        VocabKind::Funding => Funding::SPELLINGS,
        VocabKind::Level => Level::SPELLINGS,
        VocabKind::Agreement => Agreement::SPELLINGS,
        VocabKind::StudentStatus => StudentStatus::SPELLINGS,
        VocabKind::Gender => Gender::SPELLINGS,
        VocabKind::InstructionLanguage => InstructionLanguage::SPELLINGS,
        VocabKind::WelcomeKind => WelcomeKind::SPELLINGS,
        VocabKind::Measure => Measure::SPELLINGS,
        VocabKind::Heading => Heading::SPELLINGS,
    };
    let folded: Vec<String> = spellings.iter().map(|s| fold(s)).collect();
    let spelling = closest(text, folded.iter().map(String::as_str))?.to_string();
    let value = vocab_value(vocab, &spelling)?;
    Some((spelling, value))
}

/// The `field.` key that names the vocabulary in messages.
fn vocab_name(vocab: VocabKind) -> &'static str {
    match vocab {
        VocabKind::Direction => "direction",
        VocabKind::Participant => "participant",
        VocabKind::Activity => "activity",
        VocabKind::Funding => "funding",
        VocabKind::Level => "level",
        VocabKind::Agreement => "agreement",
        VocabKind::StudentStatus => "student_status",
        VocabKind::Gender => "gender",
        VocabKind::InstructionLanguage => "language",
        VocabKind::WelcomeKind => "kind",
        VocabKind::Measure => "measure",
        VocabKind::Heading => "heading",
    }
}

/// The values a field of `kind` accepts, when it is a fixed vocabulary ("study, traineeship,
/// ...").
pub fn allowed_values(kind: Kind) -> Option<String> {
    match kind {
        Kind::Vocab(vocab) => Some(vocab_values(vocab)),
        _ => None,
    }
}

fn vocab_values(vocab: VocabKind) -> String {
    fn names<T: Copy>(all: &[T], f: fn(T) -> &'static str) -> String {
        all.iter().map(|v| f(*v)).collect::<Vec<_>>().join(", ")
    }
    match vocab {
        VocabKind::Direction => names(Direction::ALL, Direction::as_str),
        VocabKind::Participant => names(Participant::ALL, Participant::as_str),
        VocabKind::Activity => names(Activity::ALL, Activity::as_str),
        VocabKind::Funding => names(Funding::ALL, Funding::as_str),
        VocabKind::Level => names(Level::ALL, Level::as_str),
        VocabKind::Agreement => names(Agreement::ALL, Agreement::as_str),
        VocabKind::StudentStatus => names(StudentStatus::ALL, StudentStatus::as_str),
        VocabKind::Gender => names(Gender::ALL, Gender::as_str),
        VocabKind::InstructionLanguage => {
            names(InstructionLanguage::ALL, InstructionLanguage::as_str)
        }
        VocabKind::WelcomeKind => names(WelcomeKind::ALL, WelcomeKind::as_str),
        VocabKind::Measure => names(Measure::ALL, Measure::as_str),
        VocabKind::Heading => names(Heading::ALL, Heading::as_str),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalise::academic_year::BareYear;

    const CTX: ParseContext = ParseContext { first_month: 9 };

    fn text(s: &str) -> Cell {
        Cell::Text(s.to_string())
    }

    #[test]
    fn blanks_and_placeholders_are_null() {
        assert_eq!(
            parse_cell(Kind::Country, &Cell::Empty, CTX),
            Ok(Value::Null)
        );
        assert_eq!(
            parse_cell(Kind::Country, &text("#N/A"), CTX),
            Ok(Value::Null)
        );
        assert_eq!(
            parse_cell(Kind::Text, &text(" \u{a0}"), CTX),
            Ok(Value::Null)
        );
        assert_eq!(
            parse_cell(Kind::Text, &Cell::Error("#N/A".into()), CTX),
            Ok(Value::Null)
        );
    }

    #[test]
    fn ids_drop_the_decimal_point_of_number_cells() {
        assert_eq!(
            parse_cell(Kind::Id, &Cell::Number(20240017.0), CTX),
            Ok(Value::Text("20240017".into()))
        );
    }

    #[test]
    fn dates_from_cells_serials_and_text() {
        let d = NaiveDate::from_ymd_opt(2024, 9, 15).unwrap();
        assert_eq!(
            parse_cell(Kind::Date, &Cell::Date(d), CTX),
            Ok(Value::Date(d))
        );
        assert_eq!(
            parse_cell(Kind::Date, &Cell::Number(45550.0), CTX),
            Ok(Value::Date(d))
        );
        assert_eq!(
            parse_cell(Kind::Date, &text("15/09/2024"), CTX),
            Ok(Value::Date(d))
        );
        assert_eq!(
            parse_cell(Kind::Date, &text("31/02/2024"), CTX)
                .unwrap_err()
                .rule,
            Rule::UnparseableDate
        );
    }

    #[test]
    fn vocabularies_and_countries() {
        assert_eq!(
            parse_cell(Kind::Vocab(VocabKind::Direction), &text("Sortant"), CTX),
            Ok(Value::Text("outgoing".into()))
        );
        assert_eq!(
            parse_cell(Kind::Vocab(VocabKind::Activity), &text("swim"), CTX)
                .unwrap_err()
                .rule,
            Rule::UnknownValue
        );
        assert_eq!(
            parse_cell(Kind::Country, &text("Allemagne"), CTX),
            Ok(Value::Text("DE".into()))
        );
        assert_eq!(
            parse_cell(Kind::Country, &text("Atlantide"), CTX)
                .unwrap_err()
                .rule,
            Rule::UnknownCountry
        );
    }

    #[test]
    fn numbers_in_local_writing() {
        assert_eq!(parse_number_text("12 500,50"), Some(12500.5));
        assert_eq!(parse_number_text("12,500.50"), Some(12500.5));
        assert_eq!(parse_number_text("1.250,00 €"), Some(1250.0));
        assert_eq!(parse_number_text("12,500"), Some(12500.0));
        assert_eq!(parse_number_text("3,5"), Some(3.5));
        assert_eq!(parse_number_text("abc"), None);
        assert_eq!(parse_cell(Kind::Count, &text("3"), CTX), Ok(Value::Int(3)));
        assert_eq!(
            parse_cell(Kind::Count, &Cell::Number(2.5), CTX)
                .unwrap_err()
                .rule,
            Rule::InvalidValue
        );
    }

    #[test]
    fn years_and_programme_lists() {
        assert_eq!(
            parse_cell(
                Kind::AcademicYear(BareYear::Ends),
                &Cell::Number(2025.0),
                CTX
            ),
            Ok(Value::Text("2024-2025".into()))
        );
        assert_eq!(
            parse_cell(Kind::AcademicYear(BareYear::Starts), &text("2024/25"), CTX),
            Ok(Value::Text("2024-2025".into()))
        );
        // Agreement validity given as dates: the academic years they fall in (first month 9).
        assert_eq!(
            parse_cell(
                Kind::AcademicYear(BareYear::Starts),
                &text("01/09/2022"),
                CTX
            ),
            Ok(Value::Text("2022-2023".into()))
        );
        assert_eq!(
            parse_cell(Kind::AcademicYear(BareYear::Ends), &text("31/08/2027"), CTX),
            Ok(Value::Text("2026-2027".into()))
        );
        assert_eq!(
            parse_cell(Kind::Programmes, &text("Génie civil; Informatique"), CTX),
            Ok(Value::List(vec![
                "Génie civil".into(),
                "Informatique".into()
            ]))
        );
        assert_eq!(
            parse_cell(Kind::ErasmusCode, &text("A\u{a0} WIEN02"), CTX),
            Ok(Value::Text("A  WIEN02".into()))
        );
    }
}
