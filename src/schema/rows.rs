//! The row builder: a [`RowSink`] that finds the header row, skips blank, title, repeated
//! header and totals rows, reads each data row's cells as typed values, applies the table's
//! rules, and pushes accepted rows into the column builders. Every row ends in the account.

use super::columns::{ColumnBuilder, ColumnType};
use super::fields::{Kind, TableKind};
use super::mapping::{
    is_header, map_columns, ColumnMap, MappingConfig, Source, HEADER_SEARCH_ROWS,
};
use super::parse::{number_of, parse_cell, ParseContext, Problem, Value};
use super::rules::{self, RowProblem, RowRules};
use crate::error::{Error, Location, Result};
use crate::ingest::{Cell, RowSink};
use crate::normalise::erasmus_code::{country_of_code, normalise_erasmus_code};
use crate::normalise::text::{clean, fold};
use crate::validate::{Account, Issue, Rule, Severity};
use std::collections::HashMap;
use std::hash::{Hash, Hasher};

/// Words that open a totals row ("Total", "TOTAL GIF", "Sous-total", "PLAZAS TOTALES").
const TOTAL_WORDS: &[&str] = &[
    "total",
    "totals",
    "totaux",
    "sous total",
    "subtotal",
    "sub total",
    "grand total",
    "plazas totales",
    "suma",
    "somme",
    "summe",
    "gesamt",
    "totales",
];

/// Parses one cell, through the field's memo for kinds whose few spellings repeat on every
/// row (countries, vocabularies, Erasmus codes, years, yes/no): one hash lookup instead of
/// folding and normalising the same text again.
fn parse_memoised(
    memo: &mut HashMap<Box<str>, std::result::Result<Value, Problem>>,
    kind: Kind,
    cell: &Cell,
    ctx: ParseContext,
) -> std::result::Result<Value, Problem> {
    let memoised = matches!(
        kind,
        Kind::Country | Kind::Vocab(_) | Kind::ErasmusCode | Kind::AcademicYear(_) | Kind::Bool
    );
    let Some(text) = cell.as_text().filter(|_| memoised) else {
        return parse_cell(kind, cell, ctx);
    };
    if let Some(hit) = memo.get(text) {
        return hit.clone();
    }
    let parsed = parse_cell(kind, cell, ctx).map(Value::shared);
    // A bound keeps memory proportional to the data even for a column of unique codes.
    if memo.len() < MEMO_LIMIT {
        memo.insert(text.into(), parsed.clone());
    }
    parsed
}

/// Distinct spellings remembered per field.
const MEMO_LIMIT: usize = 50_000;

/// One file's rows, read into one table's columns.
pub struct TableSink<'a> {
    table: TableKind,
    file: String,
    sheet: String,
    config: &'a MappingConfig,
    rules: RowRules,
    map: Option<ColumnMap>,
    constants: Vec<Option<Cell>>,
    header_texts: Vec<String>,
    /// Per field: cell text → its parse, for the kinds whose few distinct spellings repeat on
    /// every row (countries, vocabularies, Erasmus codes, years, yes/no).
    memo: Vec<HashMap<Box<str>, std::result::Result<Value, Problem>>>,
    file_value: Value,
    /// Mobilities already accepted in this file, by a hash of (person, partner, start).
    seen: HashMap<(u64, u64), u32>,
    person_idx: usize,
    sheet_value: Value,
    values: Vec<Value>,
    extras: Vec<Value>,
    problems: Vec<RowProblem>,
    row_issues: Vec<Issue>,
    /// The table's columns: fields, derived columns, then source_file, source_sheet, source_row.
    pub columns: Vec<ColumnBuilder>,
    /// Every issue found, in row order.
    pub issues: Vec<Issue>,
    /// What became of the rows.
    pub account: Account,
    /// Called with the number of rows read so far, every 4096 rows (progress bars).
    pub on_progress: Option<Box<dyn FnMut(u64) + Send + 'a>>,
}

/// The column names and types of a table, in the order its DataFrame has them.
pub fn table_columns(table: TableKind) -> Vec<(&'static str, ColumnType)> {
    let mut cols: Vec<(&'static str, ColumnType)> = table
        .fields()
        .iter()
        .map(|f| {
            let ty = match f.kind {
                Kind::Date => ColumnType::Date,
                Kind::Bool => ColumnType::Bool,
                Kind::Count => ColumnType::Int,
                Kind::Money => ColumnType::Float,
                Kind::Programmes => ColumnType::List,
                _ => ColumnType::Str,
            };
            (f.name, ty)
        })
        .collect();
    cols.extend_from_slice(rules::extra_columns(table));
    cols.push(("source_file", ColumnType::Str));
    cols.push(("source_sheet", ColumnType::Str));
    cols.push(("source_row", ColumnType::Row));
    cols
}

impl<'a> TableSink<'a> {
    /// A sink for one file of `table`, shown to the user as `file`.
    pub fn new(table: TableKind, file: &str, config: &'a MappingConfig, rules: RowRules) -> Self {
        TableSink {
            table,
            file: file.to_string(),
            sheet: String::new(),
            config,
            rules,
            map: None,
            constants: Vec::new(),
            header_texts: Vec::new(),
            memo: table.fields().iter().map(|_| HashMap::new()).collect(),
            file_value: Value::Shared(file.into()),
            seen: HashMap::new(),
            person_idx: table
                .fields()
                .iter()
                .position(|f| f.name == "person_id")
                .unwrap_or(0),
            sheet_value: Value::Shared("".into()),
            values: vec![Value::Null; table.fields().len()],
            extras: Vec::new(),
            problems: Vec::new(),
            row_issues: Vec::new(),
            columns: table_columns(table)
                .into_iter()
                .map(|(n, t)| ColumnBuilder::new(n, t))
                .collect(),
            issues: Vec::new(),
            account: Account {
                file: file.to_string(),
                table: table.to_string(),
                ..Default::default()
            },
            on_progress: None,
        }
    }

    /// The accepted rows as a DataFrame with the table's canonical columns.
    pub fn take_frame(&mut self) -> Result<polars::prelude::DataFrame> {
        let columns = std::mem::take(&mut self.columns);
        let height = columns.first().map_or(0, ColumnBuilder::len);
        columns
            .into_iter()
            .map(ColumnBuilder::into_column)
            .collect::<polars::prelude::PolarsResult<Vec<_>>>()
            .and_then(|cols| polars::prelude::DataFrame::new(height, cols))
            .map_err(|source| Error::Polars {
                table: self.table.to_string(),
                source,
            })
    }

    /// The column mapping, once the header row has been found.
    pub fn column_map(&self) -> Option<&ColumnMap> {
        self.map.as_ref()
    }

    /// Ends the file: fails when no header row was found.
    pub fn finish(&mut self) -> Result<()> {
        if self.map.is_none() {
            return Err(self.no_header());
        }
        Ok(())
    }

    fn no_header(&self) -> Error {
        let examples = self
            .table
            .fields()
            .iter()
            .filter(|f| f.required)
            .map(|f| format!("\"{}\"", f.aliases.first().copied().unwrap_or(f.name)))
            .collect::<Vec<_>>()
            .join(", ");
        Error::NoHeader {
            location: Box::new(Location::sheet(&self.file, &self.sheet)),
            table: self.table.to_string(),
            searched: self
                .config
                .header_row
                .map_or(HEADER_SEARCH_ROWS, |r| r as usize),
            examples,
        }
    }

    fn location(&self, row: u32, column: String) -> Location {
        Location {
            file: self.file.clone(),
            sheet: self.sheet.clone(),
            row,
            column,
        }
    }

    fn skip(&mut self, row: u32, rule: Rule, value: String, message: &str) {
        self.account.skipped += 1;
        let location = self.location(row, String::new());
        self.issues.push(Issue {
            location,
            severity: Severity::Skipped,
            rule,
            value,
            message: message.to_string(),
        });
    }

    fn take_header(&mut self, row: u32, cells: &[Cell]) -> Result<()> {
        let at = Location::sheet(&self.file, &self.sheet);
        let map = map_columns(self.table, row, cells, self.config, &at)?;
        self.constants = map
            .sources
            .iter()
            .map(|s| match s {
                Some(Source::Constant(v)) => Some(Cell::Text(v.clone())),
                _ => None,
            })
            .collect();
        self.header_texts = map.headers.clone();
        for (col, header) in &map.ignored {
            let location = self.location(row, map.column_label(*col));
            self.issues.push(Issue {
                location,
                severity: Severity::Info,
                rule: Rule::IgnoredColumn,
                value: header.clone(),
                message: format!(
                    "column \"{header}\" matches no field of the {} table and is ignored",
                    self.table
                ),
            });
        }
        self.skip(row, Rule::HeaderRow, String::new(), "header row");
        self.map = Some(map);
        Ok(())
    }

    /// A copy of the header row further down (two exports pasted together). Compared as
    /// written, ignoring ASCII case: this runs on every row, so it must not allocate.
    fn is_repeated_header(&self, cells: &[Cell]) -> bool {
        let mut same = 0;
        let mut other = 0;
        for (i, cell) in cells.iter().enumerate() {
            if cell.is_blank() {
                continue;
            }
            match (cell.as_text(), self.header_texts.get(i)) {
                (Some(t), Some(h)) if t.trim().eq_ignore_ascii_case(h) => same += 1,
                _ => other += 1,
            }
        }
        same >= 2 && same > other
    }

    fn totals_label(cells: &[Cell]) -> Option<String> {
        cells
            .iter()
            .filter(|c| !c.is_blank())
            .take(4)
            .filter_map(Cell::as_text)
            // Every totals word starts with one of these letters: fold only those cells.
            .filter(|t| {
                t.trim_start()
                    .starts_with(['t', 'T', 's', 'S', 'g', 'G', 'p', 'P'])
            })
            .find(|t| {
                let key = fold(t);
                TOTAL_WORDS.iter().any(|w| {
                    key == *w
                        || key
                            .strip_prefix(w)
                            .is_some_and(|rest| rest.starts_with(' '))
                })
            })
            .map(str::to_string)
    }

    /// The country an Erasmus code's prefix says, for lists without a country column.
    fn code_country(cells: &[Cell], map: &ColumnMap, table: TableKind) -> Value {
        let code = table
            .fields()
            .iter()
            .position(|f| f.name == "partner_erasmus_code");
        match code.and_then(|i| map.sources[i].as_ref()) {
            Some(Source::Column(c)) => cells
                .get(*c)
                .map(Cell::display)
                .and_then(|t| normalise_erasmus_code(&t))
                .and_then(|code| country_of_code(&code))
                .map(|c| Value::Text(c.to_string()))
                .unwrap_or_default(),
            _ => Value::Null,
        }
    }

    /// For mobilities: the row where the same person, partner and start date were first seen
    /// in this file, if any (else the row is remembered). Caught here, before the row is
    /// pushed, a duplicate costs no copy of the table; `tables` looks across files.
    fn seen_before(&mut self, row: u32) -> Option<u32> {
        let t = TableKind::Mobilities;
        let idx = |name: &str| {
            t.fields()
                .iter()
                .position(|f| f.name == name)
                .expect("mobility field")
        };
        let person = self.values[self.person_idx].text()?;
        let start = self.values[idx("start_date")].date()?;
        let code = self.values[idx("partner_erasmus_code")].text();
        let partner = match code {
            Some(c) => c.to_string(),
            None => fold(self.values[idx("partner_name")].text().unwrap_or_default()),
        };
        // Two independent 64-bit hashes: a false match needs both to collide (odds ~1e-38 per
        // pair), so no key strings are kept: 16 bytes a row instead of two strings.
        let hash = |salt: u8| {
            let mut h = std::collections::hash_map::DefaultHasher::new();
            (salt, person, partner.as_str(), start).hash(&mut h);
            h.finish()
        };
        let key = (hash(1), hash(2));
        match self.seen.get(&key) {
            Some(first) => Some(*first),
            None => {
                self.seen.insert(key, row);
                None
            }
        }
    }

    fn data_row(&mut self, row: u32, cells: &[Cell]) {
        let map = self.map.as_ref().expect("header mapped before data rows");
        let ctx = ParseContext {
            first_month: self.rules.first_month,
        };
        let fields = self.table.fields();
        self.row_issues.clear();
        let empty = Cell::Empty;
        let mut has_error = false;
        let country_from_code = map.country_from_code;
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
                Some(c) => map.column_label(c),
                None => format!("{} (constant in mobistat.toml)", field.name),
            };
            let parsed = parse_memoised(&mut self.memo[i], field.kind, cell, ctx);
            let (value, problem) = match parsed {
                Ok(v) => (v, None),
                Err(p) => (Value::Null, Some(p)),
            };
            let value = match (value, country_from_code == Some(i)) {
                // Lists without a country column: the Erasmus code's prefix says the country.
                (Value::Null, true) => Self::code_country(cells, map, self.table),
                (v, _) => v,
            };
            let complaint = match problem {
                Some(p) if field.required => Some((
                    Severity::Error,
                    p.rule,
                    format!(
                        "{}; the row is rejected because {} is required",
                        p.message, field.name
                    ),
                )),
                Some(p) => Some((
                    Severity::Warning,
                    p.rule,
                    format!("{}; {} is left empty", p.message, field.name),
                )),
                None if field.required && value.is_null() => Some((
                    Severity::Error,
                    Rule::RequiredMissing,
                    format!(
                        "{} is required and this row has none; the row is rejected",
                        field.name
                    ),
                )),
                None => None,
            };
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
            let i = fields.iter().position(|f| f.name == name)?;
            match &map.sources[i] {
                Some(Source::Column(c)) => cells.get(*c).and_then(|c| clean(&c.display())),
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
                        map.column_label(*c),
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
        if !has_error && self.table == TableKind::Mobilities {
            if let Some(first) = self.seen_before(row) {
                has_error = true;
                let location = Location {
                    file: self.file.clone(),
                    sheet: self.sheet.clone(),
                    row,
                    column: String::new(),
                };
                let person = self.values[self.person_idx]
                    .text()
                    .unwrap_or_default()
                    .to_string();
                let earlier = Location {
                    row: first,
                    ..location.clone()
                };
                self.row_issues.push(Issue {
                    message: format!("same person ({person}), partner and start date as {earlier}; the second entry is rejected"),
                    value: person,
                    location,
                    severity: Severity::Error,
                    rule: Rule::DuplicateMobility,
                });
            }
        }
        if has_error {
            self.account.rejected += 1;
        } else {
            self.account.accepted += 1;
            if !self.row_issues.is_empty() {
                self.account.warned += 1;
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

impl RowSink for TableSink<'_> {
    fn begin(&mut self, sheet: &str) {
        self.sheet = sheet.to_string();
        self.sheet_value = Value::Shared(sheet.into());
        self.account.sheet = sheet.to_string();
    }

    fn size_hint(&mut self, rows: usize) {
        // Reserve only before the first value, and not absurdly (a damaged dimension tag).
        if self.columns.first().is_some_and(|c| c.is_empty()) {
            let rows = rows.min(10_000_000);
            self.columns = table_columns(self.table)
                .into_iter()
                .map(|(n, t)| ColumnBuilder::with_capacity(n, t, rows))
                .collect();
        }
    }

    fn row(&mut self, number: u32, cells: &mut Vec<Cell>) -> Result<()> {
        self.account.read += 1;
        if let Some(progress) = self.on_progress.as_mut() {
            if self.account.read.is_multiple_of(4096) {
                progress(4096);
            }
        }
        let blank = cells.iter().all(Cell::is_blank);
        if self.map.is_none() {
            let wanted = match self.config.header_row {
                Some(h) => number == h,
                None => !blank && is_header(self.table, cells, self.config),
            };
            if wanted {
                return self.take_header(number, cells);
            }
            if self.config.header_row.is_some_and(|h| number > h)
                || (self.config.header_row.is_none() && number as usize >= HEADER_SEARCH_ROWS)
            {
                return Err(self.no_header());
            }
            if blank {
                self.skip(
                    number,
                    Rule::BlankRow,
                    String::new(),
                    "blank row above the header",
                );
            } else {
                let text = cells
                    .iter()
                    .find(|c| !c.is_blank())
                    .map(Cell::display)
                    .unwrap_or_default();
                self.skip(number, Rule::TitleRow, text, "title row above the header");
            }
            return Ok(());
        }
        if blank {
            self.skip(number, Rule::BlankRow, String::new(), "blank row");
        } else if self.is_repeated_header(cells) {
            self.skip(
                number,
                Rule::RepeatedHeader,
                String::new(),
                "repeated header row (two exports pasted together?)",
            );
        } else if let Some(label) = Self::totals_label(cells) {
            self.skip(number, Rule::TotalsRow, label, "totals row");
        } else {
            self.data_row(number, cells);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::Cell::{Empty, Number, Text};
    use std::collections::BTreeMap;

    fn t(s: &str) -> Cell {
        Text(s.to_string())
    }

    fn feed(sink: &mut TableSink, rows: Vec<Vec<Cell>>) {
        sink.begin("Feuil1");
        for (i, row) in rows.into_iter().enumerate() {
            sink.row(i as u32 + 1, &mut row.clone()).unwrap();
        }
        sink.finish().unwrap();
    }

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
                sink.account.read,
                sink.account.accepted,
                sink.account.rejected,
                sink.account.skipped
            ),
            (7, 2, 1, 4)
        );
        assert!(sink.account.balances());
        let df = sink.take_frame().unwrap();
        assert_eq!(
            df.column("partner_erasmus_code")
                .unwrap()
                .str()
                .unwrap()
                .get(0),
            Some("A  WIEN02")
        );
        assert_eq!(
            df.column("partner_country").unwrap().str().unwrap().get(1),
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
    fn mobility_rows_repeated_header_and_missing_required_value() {
        let config = MappingConfig {
            constants: BTreeMap::from([("direction".into(), "outgoing".into())]),
            ..Default::default()
        };
        let mut sink = TableSink::new(
            TableKind::Mobilities,
            "m.xlsx",
            &config,
            RowRules::default(),
        );
        let header = vec![
            t("Activité"),
            t("Établissement"),
            t("Pays"),
            t("Date de début"),
            t("Date de fin"),
        ];
        feed(
            &mut sink,
            vec![
                header.clone(),
                vec![
                    t("Études"),
                    t("TU Wien"),
                    t("Autriche"),
                    t("02/09/2024"),
                    t("31/01/2025"),
                ],
                header,
                vec![
                    t("Stage"),
                    Empty,
                    t("Espagne"),
                    t("01/02/2025"),
                    t("30/06/2025"),
                ],
            ],
        );
        assert_eq!(
            (
                sink.account.read,
                sink.account.accepted,
                sink.account.rejected,
                sink.account.skipped
            ),
            (4, 1, 1, 2)
        );
        let missing = sink
            .issues
            .iter()
            .find(|i| i.rule == Rule::RequiredMissing)
            .unwrap();
        assert_eq!(
            (missing.location.row, missing.location.column.as_str()),
            (4, "B (Établissement)")
        );
        let df = sink.take_frame().unwrap();
        assert_eq!(
            df.column("academic_year").unwrap().str().unwrap().get(0),
            Some("2024-2025")
        );
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
        assert_eq!((sink.account.accepted, sink.account.rejected), (2, 1));
        let dup = sink
            .issues
            .iter()
            .find(|i| i.rule == Rule::DuplicateMobility)
            .unwrap();
        assert_eq!(dup.location.row, 3);
        assert!(dup.message.contains("row 2"), "{}", dup.message);
    }

    #[test]
    fn no_header_is_a_clear_error() {
        let config = MappingConfig::default();
        let mut sink = TableSink::new(TableKind::Students, "s.csv", &config, RowRules::default());
        sink.begin("");
        sink.row(1, &mut vec![t("hello"), t("world")]).unwrap();
        let err = sink.finish().unwrap_err().to_string();
        assert!(err.contains("no header row found"), "{err}");
    }
}
