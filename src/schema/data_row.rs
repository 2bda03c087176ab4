//! Reading one data row: each mapped cell parsed as its field (through `memo` for repeated
//! spellings), problems turned into located issues, the table's rules applied, duplicates
//! caught, and the row pushed into the column builders or counted as rejected.

use super::duplicates::mobility_key;
use super::fields::TableKind;
use super::mapping::{ColumnMap, Source};
use super::parse::{number_of, ParseContext, Value};
use super::rows::TableSink;
use super::rules;
use crate::error::Location;
use crate::i18n::Message;
use crate::ingest::Cell;
use crate::normalise::erasmus_code::{country_of_code, normalise_erasmus_code};
use crate::normalise::text::clean;
use crate::validate::{Issue, Rule, Severity};

impl TableSink<'_> {
    /// The row's partner Erasmus code, normalised, when its column holds a valid one.
    fn code(cells: &[Cell], map: &ColumnMap, table: TableKind) -> Option<String> {
        let code = table.field_index("partner_erasmus_code");
        match code.and_then(|i| map.sources[i].as_ref()) {
            Some(Source::Column(c)) => cells
                .get(*c)
                .map(Cell::display)
                .and_then(|t| normalise_erasmus_code(&t)),
            _ => None,
        }
    }

    /// The country an Erasmus code's prefix says, for lists without a country column.
    fn code_country(cells: &[Cell], map: &ColumnMap, table: TableKind) -> Value {
        Self::code(cells, map, table)
            .and_then(|code| country_of_code(&code))
            .map(|c| Value::Text(c.to_string()))
            .unwrap_or_default()
    }

    /// For mobilities: the key that tells duplicates apart (person, partner, start date), or
    /// None when the row lacks the person or the start date.
    pub(super) fn duplicate_key(&self) -> Option<(u64, u64)> {
        let t = TableKind::Mobilities;
        let person = self.values[self.person_idx].text()?;
        let start = self.values[rules::at!(t, "start_date")].date()?;
        let days = (start - chrono::NaiveDate::from_ymd_opt(1970, 1, 1)?).num_days() as i32;
        Some(mobility_key(
            person,
            self.values[rules::at!(t, "partner_erasmus_code")].text(),
            self.values[rules::at!(t, "partner_name")].text(),
            days,
        ))
    }

    /// For mobilities: the row where the same person, partner and start date were first seen
    /// in this file, if any (else the row is remembered). Caught here, before the row is
    /// pushed, a duplicate costs no copy of the table; `tables` looks across files.
    fn seen_before(&mut self, row: u32) -> Option<u32> {
        let key = self.duplicate_key()?;
        match self.seen.get(&key) {
            Some(first) => Some(*first),
            None => {
                self.seen.insert(key, row);
                None
            }
        }
    }

    /// The error of a mobility on `row` that repeats the one on row `first`.
    pub(super) fn duplicate_issue(&self, row: u32, first: u32) -> Issue {
        let location = self.location(row, String::new());
        // The person is not named: data-quality outputs name rows by their place only, so
        // they never show a person id or an e-mail address.
        let earlier = Location {
            row: first,
            ..location.clone()
        };
        Issue {
            message: Message::new("row.duplicate").with_place("earlier", earlier),
            value: String::new(),
            location,
            severity: Severity::Error,
            rule: Rule::DuplicateMobility,
        }
    }

    pub(super) fn data_row(&mut self, row: u32, cells: &[Cell]) {
        let map = self.map.as_ref().expect("header mapped before data rows");
        let ctx = ParseContext {
            first_month: self.rules.first_month,
        };
        let fields = self.table.fields();
        self.row_issues.clear();
        // What an import profile noticed while translating this row.
        self.row_issues.append(&mut self.pending);
        let empty = Cell::Empty;
        let mut has_error = self
            .row_issues
            .iter()
            .any(|i| i.severity == Severity::Error);
        // A row a profile already rejected, with its reason, is not also blamed for the
        // fields that reason left empty.
        let rejected_by_profile = has_error;
        let country_from_code = map.country_from_code;
        // Rows translated by an import profile name the export's own columns.
        let relabels = &self.relabel;
        let relabel = |c: usize| relabels.get(c).filter(|l| !l.is_empty()).cloned();
        for (i, field) in fields.iter().enumerate() {
            let (cell, col) = match &map.sources[i] {
                Some(Source::Column(c)) => (cells.get(*c).unwrap_or(&empty), Some(*c)),
                Some(Source::Constant(_)) => (self.constants[i].as_ref().unwrap_or(&empty), None),
                None => {
                    self.values[i] = Value::Null;
                    continue;
                }
            };
            // Built only when an issue needs it: this loop runs for every cell.
            let column = || match col {
                Some(c) => relabel(c).unwrap_or_else(|| map.column_label(c)),
                None => format!("{} (constant in mobistat.toml)", field.name),
            };
            let parsed = self.memo[i].parse(field.kind, cell, ctx);
            let (value, problem) = match parsed {
                Ok(v) => (v, None),
                Err(p) => (Value::Null, Some(p)),
            };
            // No country (no column, or a blank cell): the Erasmus code's prefix says it. A
            // blank cell in a country column is worth a warning; a list without one is not.
            let mut fallback = None;
            let value = match (value, country_from_code == Some(i) && problem.is_none()) {
                (Value::Null, true) => {
                    let derived = Self::code_country(cells, map, self.table);
                    if let (Some(country), Some(_)) = (derived.text(), col) {
                        fallback = Some((
                            Severity::Warning,
                            Rule::RequiredMissing,
                            Message::new("row.country_from_code").with("country", country),
                        ));
                    }
                    derived
                }
                (v, _) => v,
            };
            let complaint = fallback.or_else(|| match problem {
                Some(p) if self.config.requires(field) => Some((
                    Severity::Error,
                    p.rule,
                    Message::new("row.rejected_required")
                        .with_sentence("problem", p.message)
                        .with_word("field", format!("field.{}", field.name)),
                )),
                Some(p) => Some((
                    Severity::Warning,
                    p.rule,
                    Message::new("row.left_empty")
                        .with_sentence("problem", p.message)
                        .with_word("field", format!("field.{}", field.name)),
                )),
                None if self.config.requires(field)
                    && !field.blank_ok
                    && value.is_null()
                    && !rejected_by_profile
                    // A partner known by its code alone: the row rules name it by the code.
                    && !(field.name == "partner_name" && Self::code(cells, map, self.table).is_some()) =>
                {
                    Some((
                        Severity::Error,
                        Rule::RequiredMissing,
                        Message::new("row.missing_required")
                            .with_word("field", format!("field.{}", field.name)),
                    ))
                }
                None => None,
            });
            if let Some((severity, rule, message)) = complaint {
                has_error |= severity == Severity::Error;
                let location = Location {
                    file: self.file.clone(),
                    sheet: self.sheet.clone(),
                    row,
                    column: column(),
                };
                self.row_issues.push(Issue {
                    location,
                    severity,
                    rule,
                    value: cell.display(),
                    message,
                });
            }
            self.values[i] = value;
        }
        // Wide partner lists: a programme is covered when its column holds a number above 0.
        if !map.programme_columns.is_empty() {
            let list: Vec<String> = map
                .programme_columns
                .iter()
                .filter(|(c, _)| {
                    let cell = cells.get(*c).unwrap_or(&empty);
                    let text = cell.as_text().and_then(clean);
                    number_of(cell, text.as_deref()).is_some_and(|n| n > 0.0)
                })
                .map(|(_, name)| name.clone())
                .collect();
            let programmes = fields
                .iter()
                .position(|f| f.name == "programmes")
                .expect("partners have programmes");
            self.values[programmes] = Value::List(list);
        }
        let raw = |name: &str| -> Option<String> {
            let i = self.table.field_index(name)?;
            match &map.sources[i] {
                // A text cell is cleaned from its own text: this runs for every row.
                Some(Source::Column(c)) => cells.get(*c).and_then(|c| match c {
                    Cell::Text(text) => clean(text),
                    other => clean(&other.display()),
                }),
                Some(Source::Constant(v)) => Some(v.clone()),
                None => None,
            }
        };
        self.problems.clear();
        rules::apply(
            self.table,
            &self.rules,
            &mut self.values,
            &raw,
            &mut self.extras,
            &mut self.problems,
        );
        for p in self.problems.drain(..) {
            let (column, value) = match p
                .field
                .and_then(|f| fields.iter().position(|x| x.name == f))
            {
                Some(i) => match &map.sources[i] {
                    Some(Source::Column(c)) => (
                        relabel(*c).unwrap_or_else(|| map.column_label(*c)),
                        cells.get(*c).map(Cell::display).unwrap_or_default(),
                    ),
                    _ => (String::new(), String::new()),
                },
                None => (String::new(), String::new()),
            };
            has_error |= p.severity == Severity::Error;
            let location = Location {
                file: self.file.clone(),
                sheet: self.sheet.clone(),
                row,
                column,
            };
            self.row_issues.push(Issue {
                location,
                severity: p.severity,
                rule: p.rule,
                value,
                message: p.message,
            });
        }
        // Rows read on several threads (`parallel`) leave the duplicate test to the merge,
        // which sees the rows in file order: the row is accepted for now, and its key kept.
        let mut deferred_key = None;
        if !has_error && self.table == TableKind::Mobilities {
            if self.deferred.is_some() {
                deferred_key = self.duplicate_key();
            } else if let Some(first) = self.seen_before(row) {
                has_error = true;
                let issue = self.duplicate_issue(row, first);
                self.row_issues.push(issue);
            }
        }
        if has_error {
            self.account.reject_row();
        } else {
            // Notes (an ongoing mobility) are not warnings.
            let warned = self
                .row_issues
                .iter()
                .any(|i| i.severity == Severity::Warning);
            self.account.accept_row(warned);
            let position = self.accepted_len();
            if let (Some(key), Some(deferred)) = (deferred_key, self.deferred.as_mut()) {
                deferred.push(super::parallel::Tentative {
                    key,
                    row,
                    position,
                    warned,
                });
            }
            let n_fields = fields.len();
            for (i, value) in self.values.iter_mut().enumerate() {
                self.columns[i].push(std::mem::take(value));
            }
            for (j, value) in self.extras.drain(..).enumerate() {
                self.columns[n_fields + j].push(value);
            }
            let base = self.columns.len() - 3;
            self.columns[base].push(self.file_value.clone());
            self.columns[base + 1].push(self.sheet_value.clone());
            self.columns[base + 2].push(Value::Int(row as i64));
        }
        self.issues.append(&mut self.row_issues);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::Cell::{Empty, Number};
    use crate::schema::mapping::MappingConfig;
    use crate::schema::rules::RowRules;
    use crate::schema::testing::{feed, t};
    use std::collections::BTreeMap;

    #[test]
    fn partner_list_with_title_totals_and_wide_programmes() {
        let config = MappingConfig {
            constants: BTreeMap::from([("agreement".into(), "erasmus".into())]),
            programme_columns: vec!["GIF".into(), "GMAT".into()],
            ..Default::default()
        };
        let mut sink = TableSink::new(TableKind::Partners, "p.csv", &config, RowRules::default());
        feed(
            &mut sink,
            vec![
                vec![Empty, t("Lista DEFINITIVA destinos Erasmus 2026-2027")],
                vec![
                    t("Nombre Universidad"),
                    t("Código"),
                    t("País"),
                    t("GIF"),
                    t("GMAT"),
                ],
                vec![
                    t("TECHNISCHE UNIVERSITÄT WIEN"),
                    t("A WIEN02"),
                    t("AUSTRIA"),
                    t("2"),
                    t(" "),
                ],
                vec![
                    t("UNIVERSITE DE LIEGE"),
                    t("B LIEGE01"),
                    t("BÉLGICA"),
                    Empty,
                    Number(1.0),
                ],
                vec![t("NOWHERE U"), t("X NOWHERE1"), t("Atlantis"), Empty, Empty],
                vec![],
                vec![t("TOTAL GIF"), Number(0.0)],
            ],
        );
        // 7 rows read: title, header, blank and totals skipped (4), 2 accepted, 1 rejected.
        assert_eq!(
            (
                sink.account.read(),
                sink.account.accepted(),
                sink.account.rejected(),
                sink.account.skipped()
            ),
            (7, 2, 1, 4)
        );
        assert!(sink.account.balances());
        let df = sink.take_frame().unwrap();
        assert_eq!(
            crate::schema::text_column::TextColumn::of(&df, "partner_erasmus_code").get(0),
            Some("A  WIEN02")
        );
        assert_eq!(
            crate::schema::text_column::TextColumn::of(&df, "partner_country").get(1),
            Some("BE")
        );
        let rejected = sink
            .issues
            .iter()
            .find(|i| i.severity == Severity::Error)
            .unwrap();
        assert_eq!(rejected.rule, Rule::UnknownCountry);
        assert_eq!(rejected.location.row, 5);
        assert_eq!(rejected.location.column, "C (País)");
        let totals = sink
            .issues
            .iter()
            .find(|i| i.rule == Rule::TotalsRow)
            .unwrap();
        assert_eq!(totals.location.row, 7);
    }

    #[test]
    fn a_mobility_entered_twice_in_one_file_is_rejected_once() {
        let config = MappingConfig {
            constants: BTreeMap::from([("direction".into(), "outgoing".into())]),
            ..Default::default()
        };
        let mut sink = TableSink::new(TableKind::Mobilities, "m.csv", &config, RowRules::default());
        let header = vec![
            t("N° étudiant"),
            t("Activité"),
            t("Établissement"),
            t("Code Erasmus"),
            t("Pays"),
            t("Début"),
            t("Fin"),
        ];
        let row = |code: &str| {
            vec![
                t("E1"),
                t("Études"),
                t("TU Wien"),
                t(code),
                t("AT"),
                t("02/09/2024"),
                t("31/01/2025"),
            ]
        };
        // Rows 3 and 4 spell the same Erasmus code differently: still the same mobility.
        feed(
            &mut sink,
            vec![
                header,
                row("A WIEN02"),
                row("A\u{a0} WIEN02"),
                row("A  WIEN03"),
            ],
        );
        assert_eq!((sink.account.accepted(), sink.account.rejected()), (2, 1));
        let dup = sink
            .issues
            .iter()
            .find(|i| i.rule == Rule::DuplicateMobility)
            .unwrap();
        assert_eq!(dup.location.row, 3);
        assert!(dup.message.en().contains("row 2"), "{}", dup.message.en());
        // Issue 13: the duplicate is named by its place, never by the person id ("E1").
        assert!(!dup.message.en().contains("E1"), "{}", dup.message.en());
        let fr = dup.message.render(crate::i18n::Language::Fr);
        assert!(!fr.contains("E1"), "{fr}");
        assert_eq!(dup.value, "");
    }
}
