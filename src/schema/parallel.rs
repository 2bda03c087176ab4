//! A large file's data rows validated on every core. The header (and all of a small file) is
//! read by the file's own builder; then each thread takes the reader's next batch of rows into
//! a builder of its own (`TableSink::fork`), and the parts are merged in file order: accounts
//! summed, issues gathered, duplicates found as a single builder would have found them, and
//! the columns joined into the table it would have made.

use super::columns::ColumnBuilder;
use super::join_column::join_column;
use super::repeats::first_seen_elsewhere;
use super::rows::{builders, TableSink};
use crate::error::{Error, Result};
use crate::ingest::{read_file_threaded_with, Format, Limits, Message, RowSink};
use polars::prelude::*;
use rayon::prelude::*;
use std::ops::Range;
use std::path::Path;
use std::sync::mpsc::Receiver;
use std::sync::{Arc, Mutex};

/// Files the reader says hold fewer rows are read on one thread: splitting them would cost
/// more than it saves.
const PARALLEL_ROWS: usize = 50_000;

/// Threads at most, whatever the machine: beyond this the single reader is the limit.
const MAX_THREADS: usize = 8;

/// An accepted mobility whose duplicate test waits for the merge.
#[derive(Debug, Clone, Copy)]
pub struct Tentative {
    pub(super) key: (u64, u64),
    pub(super) row: u32,
    /// Its place in its part's columns.
    pub(super) position: usize,
    pub(super) warned: bool,
}

/// One batch of the reader's, as one part read it.
struct Unit {
    /// The batch's place in the file: batches are numbered as the reader sent them.
    seq: usize,
    /// Its accepted rows: positions in the part's columns.
    rows: Range<usize>,
    /// Its entries in the part's deferred list.
    tentative: Range<usize>,
}

/// What one thread read.
struct Part<'a> {
    sink: TableSink<'a>,
    units: Vec<Unit>,
    outcome: Result<()>,
}

// What `TableSink` does for the parts; the rest of it is in `rows` and `data_row`.
impl<'a> TableSink<'a> {
    /// A builder for some of this file's data rows, on another thread: the same header,
    /// mapping and file, its own columns (with room for `rows`), issues and account, and its
    /// duplicates left to the merge.
    pub(super) fn fork(&self, rows: usize) -> TableSink<'a> {
        let mut part = TableSink::new(self.table, &self.file, self.config, self.rules);
        part.begin(&self.sheet);
        part.map = self.map.clone();
        part.constants = self.constants.clone();
        part.header_texts = self.header_texts.clone();
        part.relabel = Arc::clone(&self.relabel);
        part.columns = builders(self.table, rows);
        part.deferred = Some(Vec::new());
        part
    }

    /// Rows accepted so far.
    pub(super) fn accepted_len(&self) -> usize {
        self.columns.first().map_or(0, ColumnBuilder::len)
    }

    /// Gives back the room reserved for the file's rows when none was used (the rows go to
    /// `parallel`'s parts instead).
    pub(super) fn release_columns(&mut self) {
        if self.accepted_len() == 0 {
            self.columns = builders(self.table, 0);
        }
    }
}

/// Reads the file at `path` into `sink`, the data rows of a large CSV or TSV file on every
/// core. Returns the sheet read.
pub fn read_rows(
    path: &Path,
    display: &str,
    sheet: Option<&str>,
    limits: &Limits,
    sink: &mut TableSink,
) -> Result<String> {
    // A workbook's rows come slower than one thread validates them (unzipping and parsing
    // the XML is the limit): spreading them saved no time on 1M-row workbooks and cost
    // 185-260 MB (BENCHMARKS.md, issue 18). A text file's come faster.
    let threads = match Format::of(path) {
        Some(Format::Csv | Format::Tsv) => std::thread::available_parallelism()
            .map_or(1, |n| n.get())
            .min(MAX_THREADS),
        _ => 1,
    };
    read_file_threaded_with(path, display, sheet, limits, |rx| {
        consume(rx, sink, threads)
    })
}

fn consume(rx: Receiver<Message>, sink: &mut TableSink, threads: usize) -> Result<()> {
    // The rows above the header, and every row of a small file, one after the other.
    while !(threads > 1 && sink.map.is_some() && sink.expected_rows >= PARALLEL_ROWS) {
        match rx.recv() {
            Ok(message) => message.deliver(sink)?,
            Err(_) => return Ok(()),
        }
    }
    // Each part's columns get room for its share; the builder's own, reserved for the whole
    // file, are given back (it keeps the data rows it has already read).
    let share = sink.expected_rows / threads + 4096;
    let progress = sink.on_progress.take().map(|f| Arc::new(Mutex::new(f)));
    let mut forks: Vec<TableSink> = (0..threads)
        .map(|_| {
            let mut part = sink.fork(share);
            if let Some(progress) = &progress {
                let progress = Arc::clone(progress);
                part.on_progress = Some(Box::new(move |n| {
                    if let Ok(mut report) = progress.lock() {
                        report(n)
                    }
                }));
            }
            part
        })
        .collect();
    sink.release_columns();
    let reader = Mutex::new((rx, 0usize));
    let mine = forks.pop().expect("at least two threads");
    let parts: Vec<Part> = std::thread::scope(|scope| {
        let handles: Vec<_> = forks
            .into_iter()
            .map(|part| scope.spawn(|| work(&reader, part)))
            .collect();
        let mut parts = vec![work(&reader, mine)];
        for handle in handles {
            // A panic in a part resumes here, to be caught by the file's guard.
            parts.push(
                handle
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
            );
        }
        parts
    });
    merge(sink, parts)
}

/// Takes the reader's batches one at a time into `sink`, until the reader is done.
fn work<'a>(reader: &Mutex<(Receiver<Message>, usize)>, mut sink: TableSink<'a>) -> Part<'a> {
    let mut units = Vec::new();
    loop {
        let (seq, messages) = {
            let Ok(mut reader) = reader.lock() else { break };
            // A remark travels with the batch that holds its row.
            let mut messages = Vec::new();
            while let Ok(message) = reader.0.recv() {
                let rows = matches!(message, Message::Rows(_));
                messages.push(message);
                if rows {
                    break;
                }
            }
            if messages.is_empty() {
                break;
            }
            reader.1 += 1;
            (reader.1, messages)
        };
        let rows = sink.accepted_len();
        let tentative = sink.deferred.as_ref().map_or(0, Vec::len);
        for message in messages {
            if let Err(e) = message.deliver(&mut sink) {
                return Part {
                    sink,
                    units,
                    outcome: Err(e),
                };
            }
        }
        units.push(Unit {
            seq,
            rows: rows..sink.accepted_len(),
            tentative: tentative..sink.deferred.as_ref().map_or(0, Vec::len),
        });
    }
    Part {
        sink,
        units,
        outcome: Ok(()),
    }
}

/// The parts into `sink`, as if it had read every row itself.
fn merge(sink: &mut TableSink, mut parts: Vec<Part>) -> Result<()> {
    for part in &mut parts {
        std::mem::replace(&mut part.outcome, Ok(()))?;
    }
    let mut units: Vec<(usize, Unit)> = parts
        .iter_mut()
        .enumerate()
        .flat_map(|(p, part)| {
            std::mem::take(&mut part.units)
                .into_iter()
                .map(move |u| (p, u))
        })
        .collect();
    units.sort_by_key(|(_, u)| u.seq);
    // Duplicates in file order: a part's accepted mobility is a duplicate when the same key
    // was accepted on an earlier row, by the builder itself or by any part.
    let mut removed: Vec<Vec<bool>> = parts
        .iter()
        .map(|p| vec![false; p.sink.accepted_len()])
        .collect();
    let deferred: Vec<&[Tentative]> = parts
        .iter()
        .map(|p| p.sink.deferred.as_deref().unwrap_or_default())
        .collect();
    let batches: Vec<(usize, Range<usize>)> = units
        .iter()
        .map(|(p, u)| (*p, u.tentative.clone()))
        .collect();
    let mut found = first_seen_elsewhere(&sink.seen, &batches, &deferred);
    // The keys are not needed once the file is read (no row comes after the merge).
    sink.seen = Default::default();
    found.sort_unstable_by_key(|d| d.row);
    for d in &found {
        removed[d.part][d.position] = true;
    }
    for part in &mut parts {
        sink.account.absorb(&part.sink.account);
        sink.issues.append(&mut part.sink.issues);
        sink.pending.append(&mut part.sink.pending);
    }
    for d in found {
        sink.account.reject_accepted(d.warned);
        let issue = sink.duplicate_issue(d.row, d.first);
        sink.issues.push(issue);
    }
    // The builder's own rows, then each batch's accepted rows in file order.
    let own = sink.take_frame()?;
    let mut offsets = vec![own.height()];
    let mut frames = vec![own];
    for part in &mut parts {
        let frame = part.sink.take_frame()?;
        offsets.push(offsets.last().copied().unwrap_or(0) + frame.height());
        frames.push(frame);
    }
    let mut order: Vec<IdxSize> = (0..offsets[0] as IdxSize).collect();
    for (p, unit) in units {
        let base = offsets[p];
        order.extend(
            unit.rows
                .clone()
                .filter(|&i| !removed[p][i])
                .map(|i| (base + i) as IdxSize),
        );
    }
    let order = IdxCa::from_vec("order".into(), order);
    let polars = |source| Error::Polars {
        table: sink.table.to_string(),
        source,
    };
    // Column by column, each piece dropped once joined: the table is never held twice. The
    // columns are joined on every core (the merge is the one part of reading that is serial).
    let width = frames[0].width();
    let mut pieces: Vec<Vec<Column>> = (0..width).map(|_| Vec::new()).collect();
    for frame in frames {
        for (c, column) in frame.into_columns().into_iter().enumerate() {
            pieces[c].push(column);
        }
    }
    let columns = pieces
        .into_par_iter()
        .map(|pieces| join_column(pieces, &order))
        .collect::<PolarsResult<Vec<Column>>>()
        .map_err(polars)?;
    sink.frame = Some(DataFrame::new(order.len(), columns).map_err(polars)?);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::mapping::MappingConfig;
    use crate::schema::rules::RowRules;
    use crate::schema::TableKind;
    use std::collections::BTreeMap;

    /// A mobility file of `rows` data rows under a title row and a header, with, at known
    /// places, a duplicate of an earlier row, a row missing its start date, a blank row, a
    /// repeated header and a totals row; and one line in Windows-1252 (a remark on its row).
    fn mobility_file(rows: usize) -> Vec<u8> {
        let mut text = String::from("Mobilités sortantes 2024\n");
        let header = "Identifiant;Établissement;Pays;Date de début;Date de fin\n";
        text.push_str(header);
        for i in 0..rows {
            let line = match i {
                // Row 1,003 repeats row 3's mobility (i = 0): same person, partner, start.
                1000 => "P0;TU Wien;Autriche;01/09/2024;31/01/2025\n".to_string(),
                2000 => "P2000;TU Wien;Autriche;;31/01/2025\n".to_string(),
                3000 => "\n".to_string(),
                4000 => header.to_string(),
                60_000 => "P0;TU Wien;Autriche;01/09/2024;31/01/2025\n".to_string(),
                _ => format!(
                    "P{i};{};{};{:02}/09/2024;31/01/2025\n",
                    ["TU Wien", "UPM", "KTH"][i % 3],
                    ["Autriche", "Espagne", "Suède"][i % 3],
                    1 + i % 28
                ),
            };
            text.push_str(&line);
        }
        text.push_str("Total;;;;\n");
        // Data row 50,000 (line 50,003), if there is one,, with "Liège" in Windows-1252 (0xE8 for "è").
        let line = format!("P{};", 50_000);
        let mut bytes = text.into_bytes();
        let Some(at) = bytes.windows(line.len()).position(|w| w == line.as_bytes()) else {
            return bytes;
        };
        let end = at + bytes[at..].iter().position(|&b| b == b'\n').unwrap();
        bytes.splice(
            at..end,
            b"P50000;Li\xE8ge;Belgique;01/09/2024;31/01/2025".to_vec(),
        );
        bytes
    }

    /// Reads `path` into a mobilities builder, with or without the parallel path.
    fn read(
        path: &Path,
        parallel: bool,
    ) -> (
        DataFrame,
        Vec<crate::validate::Issue>,
        crate::validate::Account,
    ) {
        let config = MappingConfig {
            constants: BTreeMap::from([
                ("direction".into(), "outgoing".into()),
                ("activity".into(), "study".into()),
            ]),
            ..Default::default()
        };
        let mut sink = TableSink::new(TableKind::Mobilities, "m.csv", &config, RowRules::default());
        let limits = Limits::default();
        if parallel {
            read_rows(path, "m.csv", None, &limits, &mut sink).unwrap();
        } else {
            crate::ingest::read_file_threaded(path, "m.csv", None, &limits, &mut sink).unwrap();
        }
        sink.finish().unwrap();
        let frame = sink.take_frame().unwrap();
        let (mut issues, account) = sink.into_report();
        issues.sort();
        (frame, issues, account)
    }

    #[test]
    fn rows_read_on_every_core_give_what_one_thread_gives() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("m.csv");
        let rows = 80_000;
        std::fs::write(&path, mobility_file(rows)).unwrap();
        let (one, one_issues, one_account) = read(&path, false);
        let (many, many_issues, many_account) = read(&path, true);
        assert!(one.equals_missing(&many));
        assert_eq!(one_issues, many_issues);
        assert_eq!(one_account, many_account);
        // 80,000 data rows, a title, a header and a totals row: 80,003 read. Skipped: the
        // title, the header, the blank row, the repeated header and the totals row (5).
        // Rejected: the two repeats of row 3 and the row without a start date (3).
        assert_eq!(
            (
                many_account.read(),
                many_account.skipped(),
                many_account.rejected(),
                many_account.accepted()
            ),
            (80_003, 5, 3, 80_003 - 5 - 3)
        );
        let duplicates: Vec<u32> = many_issues
            .iter()
            .filter(|i| i.rule == crate::validate::Rule::DuplicateMobility)
            .map(|i| i.location.row)
            .collect();
        // Data row i is on line i + 3 (title, header).
        assert_eq!(duplicates, vec![1003, 60_003]);
        let mixed: Vec<u32> = many_issues
            .iter()
            .filter(|i| i.rule == crate::validate::Rule::MixedEncoding)
            .map(|i| i.location.row)
            .collect();
        assert_eq!(mixed, vec![50_003]);
        assert_eq!(many.height(), 80_003 - 5 - 3);
        // A column of one value everywhere stays one value, not a copy per row.
        assert!(matches!(
            many.column("source_file").unwrap(),
            Column::Scalar(_)
        ));
    }

    #[test]
    fn a_small_file_is_read_by_its_own_builder() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("m.csv");
        std::fs::write(&path, mobility_file(1200)).unwrap();
        let (one, one_issues, one_account) = read(&path, false);
        let (many, many_issues, many_account) = read(&path, true);
        assert!(one.equals_missing(&many));
        assert_eq!((one_issues, one_account), (many_issues, many_account));
    }
}
