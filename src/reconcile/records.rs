//! The canonical mobilities table turned into plain [`Record`]s for matching, and the rows
//! validation rejected turned into [`Rejected`] entries, so that none is silently dropped.

use super::matching::{Record, Source};
use crate::i18n::{Language, Message};
use crate::validate::{Issue, Rule, Severity};
use chrono::NaiveDate;
use polars::prelude::*;
use std::collections::BTreeMap;

/// A row of an input that validation rejected: it cannot be reconciled.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rejected {
    pub source: Source,
    /// Why, as data_quality.csv words it ("column L (Date de début): ..."), several joined.
    pub reason: String,
}

/// The records of a canonical mobilities table, in row order.
pub(crate) fn records(df: &DataFrame) -> PolarsResult<Vec<Record>> {
    let rows = 0..df.height();
    let text = |name: &str| -> PolarsResult<Vec<Option<String>>> {
        let column = crate::schema::text_column::TextColumn::from_column(df.column(name)?);
        Ok(rows
            .clone()
            .map(|i| column.get(i).map(str::to_string))
            .collect())
    };
    let date = |name: &str| -> PolarsResult<Vec<Option<NaiveDate>>> {
        let physical = df.column(name)?.to_physical_repr();
        let days = physical.i32()?;
        Ok(rows
            .clone()
            .map(|i| days.get(i).map(days_to_date))
            .collect())
    };
    let mobility_id = text("mobility_id")?;
    let person_id = text("person_id")?;
    let direction = text("direction")?;
    let activity = text("activity")?;
    let funding = text("funding")?;
    let partner_name = text("partner_name")?;
    let partner_code = text("partner_erasmus_code")?;
    let partner_country = text("partner_country")?;
    let project = text("project_reference")?;
    let file = text("source_file")?;
    let sheet = text("source_sheet")?;
    let start = date("start_date")?;
    let end = date("end_date")?;
    let duration_column = df.column("duration_days")?.cast(&DataType::Int64)?;
    let duration = duration_column.i64()?;
    let row_column = df.column("source_row")?.cast(&DataType::UInt32)?;
    let row = row_column.u32()?;
    Ok(rows
        .map(|i| Record {
            mobility_id: mobility_id[i].clone(),
            person_id: person_id[i].clone(),
            direction: direction[i].clone(),
            activity: activity[i].clone(),
            funding: funding[i].clone(),
            partner_name: partner_name[i].clone(),
            partner_code: partner_code[i].clone(),
            partner_country: partner_country[i].clone(),
            start: start[i],
            end: end[i],
            duration_days: duration.get(i),
            project: project[i].clone(),
            source: Source {
                file: file[i].clone().unwrap_or_default(),
                sheet: sheet[i].clone().unwrap_or_default(),
                row: row.get(i).unwrap_or(0),
            },
        })
        .collect())
}

fn days_to_date(days: i32) -> NaiveDate {
    NaiveDate::from_ymd_opt(1970, 1, 1).expect("valid date") + chrono::Duration::days(days as i64)
}

/// The rows the ingest rejected, one entry per row (its errors joined), in location order.
/// Unreadable files are not rows: they stop the reconciliation before this.
pub(crate) fn rejected(issues: &[Issue], lang: Language) -> Vec<Rejected> {
    let mut rows: BTreeMap<Source, Vec<String>> = BTreeMap::new();
    for issue in issues {
        if issue.severity != Severity::Error
            || issue.rule == Rule::UnreadableFile
            || issue.location.row == 0
        {
            continue;
        }
        let source = Source {
            file: issue.location.file.clone(),
            sheet: issue.location.sheet.clone(),
            row: issue.location.row,
        };
        let reason = if issue.location.column.is_empty() {
            issue.message.render(lang)
        } else {
            Message::new("reconcile.in_column")
                .with("column", &issue.location.column)
                .with_sentence("problem", issue.message.clone())
                .render(lang)
        };
        rows.entry(source).or_default().push(reason);
    }
    rows.into_iter()
        .map(|(source, reasons)| Rejected {
            source,
            // French sets a space before a semicolon.
            reason: reasons.join(match lang {
                Language::Fr => " ; ",
                Language::En => "; ",
            }),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Location;

    #[test]
    fn a_frame_row_becomes_a_record() {
        let start = Series::new("start_date".into(), [Some(19968i32)])
            .cast(&DataType::Date)
            .unwrap();
        let end = Series::new("end_date".into(), [Some(20119i32)])
            .cast(&DataType::Date)
            .unwrap();
        let mut df = df!(
            "mobility_id" => [Some("M-1")],
            "person_id" => [Some("E1")],
            "direction" => [Some("outgoing")],
            "activity" => [Some("study")],
            "funding" => [Some("erasmus_ka131")],
            "partner_name" => [Some("TU Wien")],
            "partner_erasmus_code" => [Some("A  WIEN02")],
            "partner_country" => [Some("AT")],
            "project_reference" => [None::<&str>],
            "source_file" => [Some("in.csv")],
            "source_sheet" => [Some("")],
            "duration_days" => [Some(152i64)],
            "source_row" => [Some(2u32)],
        )
        .unwrap();
        df.with_column(start.into()).unwrap();
        df.with_column(end.into()).unwrap();
        let records = records(&df).unwrap();
        // 19968 days after 1970-01-01 is 2024-09-02; 20119 is 2025-01-31.
        assert_eq!(records[0].start, NaiveDate::from_ymd_opt(2024, 9, 2));
        assert_eq!(records[0].end, NaiveDate::from_ymd_opt(2025, 1, 31));
        assert_eq!(records[0].partner_code.as_deref(), Some("A  WIEN02"));
        assert_eq!(records[0].project, None);
        assert_eq!(records[0].source.row, 2);
    }

    #[test]
    fn rejected_rows_keep_every_reason_and_skip_warnings() {
        let issue = |row: u32, column: &str, severity: Severity, value: &str| Issue {
            location: Location {
                file: "in.csv".into(),
                sheet: String::new(),
                row,
                column: column.into(),
            },
            severity,
            rule: Rule::RequiredMissing,
            value: value.into(),
            message: Message::new("parse.not_a_number").with("value", value),
        };
        let issues = [
            issue(5, "C (Pays)", Severity::Error, "x"),
            issue(5, "", Severity::Error, "y"),
            issue(6, "D", Severity::Warning, "z"),
        ];
        assert_eq!(
            rejected(&issues, Language::En),
            vec![Rejected {
                source: Source {
                    file: "in.csv".into(),
                    sheet: String::new(),
                    row: 5
                },
                reason: "column C (Pays): \"x\" is not a number; \"y\" is not a number".into(),
            }]
        );
        assert_eq!(
            rejected(&issues, Language::Fr)[0].reason,
            "colonne C (Pays) : « x » n'est pas un nombre ; « y » n'est pas un nombre"
        );
    }
}
