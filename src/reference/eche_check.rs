//! The ECHE check: the partner Erasmus codes of the canonical partners and mobilities tables
//! looked up in the list of charter holders, giving warnings for unknown codes, charters not
//! valid when needed, and countries other than the list's; and the accounts corrected for them.

use super::eche::{EcheEntry, EcheList};
use crate::error::Location;
use crate::i18n::Message;
use crate::normalise::academic_year::{AcademicYear, BareYear};
use crate::normalise::text::fold;
use crate::schema::TableKind;
use crate::tables::Tables;
use crate::validate::{Account, Issue, Rule, Severity};
use chrono::NaiveDate;
use polars::prelude::*;
use std::collections::BTreeSet;

/// What the check needs besides the tables and the list.
#[derive(Debug, Clone, Copy)]
pub struct EcheCheckOptions {
    /// First month of the academic year (1-12): where a year such as valid_to starts.
    pub first_month: u32,
    /// The reporting year, when the run names one: the year an open-ended agreement is
    /// checked against.
    pub reporting_year: Option<AcademicYear>,
}

/// Checks every row that has a partner Erasmus code, giving warnings located at the row and
/// the column "partner_erasmus_code", sorted, at most one per rule and row:
///
/// - `eche_unknown_code`: the code is not in the list. The message suggests a listed code of
///   the same country prefix at most two edits away whose legal name resembles the row's
///   partner name (Sørensen–Dice similarity of the folded names of 0.5 or more); without a
///   partner name, the only listed code one edit away. Otherwise no suggestion: a wrong one
///   would do more harm than none.
/// - `eche_expired`: the charter was not valid when needed. A mobility needs it on its
///   start date. A partner agreement needs it in each academic year it states: the charter
///   must not end before its last year (valid_to) starts, nor start after its first year
///   (valid_from) ends; a bound the row leaves empty is replaced by the reporting year, and a
///   row with neither is not checked.
/// - `eche_country_mismatch`: the row's partner_country differs from the list's country.
pub fn check(tables: &Tables, list: &EcheList, options: &EcheCheckOptions) -> Vec<Issue> {
    let mut issues = BTreeSet::new();
    for table in [TableKind::Partners, TableKind::Mobilities] {
        if let Some(df) = tables.get(table) {
            check_frame(table, df, list, options, &mut issues);
        }
    }
    issues.into_iter().collect()
}

/// Adds the check's warnings to a run's issues (kept sorted) and counts each row they newly
/// put among the rows with warnings in its file's account, once whatever their number.
pub fn add_warnings(new: Vec<Issue>, issues: &mut Vec<Issue>, accounts: &mut [Account]) {
    let row_key = |i: &Issue| {
        (
            i.location.file.clone(),
            i.location.sheet.clone(),
            i.location.row,
        )
    };
    let mut warned: BTreeSet<_> = issues
        .iter()
        .filter(|i| i.severity == Severity::Warning)
        .map(row_key)
        .collect();
    for issue in &new {
        let key = row_key(issue);
        if issue.severity != Severity::Warning || warned.contains(&key) {
            continue;
        }
        if let Some(account) = accounts
            .iter_mut()
            .find(|a| a.file == key.0 && a.sheet == key.1)
        {
            account.warn_accepted();
        }
        warned.insert(key);
    }
    issues.extend(new);
    issues.sort();
}

/// A text column's values; an absent column reads as empty.
fn texts(df: &DataFrame, name: &str) -> Vec<Option<String>> {
    crate::schema::text_column::TextColumn::of(df, name)
        .values(df.height())
        .into_iter()
        .map(|v| v.map(str::to_string))
        .collect()
}

fn dates(df: &DataFrame, name: &str) -> Vec<Option<NaiveDate>> {
    let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).expect("valid date");
    let physical = df.column(name).map(|c| c.to_physical_repr());
    match physical.as_ref().map(|c| c.i32()) {
        Ok(Ok(col)) => (0..col.len())
            .map(|i| epoch.checked_add_signed(chrono::Duration::try_days(col.get(i)?.into())?))
            .collect(),
        _ => vec![None; df.height()],
    }
}

fn check_frame(
    table: TableKind,
    df: &DataFrame,
    list: &EcheList,
    options: &EcheCheckOptions,
    issues: &mut BTreeSet<Issue>,
) {
    let codes = texts(df, "partner_erasmus_code");
    let names = texts(df, "partner_name");
    let countries = texts(df, "partner_country");
    let files = texts(df, "source_file");
    let sheets = texts(df, "source_sheet");
    let rows: Vec<u32> = match df.column("source_row").map(|c| c.u32().cloned()) {
        Ok(Ok(col)) => (0..col.len()).map(|i| col.get(i).unwrap_or(0)).collect(),
        _ => vec![0; df.height()],
    };
    let starts = dates(df, "start_date");
    let years = |name| -> Vec<Option<AcademicYear>> {
        texts(df, name)
            .iter()
            .map(|v| AcademicYear::parse(v.as_deref()?, BareYear::Starts))
            .collect()
    };
    let (from, to) = (years("valid_from"), years("valid_to"));
    for (i, code) in codes.iter().enumerate() {
        let Some(code) = code else { continue };
        let location = Location {
            file: files[i].clone().unwrap_or_default(),
            sheet: sheets[i].clone().unwrap_or_default(),
            row: rows[i],
            column: "partner_erasmus_code".into(),
        };
        let issue = |rule, message: Message| Issue {
            location: location.clone(),
            severity: Severity::Warning,
            rule,
            value: code.clone(),
            message,
        };
        let Some(entry) = list.get(code) else {
            issues.insert(issue(
                Rule::EcheUnknownCode,
                unknown(list, code, names[i].as_deref()),
            ));
            continue;
        };
        let validity = match table {
            TableKind::Mobilities => starts[i].and_then(|d| mobility_validity(entry, d)),
            _ => agreement_validity(entry, from[i], to[i], options),
        };
        if let Some(message) = validity {
            issues.insert(issue(Rule::EcheExpired, message));
        }
        if let (Some(row), Some(listed)) = (countries[i].as_deref(), entry.country) {
            if row != listed {
                issues.insert(issue(
                    Rule::EcheCountryMismatch,
                    Message::new("eche.country_mismatch")
                        .with("code", code)
                        .with("name", named(entry))
                        .with("listed", listed)
                        .with("row", row),
                ));
            }
        }
    }
}

fn named(entry: &EcheEntry) -> String {
    match &entry.city {
        Some(city) if !entry.legal_name.is_empty() => format!("{}, {city}", entry.legal_name),
        _ => entry.legal_name.clone(),
    }
}

fn unknown(list: &EcheList, code: &str, name: Option<&str>) -> Message {
    let prefix = code.get(..3).unwrap_or(code);
    if !list.entries().any(|e| e.erasmus_code.starts_with(prefix)) {
        return Message::new("eche.unknown_prefix")
            .with("code", code)
            .with("prefix", prefix.trim());
    }
    match suggestion(list, code, name) {
        Some(entry) => Message::new("eche.unknown_did_you_mean")
            .with("code", code)
            .with("suggestion", &entry.erasmus_code)
            .with("name", named(entry)),
        None => Message::new("eche.unknown_check").with("code", code),
    }
}

/// The listed code the row probably means (see [`check`]), if one stands out.
fn suggestion<'a>(list: &'a EcheList, code: &str, name: Option<&str>) -> Option<&'a EcheEntry> {
    let (prefix, body) = (code.get(..3)?, code.get(3..)?);
    let near: Vec<(&EcheEntry, usize)> = list
        .entries()
        .filter(|e| e.erasmus_code.starts_with(prefix))
        .map(|e| (e, strsim::levenshtein(body, &e.erasmus_code[3..])))
        .filter(|(_, edits)| *edits <= 2)
        .collect();
    let Some(name) = name.map(fold).filter(|n| !n.is_empty()) else {
        let typos: Vec<_> = near.iter().filter(|(_, edits)| *edits == 1).collect();
        return (typos.len() == 1).then(|| typos[0].0);
    };
    near.iter()
        .map(|(e, edits)| {
            (
                strsim::sorensen_dice(&name, &fold(&e.legal_name)),
                *edits,
                *e,
            )
        })
        .filter(|(score, _, _)| *score >= 0.5)
        // Most alike name, then fewest edits, then the first code.
        .min_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)))
        .map(|(_, _, e)| e)
}

fn mobility_validity(entry: &EcheEntry, start: NaiveDate) -> Option<Message> {
    let code = &entry.erasmus_code;
    if let Some(end) = entry.end.filter(|end| start > *end) {
        return Some(
            Message::new("eche.ended_before_mobility")
                .with("code", code)
                .with("end", end)
                .with("start", start),
        );
    }
    let from = entry.start.filter(|from| start < *from)?;
    Some(
        Message::new("eche.starts_after_mobility")
            .with("code", code)
            .with("from", from)
            .with("start", start),
    )
}

fn agreement_validity(
    entry: &EcheEntry,
    from: Option<AcademicYear>,
    to: Option<AcademicYear>,
    options: &EcheCheckOptions,
) -> Option<Message> {
    let code = &entry.erasmus_code;
    let year_start = |y: AcademicYear| NaiveDate::from_ymd_opt(y.0, options.first_month, 1);
    let last = to.or(options.reporting_year);
    if let (Some(end), Some(last)) = (entry.end, last) {
        if year_start(last).is_some_and(|first_day| end < first_day) {
            return Some(
                Message::new("eche.ended_before_year")
                    .with("code", code)
                    .with("end", end)
                    .with("year", last),
            );
        }
    }
    let (start, first) = (entry.start?, from.or(options.reporting_year)?);
    let next = year_start(AcademicYear(first.0 + 1))?;
    (start >= next).then(|| {
        Message::new("eche.starts_after_year")
            .with("code", code)
            .with("start", start)
            .with("year", first)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    fn list() -> EcheList {
        // 1577833200000 ms is 2020-01-01 (Brussels midnight), 1609455600000 2021-01-01,
        // 1735686000000 2025-01-01.
        let json = r#"[
            {"erasmus_code": "F EVRY11", "legal_name": "Télécom SudParis", "city": "EVRY",
             "country_cd": "FR", "erasmus_eche_start": 1609455600000, "erasmus_eche_end": 1893366000000},
            {"erasmus_code": "F EVRY04", "legal_name": "UNIVERSITE D'EVRY", "country_cd": "FR"},
            {"erasmus_code": "G ATHINE02", "legal_name": "NTUA", "country_cd": "EL",
             "erasmus_eche_start": 1577833200000, "erasmus_eche_end": 1735686000000}
        ]"#;
        EcheList::from_json(json, "eche.json").unwrap()
    }

    fn tables() -> Tables {
        let source = |n| vec!["in.csv"; n];
        let partners = df!(
            "partner_erasmus_code" => [Some("F  EVRY01"), Some("G  ATHINE02"), None, Some("CH DELEMON01")],
            "partner_name" => ["TELECOM & MANAGEMENT SUD PARIS", "NTUA", "X", "HES-SO"],
            "partner_country" => ["FR", "IT", "FR", "CH"],
            "valid_from" => [None, Some("2021-2022"), None, None],
            "valid_to" => [None, Some("2026-2027"), None, None],
            "source_file" => source(4),
            "source_sheet" => ["", "", "", ""],
            "source_row" => [2u32, 3, 4, 5],
        )
        .unwrap();
        let start = |s: &str| s.parse::<NaiveDate>().unwrap();
        let mobilities = df!(
            "partner_erasmus_code" => ["F  EVRY11", "G  ATHINE02"],
            "partner_name" => ["Télécom SudParis", "NTUA"],
            "partner_country" => ["FR", "GR"],
            "start_date" => [start("2024-09-02"), start("2025-02-01")],
            "source_file" => vec!["m.csv"; 2],
            "source_sheet" => ["", ""],
            "source_row" => [7u32, 8],
        )
        .unwrap();
        Tables {
            frames: BTreeMap::from([
                (TableKind::Partners, partners),
                (TableKind::Mobilities, mobilities),
            ]),
        }
    }

    #[test]
    fn unknown_codes_expired_charters_and_other_countries_are_warned_once_per_row() {
        let options = EcheCheckOptions {
            first_month: 9,
            reporting_year: None,
        };
        let issues = check(&tables(), &list(), &options);
        let got: Vec<(&str, u32, &str)> = issues
            .iter()
            .map(|i| (i.location.file.as_str(), i.location.row, i.rule.as_str()))
            .collect();
        assert_eq!(
            got,
            vec![
                ("in.csv", 2, "eche_unknown_code"),
                ("in.csv", 3, "eche_expired"),
                ("in.csv", 3, "eche_country_mismatch"),
                ("in.csv", 5, "eche_unknown_code"),
                ("m.csv", 8, "eche_expired"),
            ]
        );
        assert!(issues.iter().all(
            |i| i.severity == Severity::Warning && i.location.column == "partner_erasmus_code"
        ));
        // EVRY04 is one edit away but another institution; Télécom SudParis's name matches.
        assert_eq!(
            issues[0].message.en(),
            "\"F  EVRY01\" is not in the list of ECHE holders; did you mean \"F  EVRY11\" (Télécom SudParis, EVRY)?"
        );
        // The NTUA charter ends on 2025-01-01, before 2026-2027 starts; the list says EL = GR.
        assert!(
            issues[1].message.en().contains("ended on 2025-01-01"),
            "{}",
            issues[1].message.en()
        );
        assert!(
            issues[2].message.en().ends_with("in GR, not in IT"),
            "{}",
            issues[2].message.en()
        );
        assert!(issues[3].message.en().contains("no code starting \"CH\""));
        assert!(issues[4]
            .message
            .en()
            .contains("before this mobility starts (2025-02-01)"));
    }

    #[test]
    fn open_agreements_are_checked_against_the_reporting_year() {
        let entry = list().get("G ATHINE02").unwrap().clone();
        let options = |year| EcheCheckOptions {
            first_month: 9,
            reporting_year: year,
        };
        // 2024-2025 starts on 2024-09-01, before the charter's end: valid.
        assert_eq!(
            agreement_validity(&entry, None, None, &options(Some(AcademicYear(2024)))),
            None
        );
        assert!(
            agreement_validity(&entry, None, None, &options(Some(AcademicYear(2025)))).is_some()
        );
        // 2018-2019 ends before the charter's start on 2020-01-01; 2019-2020 overlaps it.
        let early = options(Some(AcademicYear(2018)));
        assert!(agreement_validity(&entry, None, None, &early)
            .unwrap()
            .en()
            .contains("starts on 2020-01-01"));
        assert_eq!(
            agreement_validity(&entry, Some(AcademicYear(2019)), None, &early),
            None
        );
        assert_eq!(agreement_validity(&entry, None, None, &options(None)), None);
    }

    #[test]
    fn a_row_is_counted_as_warned_once() {
        let at = |row| Location {
            file: "a.csv".into(),
            row,
            ..Default::default()
        };
        let warning = |row, rule| Issue {
            location: at(row),
            severity: Severity::Warning,
            rule,
            value: String::new(),
            message: Message::new("skip.blank"),
        };
        let mut issues = vec![warning(2, Rule::UnknownValue)];
        // Rows 2 and 3 accepted, row 2 with a warning.
        let mut accounts = vec![Account::new("a.csv", "partners")];
        accounts[0].accept_row(true);
        accounts[0].accept_row(false);
        let new = vec![
            warning(2, Rule::EcheUnknownCode),
            warning(3, Rule::EcheExpired),
            warning(3, Rule::EcheCountryMismatch),
        ];
        add_warnings(new, &mut issues, &mut accounts);
        // Row 2 was already warned; row 3 counts once for its two warnings.
        assert_eq!(accounts[0].warned(), 2);
        assert_eq!(issues.len(), 4);
        assert!(issues.is_sorted());
    }

    #[test]
    fn every_eche_rule_has_french_and_english_text() {
        for rule in [
            Rule::EcheUnknownCode,
            Rule::EcheExpired,
            Rule::EcheCountryMismatch,
        ] {
            assert!(
                crate::i18n::has(&format!("rule.{}", rule.as_str())),
                "{rule}"
            );
        }
    }
}
