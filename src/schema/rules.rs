//! Table-specific row rules and derived columns: participant from activity, double degrees,
//! academic year and inclusive duration of mobilities, dates in order, plausible durations,
//! the parts of Erasmus+ project references, and partners' institution key and status.

use super::columns::ColumnType;
use super::fields::TableKind;
use super::parse::Value;
use super::partner_rules;
pub use super::partner_rules::{partner_key, status_is_active};
use super::vocab::{is_cotutelle_label, is_double_degree_label, Activity};
use crate::i18n::Message;
use crate::normalise::academic_year::AcademicYear;
use crate::validate::{Rule, Severity};
use chrono::NaiveDate;

/// Settings the row rules read.
#[derive(Debug, Clone, Copy)]
pub struct RowRules {
    /// First month of the academic year (1-12).
    pub first_month: u32,
    /// Student mobilities longer than this get a warning.
    pub max_duration_days: i64,
    /// Staff mobilities longer than this get a warning.
    pub max_staff_duration_days: i64,
    /// The day the data is read as of: a mobility without an end date, or ending after this
    /// day, is ongoing (`[rules] as_of`; default: the day of the run).
    pub as_of: NaiveDate,
}

impl Default for RowRules {
    fn default() -> Self {
        RowRules {
            first_month: 9,
            max_duration_days: 730,
            max_staff_duration_days: 60,
            as_of: chrono::Local::now().date_naive(),
        }
    }
}

/// A problem found by a table rule, on a field (or on the row when `field` is None).
#[derive(Debug, Clone, PartialEq)]
pub struct RowProblem {
    pub field: Option<&'static str>,
    pub severity: Severity,
    pub rule: Rule,
    pub message: Message,
}

/// The derived columns each table adds after its fields.
pub fn extra_columns(table: TableKind) -> &'static [(&'static str, ColumnType)] {
    match table {
        TableKind::Mobilities => &[
            ("funding_label", ColumnType::Cat),
            ("partner_key", ColumnType::Cat),
        ],
        TableKind::IcmProjects => &[
            ("call_year", ColumnType::Int),
            ("national_agency", ColumnType::Cat),
            ("key_action", ColumnType::Cat),
        ],
        TableKind::Partners => &[
            ("partner_key", ColumnType::Cat),
            ("status_active", ColumnType::Bool),
        ],
        TableKind::Students | TableKind::Programmes | TableKind::Welcome | TableKind::Grants => &[],
    }
}

pub(super) fn index(table: TableKind, name: &str) -> usize {
    table.field_index(name).expect("field of the table")
}

/// `index(table, name)` for a literal name, looked up once per table at each place it is
/// written: the rules run on every row, and a lookup by name there cost 3% of a large read.
macro_rules! at {
    ($table:expr, $name:literal) => {{
        static AT: [std::sync::OnceLock<usize>; TableKind::ALL.len()] =
            [const { std::sync::OnceLock::new() }; TableKind::ALL.len()];
        let table: TableKind = $table;
        *AT[table as usize].get_or_init(|| $crate::schema::rules::index(table, $name))
    }};
}
pub(super) use at;

/// Applies the table's rules to one row's parsed values. `raw` gives a field's cell text as
/// read. Fills `extras` (one value per [`extra_columns`] entry) and adds to `problems`.
pub fn apply(
    table: TableKind,
    rules: &RowRules,
    values: &mut [Value],
    raw: &dyn Fn(&str) -> Option<String>,
    extras: &mut Vec<Value>,
    problems: &mut Vec<RowProblem>,
) {
    extras.clear();
    match table {
        TableKind::Mobilities => mobility(rules, values, raw, extras, problems),
        TableKind::IcmProjects => icm_project(values, extras, problems),
        TableKind::Partners => partner_rules::partner(values, raw, extras, problems),
        TableKind::Students | TableKind::Programmes | TableKind::Welcome | TableKind::Grants => {}
    }
}

fn mobility(
    rules: &RowRules,
    values: &mut [Value],
    raw: &dyn Fn(&str) -> Option<String>,
    extras: &mut Vec<Value>,
    problems: &mut Vec<RowProblem>,
) {
    let t = TableKind::Mobilities;
    name_by_code(t, values, problems);
    let activity = values[at!(t, "activity")].text().and_then(Activity::parse);
    // Exports without a participant column: teaching and training are staff, the rest students.
    let participant = at!(t, "participant");
    if values[participant].is_null() {
        if let Some(a) = activity {
            values[participant] = Value::Text(a.participant().as_str().to_string());
        }
    }
    // "Double degree" written as the activity means a study period towards a double degree;
    // otherwise a mobility is not a double degree unless a column says so.
    let dd = at!(t, "double_degree");
    // So does "Double diplôme" in a programme column (funding or degree programme).
    // Each cell's text is read once: these run for every row.
    let (raw_activity, raw_funding, raw_programme) =
        (raw("activity"), raw("funding"), raw("home_programme"));
    let dd_label = |t: &Option<String>| t.as_deref().is_some_and(is_double_degree_label);
    let labelled_dd = dd_label(&raw_activity) || dd_label(&raw_funding) || dd_label(&raw_programme);
    let programme = at!(t, "home_programme");
    if dd_label(&raw_programme) {
        values[programme] = Value::Null;
    }
    if labelled_dd {
        values[dd] = Value::Bool(true);
    } else if values[dd].is_null() {
        values[dd] = Value::Bool(false);
    }
    // "Cotutelle" as the activity: a doctoral stay for a thesis in cotutelle (read as study).
    let cotutelle = at!(t, "cotutelle");
    if raw_activity.as_deref().is_some_and(is_cotutelle_label) {
        values[cotutelle] = Value::Bool(true);
    } else if values[cotutelle].is_null() {
        values[cotutelle] = Value::Bool(false);
    }
    // One row stands for one person unless the file says how many (aggregated public data).
    let participants = at!(t, "participants");
    if values[participants].is_null() {
        values[participants] = Value::Int(1);
    }
    extras.push(raw_funding.map(Value::Text).unwrap_or_default());
    // The partner as the partner list keys it, so that mobilities and agreements meet.
    let key = partner_key(
        values[at!(t, "partner_erasmus_code")].text(),
        values[at!(t, "partner_name")].text(),
        values[at!(t, "partner_country")].text(),
    );
    extras.push(key.map(Value::Text).unwrap_or_default());
    // No funding column: an Erasmus+ project reference says the key action.
    let funding = at!(t, "funding");
    if values[funding].is_null() {
        let action = values[at!(t, "project_reference")]
            .text()
            .and_then(parse_project_reference)
            .map(|(_, _, action)| action);
        let from_action = match action.as_deref() {
            Some("KA131" | "KA103") => Some("erasmus_ka131"),
            Some("KA171" | "KA107") => Some("erasmus_ka171"),
            Some(_) => Some("other"),
            None => None,
        };
        if let Some(f) = from_action {
            values[funding] = Value::Text(f.to_string());
        }
    }

    let start = values[at!(t, "start_date")].date();
    let end = values[at!(t, "end_date")].date();
    // A year or a duration the file states wins over the one the dates give: public files
    // date mobilities to the month and report their own academic year and days.
    let year = at!(t, "academic_year");
    if let (Value::Null, Some(start)) = (&values[year], start) {
        values[year] = Value::Text(AcademicYear::of_date(start, rules.first_month).to_string());
    }
    let duration = at!(t, "duration_days");
    let stated = match values[duration] {
        Value::Int(d) => Some(d),
        _ => None,
    };
    let staff = values[participant].text() == Some("staff");
    let limit = if staff {
        rules.max_staff_duration_days
    } else {
        rules.max_duration_days
    };
    // Under way: no end date, or one after the day the data is read as of. It counts in its
    // year's flows but has no days yet: durations, day totals and the outgoing rate's
    // threshold leave it out until it ends.
    let status = at!(t, "mobility_status");
    let ongoing = match end {
        None => Some(Message::new("row.ongoing_no_end")),
        Some(end) if end > rules.as_of => Some(
            Message::new("row.ongoing_ends_later")
                .with("end", end)
                .with("as_of", rules.as_of),
        ),
        Some(_) => None,
    };
    if let (Some(message), Some(start)) = (ongoing, start) {
        if end.is_none_or(|end| end >= start) {
            values[status] = Value::Text("ongoing".into());
            values[duration] = Value::Null;
            problems.push(RowProblem {
                field: Some("end_date"),
                severity: Severity::Info,
                rule: Rule::Ongoing,
                message,
            });
            return;
        }
    }
    values[status] = Value::Text("completed".into());
    let mut days = stated;
    if let (Some(start), Some(end)) = (start, end) {
        if end < start {
            problems.push(RowProblem {
                field: Some("end_date"),
                severity: Severity::Error,
                rule: Rule::EndBeforeStart,
                message: Message::new("row.end_before_start")
                    .with("end", end)
                    .with("start", start),
            });
            days = None;
        } else {
            // Inclusive count, as the Erasmus+ Beneficiary Module counts days.
            let span = (end - start).num_days() + 1;
            if let Some(stated) = stated.filter(|d| *d > span) {
                problems.push(RowProblem {
                    field: Some("duration_days"),
                    severity: Severity::Warning,
                    rule: Rule::ImplausibleDuration,
                    message: Message::new("row.stated_longer")
                        .with("stated", stated)
                        .with("span", span)
                        .with("start", start)
                        .with("end", end),
                });
            }
            days = days.or(Some(span));
        }
    }
    if let Some(d) = days.filter(|d| *d > limit) {
        problems.push(RowProblem {
            field: Some(if stated.is_some() {
                "duration_days"
            } else {
                "end_date"
            }),
            severity: Severity::Warning,
            rule: Rule::ImplausibleDuration,
            message: Message::new(if staff {
                "row.too_long_staff"
            } else {
                "row.too_long_student"
            })
            .with("days", d)
            .with("limit", limit),
        });
    }
    values[duration] = days.map(Value::Int).unwrap_or_default();
}

/// A partner given by its Erasmus code with a blank name is named by the code, with a
/// warning (the row builder let the row through for that). With `[reference] eche`, the
/// load stage then names it from the ECHE list.
pub(super) fn name_by_code(t: TableKind, values: &mut [Value], problems: &mut Vec<RowProblem>) {
    let name = at!(t, "partner_name");
    if !values[name].is_null() {
        return;
    }
    let Some(code) = values[at!(t, "partner_erasmus_code")]
        .text()
        .map(str::to_string)
    else {
        return;
    };
    problems.push(RowProblem {
        field: Some("partner_name"),
        severity: Severity::Warning,
        rule: Rule::RequiredMissing,
        message: Message::new("row.named_by_code").with("code", &code),
    });
    values[name] = Value::Text(code);
}

/// The parts of an Erasmus+ project reference "2022-1-FR01-KA171-HED-000012345":
/// call year, national agency and key action.
pub fn parse_project_reference(reference: &str) -> Option<(i64, String, String)> {
    let parts: Vec<&str> = reference.trim().split('-').collect();
    if parts.len() < 5 {
        return None;
    }
    let year: i64 = parts[0]
        .parse()
        .ok()
        .filter(|y| (2014..=2100).contains(y))?;
    let agency = parts[2];
    let agency_ok = agency.len() == 4
        && agency[..2].chars().all(|c| c.is_ascii_uppercase())
        && agency[2..].chars().all(|c| c.is_ascii_digit());
    let action = parts[3];
    let action_ok = action.len() >= 4
        && action.starts_with("KA")
        && action[2..].chars().all(|c| c.is_ascii_digit());
    (agency_ok && action_ok).then(|| (year, agency.to_string(), action.to_string()))
}

fn icm_project(values: &mut [Value], extras: &mut Vec<Value>, problems: &mut Vec<RowProblem>) {
    let reference = values[at!(TableKind::IcmProjects, "project_reference")]
        .text()
        .unwrap_or_default()
        .to_string();
    match parse_project_reference(&reference) {
        Some((year, agency, action)) => {
            if action != "KA171" && action != "KA107" {
                problems.push(RowProblem {
                    field: Some("project_reference"),
                    severity: Severity::Warning,
                    rule: Rule::InvalidProjectReference,
                    message: Message::new("row.not_icm_project")
                        .with("reference", &reference)
                        .with("action", &action),
                });
            }
            extras.extend([Value::Int(year), Value::Text(agency), Value::Text(action)]);
        }
        None => {
            if !reference.is_empty() {
                problems.push(RowProblem {
                    field: Some("project_reference"),
                    severity: Severity::Warning,
                    rule: Rule::InvalidProjectReference,
                    message: Message::new("row.not_a_project_reference").with("value", &reference),
                });
            }
            extras.extend([Value::Null, Value::Null, Value::Null]);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn mobility_row(activity: &str, start: (i32, u32, u32), end: (i32, u32, u32)) -> Vec<Value> {
        let t = TableKind::Mobilities;
        let mut v = vec![Value::Null; t.fields().len()];
        let d = |(y, m, day)| Value::Date(NaiveDate::from_ymd_opt(y, m, day).unwrap());
        v[at!(t, "activity")] = Value::Text(activity.into());
        v[at!(t, "start_date")] = d(start);
        v[at!(t, "end_date")] = d(end);
        v
    }

    /// Applies the mobility rules with default settings: (derived columns, problems).
    fn run(v: &mut [Value], raw: &dyn Fn(&str) -> Option<String>) -> (Vec<Value>, Vec<RowProblem>) {
        let (mut extras, mut problems) = (Vec::new(), Vec::new());
        apply(
            TableKind::Mobilities,
            &RowRules::default(),
            v,
            raw,
            &mut extras,
            &mut problems,
        );
        (extras, problems)
    }

    #[test]
    fn derives_participant_year_and_inclusive_duration() {
        let mut v = mobility_row("teaching", (2024, 10, 7), (2024, 10, 11));
        let (extras, problems) = run(&mut v, &|_| None);
        let t = TableKind::Mobilities;
        assert_eq!(v[at!(t, "participant")], Value::Text("staff".into()));
        assert_eq!(v[at!(t, "participants")], Value::Int(1));
        assert_eq!(v[at!(t, "double_degree")], Value::Bool(false));
        // 7 to 11 October inclusive is 5 days. No funding label, no partner to key.
        assert_eq!(extras, vec![Value::Null, Value::Null]);
        assert_eq!(v[at!(t, "academic_year")], Value::Text("2024-2025".into()));
        assert_eq!(v[at!(t, "duration_days")], Value::Int(5));
        assert!(problems.is_empty());
    }

    #[test]
    fn end_before_start_is_an_error_and_long_stays_a_warning() {
        let mut v = mobility_row("study", (2024, 9, 1), (2024, 8, 1));
        let (_, problems) = run(&mut v, &|_| None);
        assert_eq!(problems[0].rule, Rule::EndBeforeStart);
        assert_eq!(problems[0].severity, Severity::Error);

        let mut v = mobility_row("teaching", (2024, 1, 1), (2026, 6, 18));
        let (_, problems) = run(&mut v, &|_| None);
        assert_eq!(problems[0].rule, Rule::ImplausibleDuration);
        assert_eq!(problems[0].severity, Severity::Warning);
    }

    #[test]
    fn double_degree_label_sets_the_flag() {
        let mut v = mobility_row("study", (2024, 9, 1), (2025, 6, 30));
        let raw = |f: &str| (f == "activity").then(|| "Double diplôme".to_string());
        run(&mut v, &raw);
        assert_eq!(
            v[index(TableKind::Mobilities, "double_degree")],
            Value::Bool(true)
        );
    }

    #[test]
    fn project_references() {
        assert_eq!(
            parse_project_reference("2022-1-FR01-KA171-HED-000012345"),
            Some((2022, "FR01".to_string(), "KA171".to_string()))
        );
        assert_eq!(parse_project_reference("ICM Ukraine"), None);
        assert_eq!(parse_project_reference("2022-1-fr01-KA171-HED-1"), None);
    }
}
