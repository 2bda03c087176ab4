//! The [`ProfileSink`]: sits between a reader and the row builder, finds the export's own
//! header row, hands the builder the canonical header instead, and translates every data row,
//! turning what the profile noticed into issues located on the export's own columns.

use super::{Home, Layout, Profile};
use crate::error::{column_letter, Location, Result};
use crate::i18n::Message;
use crate::ingest::{Cell, RowRemark, RowSink};
use crate::schema::rows::TableSink;
use crate::schema::skip::{is_repeated_header, totals_label};
use crate::validate::{Issue, Rule, Severity};

/// A row sink translating one file of a known layout for a [`TableSink`].
pub struct ProfileSink<'s, 'a> {
    inner: &'s mut TableSink<'a>,
    profile: Profile,
    layout: Box<dyn Layout>,
    file: String,
    sheet: String,
    /// The export's header texts, once found.
    headers: Option<Vec<String>>,
    canonical: Vec<Cell>,
    out: Vec<Cell>,
    notes: Vec<super::Note>,
    origin: Vec<Option<usize>>,
    /// The origins (and which cells were blank) the builder's labels were made for.
    last_origin: Option<(Vec<Option<usize>>, Vec<bool>)>,
}

impl<'s, 'a> ProfileSink<'s, 'a> {
    /// Translates `profile`'s layout into `inner`; `home` tells the institution's side from the
    /// partner's in two-sided exports.
    pub fn new(profile: Profile, home: &Home, file: &str, inner: &'s mut TableSink<'a>) -> Self {
        let layout = profile.layout(home);
        let canonical = layout
            .fields()
            .iter()
            .map(|f| Cell::Text((*f).to_string()))
            .collect();
        ProfileSink {
            inner,
            profile,
            layout,
            file: file.to_string(),
            sheet: String::new(),
            headers: None,
            canonical,
            out: Vec::new(),
            notes: Vec::new(),
            origin: Vec::new(),
            last_origin: None,
        }
    }

    fn column_label(&self, col: usize) -> String {
        match self.headers.as_ref().and_then(|h| h.get(col)) {
            Some(h) if !h.is_empty() => format!("{} ({h})", column_letter(col)),
            _ => column_letter(col),
        }
    }
}

impl RowSink for ProfileSink<'_, '_> {
    fn begin(&mut self, sheet: &str) {
        self.sheet = sheet.to_string();
        self.inner.begin(sheet);
    }

    fn size_hint(&mut self, rows: usize) {
        self.inner.size_hint(rows);
    }

    fn remark(&mut self, number: u32, remark: RowRemark) {
        self.inner.remark(number, remark);
    }

    fn row(&mut self, number: u32, cells: &mut Vec<Cell>) -> Result<()> {
        let blank = cells.iter().all(Cell::is_blank);
        // Before the header, and for blank and totals rows, the builder sees the row as is and
        // accounts for it (title, blank, totals).
        if blank || (self.headers.is_some() && totals_label(cells).is_some()) {
            return self.inner.row(number, cells);
        }
        // Once the header is known, a repeated one is spotted by comparing texts, not by
        // folding every cell of every row again.
        let is_header = match &self.headers {
            Some(headers) => is_repeated_header(cells, headers),
            None => self.layout.header(cells),
        };
        if is_header {
            // The first header, or the same header again (exports pasted together): the
            // builder gets its canonical header and takes it, or skips it as repeated.
            if self.headers.is_none() {
                self.headers = Some(
                    cells
                        .iter()
                        .map(|c| c.display().trim().to_string())
                        .collect(),
                );
                for col in self.layout.unused() {
                    let header = cells[col].display().trim().to_string();
                    self.inner.add_issue(Issue {
                        location: Location {
                            file: self.file.clone(),
                            sheet: self.sheet.clone(),
                            row: number,
                            column: self.column_label(col),
                        },
                        severity: Severity::Info,
                        rule: Rule::IgnoredColumn,
                        message: Message::new("column.ignored_by_profile")
                            .with("header", &header)
                            .with("profile", self.profile),
                        value: header,
                    });
                }
            }
            let mut header = self.canonical.clone();
            return self.inner.row(number, &mut header);
        }
        if self.headers.is_none() {
            return self.inner.row(number, cells);
        }
        if let Some((rule, value, reason)) = self.layout.skip(cells) {
            self.inner.skip_translated(number, rule, value, reason);
            return Ok(());
        }
        self.out.clear();
        self.notes.clear();
        self.origin.clear();
        self.layout
            .row(cells, &mut self.out, &mut self.origin, &mut self.notes);
        // Labels are built only when a row's columns come from elsewhere than the last row's
        // (the BM's partner side switches with the direction): not thousands of strings a row.
        // A field with no column is named for what it is: absent from the export, or set here.
        let blanks: Vec<bool> = self
            .out
            .iter()
            .zip(&self.origin)
            .map(|(cell, o)| o.is_none() && cell.is_blank())
            .collect();
        let same = self
            .last_origin
            .as_ref()
            .is_some_and(|(o, b)| *o == self.origin && *b == blanks);
        if !same {
            let fields = self.layout.fields();
            let labels = self
                .origin
                .iter()
                .zip(&blanks)
                .zip(fields)
                .map(|((o, blank), field)| match o {
                    Some(c) => self.column_label(*c),
                    None if *blank => format!("{field} (not in this {} export)", self.profile),
                    None => format!("{field} (set by the {} profile)", self.profile),
                })
                .collect();
            self.inner.relabel_columns(std::sync::Arc::new(labels));
            self.last_origin = Some((self.origin.clone(), blanks));
        }
        let issues = std::mem::take(&mut self.notes)
            .into_iter()
            .map(|note| Issue {
                location: Location {
                    file: self.file.clone(),
                    sheet: self.sheet.clone(),
                    row: number,
                    column: note
                        .column
                        .map(|c| self.column_label(c))
                        .unwrap_or_default(),
                },
                severity: note.severity,
                rule: note.rule,
                value: note.value,
                message: note.message,
            })
            .collect();
        let mut out = std::mem::take(&mut self.out);
        let result = self.inner.translated_row(number, &mut out, issues);
        self.out = out;
        result
    }
}
