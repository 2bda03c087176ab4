//! The row builder: a [`RowSink`] that finds the header row and skips blank, title, repeated
//! header and totals rows; each data row is read by `data_row`. Every row ends in the account.

use super::columns::{ColumnBuilder, ColumnType};
use super::fields::{Kind, TableKind};
use super::mapping::{
    is_header, map_columns, ColumnMap, MappingConfig, Source, HEADER_SEARCH_ROWS,
};
use super::parse::Value;
use super::rules::{self, RowProblem, RowRules};
use super::skip::{is_repeated_header, totals_label};
use crate::error::{column_letter, Error, Location, Result};
use crate::i18n::Message;
use crate::ingest::{Cell, RowRemark, RowSink};
use crate::normalise::text::strip_controls;
use crate::validate::{Account, Issue, Rule, Severity};
use std::collections::HashMap;
use std::sync::Arc;

/// One file's rows, read into one table's columns.
pub struct TableSink<'a> {
    pub(super) table: TableKind,
    pub(super) file: String,
    pub(super) sheet: String,
    pub(super) config: &'a MappingConfig,
    pub(super) rules: RowRules,
    pub(super) map: Option<ColumnMap>,
    pub(super) constants: Vec<Option<Cell>>,
    pub(super) header_texts: Vec<String>,
    /// Per field: cell text → its parse, for the kinds whose few distinct spellings repeat on
    /// every row (countries, vocabularies, Erasmus codes, years, yes/no).
    pub(super) memo: Vec<super::memo::Memo>,
    pub(super) file_value: Value,
    /// Mobilities already accepted in this file, by a hash of (person, partner, start).
    pub(super) seen: HashMap<(u64, u64), u32, foldhash::fast::FixedState>,
    pub(super) person_idx: usize,
    pub(super) sheet_value: Value,
    pub(super) values: Vec<Value>,
    pub(super) extras: Vec<Value>,
    pub(super) problems: Vec<RowProblem>,
    pub(super) row_issues: Vec<Issue>,
    /// Issues an import profile found in the next data row, merged into that row's issues.
    pub(super) pending: Vec<Issue>,
    /// For the next data row, the label of each column in the file it was translated from
    /// ("" where none): set by an import profile, used in that row's issues.
    pub(super) relabel: Arc<Vec<String>>,
    /// The table's columns: fields, derived columns, then source_file, source_sheet, source_row.
    pub(super) columns: Vec<ColumnBuilder>,
    /// Every issue found, in row order.
    pub(super) issues: Vec<Issue>,
    /// What became of the rows.
    pub(super) account: Account,
    /// Called with the number of rows read so far, every 4096 rows (progress bars).
    pub(super) on_progress: Option<Box<dyn FnMut(u64) + Send + 'a>>,
    /// The rows the reader said were coming (see `size_hint`), 0 if it did not say.
    pub(super) expected_rows: usize,
    /// Set on a builder that reads part of a file's rows on a thread of its own
    /// (`parallel`): the accepted mobilities whose duplicate test is left to the merge.
    pub(super) deferred: Option<Vec<super::parallel::Tentative>>,
    /// The table, once assembled from the parts read in parallel.
    pub(super) frame: Option<polars::prelude::DataFrame>,
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
                // Years join the plan's own list of years, which is text.
                Kind::Id | Kind::AcademicYear(_) => ColumnType::Str,
                _ => ColumnType::Cat,
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

/// Empty builders for the columns of `table`, each with room for `rows` values.
pub(super) fn builders(table: TableKind, rows: usize) -> Vec<ColumnBuilder> {
    table_columns(table)
        .into_iter()
        .map(|(n, t)| ColumnBuilder::with_capacity(n, t, rows))
        .collect()
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
            memo: table.fields().iter().map(|_| Default::default()).collect(),
            file_value: Value::Shared(file.into()),
            seen: HashMap::default(),
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
            pending: Vec::new(),
            relabel: Default::default(),
            columns: builders(table, 0),
            issues: Vec::new(),
            account: Account::new(file, table.as_str()),
            on_progress: None,
            expected_rows: 0,
            deferred: None,
            frame: None,
        }
    }

    /// The accepted rows as a DataFrame with the table's canonical columns.
    pub fn take_frame(&mut self) -> Result<polars::prelude::DataFrame> {
        if let Some(frame) = self.frame.take() {
            return Ok(frame);
        }
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

    /// Calls `progress` with the number of rows read, every 4096 rows (progress bars).
    pub fn on_progress(&mut self, progress: Box<dyn FnMut(u64) + Send + 'a>) {
        self.on_progress = Some(progress);
    }

    /// What became of the rows so far.
    pub fn account(&self) -> &Account {
        &self.account
    }

    /// Every issue found so far, in row order.
    pub fn issues(&self) -> &[Issue] {
        &self.issues
    }

    /// The issues and the account, once the file is read.
    pub fn into_report(self) -> (Vec<Issue>, Account) {
        (self.issues, self.account)
    }

    // What an import profile (`profiles::ProfileSink`) may do to the builder it feeds:
    // no more, so that every row still ends in the account through `row`.

    /// Adds a remark on the file as a whole (a column of the export the profile ignores).
    pub fn add_issue(&mut self, issue: Issue) {
        self.issues.push(issue);
    }

    /// Names the columns of the rows that follow: for each canonical column, its label in the
    /// file the row was translated from ("" where none), used in those rows' issues.
    pub fn relabel_columns(&mut self, labels: Arc<Vec<String>>) {
        self.relabel = labels;
    }

    /// Reads a row a profile translated, with the issues it noted while translating: merged
    /// into the row's issues, or kept as they are when the builder skips the row (blank,
    /// totals).
    pub fn translated_row(
        &mut self,
        number: u32,
        cells: &mut Vec<Cell>,
        notes: Vec<Issue>,
    ) -> Result<()> {
        self.pending.extend(notes);
        let result = self.row(number, cells);
        // The labels stay: the profile sets them again when the next row's origins differ.
        self.issues.append(&mut self.pending);
        result
    }

    /// A row an import profile reads but that is not a row of the table (a sub-row of the
    /// Beneficiary Module template): counted as skipped, with the profile's reason.
    pub fn skip_translated(&mut self, number: u32, rule: Rule, value: String, reason: Message) {
        self.skip(number, rule, value, reason);
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

    pub(super) fn location(&self, row: u32, column: String) -> Location {
        Location {
            file: self.file.clone(),
            sheet: self.sheet.clone(),
            row,
            column,
        }
    }

    /// `cells` as the totals-row test reads them: a grants list's budget-heading column may
    /// say "Total" (the grant as a whole), which is data, not a totals row.
    fn without_heading<'c>(&self, cells: &'c [Cell]) -> std::borrow::Cow<'c, [Cell]> {
        let column = self.map.as_ref().and_then(|m| {
            let i = self
                .table
                .fields()
                .iter()
                .position(|f| f.kind == super::Kind::Vocab(super::VocabKind::Heading))?;
            match m.sources.get(i)? {
                Some(super::mapping::Source::Column(c)) => Some(*c),
                _ => None,
            }
        });
        match column {
            Some(c) if c < cells.len() => {
                let mut owned = cells.to_vec();
                owned[c] = Cell::Empty;
                std::borrow::Cow::Owned(owned)
            }
            _ => std::borrow::Cow::Borrowed(cells),
        }
    }

    fn skip(&mut self, row: u32, rule: Rule, value: String, message: Message) {
        self.account.skip_row();
        let location = self.location(row, String::new());
        self.issues.push(Issue {
            location,
            severity: Severity::Skipped,
            rule,
            value,
            message,
        });
    }

    /// Removes control characters (NUL and the like) from the row's text cells, each cell so
    /// changed noted with a warning on the row (merged into its issues, see `pending`).
    fn remove_control_characters(&mut self, row: u32, cells: &mut [Cell]) {
        for (col, cell) in cells.iter_mut().enumerate() {
            let Cell::Text(text) = cell else { continue };
            let Some(cleaned) = strip_controls(text) else {
                continue;
            };
            let removed = text.chars().count() - cleaned.chars().count();
            *text = cleaned;
            let column = match &self.map {
                Some(map) => self
                    .relabel
                    .get(col)
                    .filter(|l| !l.is_empty())
                    .cloned()
                    .unwrap_or_else(|| map.column_label(col)),
                None => column_letter(col),
            };
            let location = self.location(row, column);
            self.pending.push(Issue {
                location,
                severity: Severity::Warning,
                rule: Rule::ControlCharacters,
                value: text.clone(),
                message: Message::new("text.control_characters").with("count", removed),
            });
        }
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
                message: Message::new("column.ignored")
                    .with("header", header)
                    .with("table", self.table),
            });
        }
        self.skip(
            row,
            Rule::HeaderRow,
            String::new(),
            Message::new("skip.header"),
        );
        self.map = Some(map);
        Ok(())
    }
}

impl RowSink for TableSink<'_> {
    fn begin(&mut self, sheet: &str) {
        self.sheet = sheet.to_string();
        self.sheet_value = Value::Shared(sheet.into());
        self.account.sheet = sheet.to_string();
    }

    fn size_hint(&mut self, rows: usize) {
        self.expected_rows = rows;
        // Reserve only before the first value, and not absurdly (a damaged dimension tag).
        if self.columns.first().is_some_and(|c| c.is_empty()) {
            let rows = rows.min(10_000_000);
            self.columns = builders(self.table, rows);
        }
    }

    fn remark(&mut self, number: u32, remark: RowRemark) {
        let message = match remark {
            RowRemark::Windows1252 => Message::new("text.windows_1252_row"),
        };
        let location = self.location(number, String::new());
        self.pending.push(Issue {
            location,
            severity: Severity::Warning,
            rule: Rule::MixedEncoding,
            value: String::new(),
            message,
        });
    }

    fn row(&mut self, number: u32, cells: &mut Vec<Cell>) -> Result<()> {
        // Remarks on rows the reader sent no row for stay as they are; those on this row, with
        // the control characters removed below, go with the row's issues (a data row is then
        // accepted with a warning) or, for a skipped row, after it (end of this function).
        if self.pending.iter().any(|i| i.location.row != number) {
            let (here, stray): (Vec<Issue>, Vec<Issue>) = std::mem::take(&mut self.pending)
                .into_iter()
                .partition(|i| i.location.row == number);
            self.issues.extend(stray);
            self.pending = here;
        }
        self.remove_control_characters(number, cells);
        let result = self.classify_row(number, cells);
        self.issues.append(&mut self.pending);
        result
    }
}

impl TableSink<'_> {
    /// Finds the header, skips what holds no data, and reads the data rows.
    fn classify_row(&mut self, number: u32, cells: &mut [Cell]) -> Result<()> {
        // The account counts the row once it knows what became of it (below).
        if let Some(progress) = self.on_progress.as_mut() {
            if (self.account.read() + 1).is_multiple_of(4096) {
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
                    Message::new("skip.blank_above_header"),
                );
            } else {
                let text = cells
                    .iter()
                    .find(|c| !c.is_blank())
                    .map(Cell::display)
                    .unwrap_or_default();
                self.skip(
                    number,
                    Rule::TitleRow,
                    text,
                    Message::new("skip.title_above_header"),
                );
            }
            return Ok(());
        }
        if blank {
            self.skip(
                number,
                Rule::BlankRow,
                String::new(),
                Message::new("skip.blank"),
            );
        } else if is_repeated_header(cells, &self.header_texts) {
            self.skip(
                number,
                Rule::RepeatedHeader,
                String::new(),
                Message::new("skip.repeated_header"),
            );
        } else if let Some(label) = totals_label(&self.without_heading(cells)) {
            self.skip(number, Rule::TotalsRow, label, Message::new("skip.totals"));
        } else {
            self.data_row(number, cells);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::Cell::Empty;
    use crate::schema::testing::{feed, t};
    use std::collections::BTreeMap;

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
                sink.account.read(),
                sink.account.accepted(),
                sink.account.rejected(),
                sink.account.skipped()
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
    fn no_header_is_a_clear_error() {
        let config = MappingConfig::default();
        let mut sink = TableSink::new(TableKind::Students, "s.csv", &config, RowRules::default());
        sink.begin("");
        sink.row(1, &mut vec![t("hello"), t("world")]).unwrap();
        let err = sink.finish().unwrap_err().to_string();
        assert!(err.contains("no header row found"), "{err}");
    }
}
