//! Reading and row building on two threads: the file is read (and its XML or CSV parsed) on a
//! helper thread that sends batches of rows through a bounded channel, while the calling
//! thread turns them into typed columns. On two cores this overlaps the two halves of the
//! work, and the bound keeps only a few batches of rows in memory at once.

use super::{read_file_within, Cell, Limits, RowRemark, RowSink};
use crate::error::{Error, Result};
use std::path::Path;
use std::sync::mpsc::{sync_channel, Receiver, SyncSender};

/// Rows per message: large enough that channel costs vanish, small enough to stay in cache.
const BATCH: usize = 256;
/// Messages in flight at most.
const IN_FLIGHT: usize = 4;

/// What the reader thread sends, in the order a [`RowSink`] would have been called.
pub enum Message {
    /// [`RowSink::begin`].
    Begin(String),
    /// [`RowSink::size_hint`].
    Hint(usize),
    /// Consecutive rows, each with its number, for [`RowSink::row`].
    Rows(Batch),
    /// [`RowSink::remark`]: always sent just before the batch that holds its row.
    Remark(u32, RowRemark),
}

impl Message {
    /// Calls `sink` as the reader would have.
    pub fn deliver(self, sink: &mut dyn RowSink) -> Result<()> {
        match self {
            Message::Begin(sheet) => sink.begin(&sheet),
            Message::Hint(rows) => sink.size_hint(rows),
            Message::Remark(number, remark) => sink.remark(number, remark),
            Message::Rows(mut batch) => {
                for (number, cells) in batch.rows.iter_mut() {
                    sink.row(*number, cells)?;
                }
            }
        }
        Ok(())
    }
}

type Rows = Vec<(u32, Vec<Cell>)>;

/// A batch of rows. Once read, wherever it is dropped, it goes back to the reader, whose next
/// rows reuse its vectors and its text cells' buffers (`TextPool`): the reader then allocates
/// and the builders free almost nothing per row. Freeing across threads was a tenth of the time
/// of reading a large CSV file.
pub struct Batch {
    rows: Rows,
    back: SyncSender<Rows>,
}

impl Drop for Batch {
    fn drop(&mut self) {
        // The reader may be done, or have batches enough: then the rows are simply freed.
        let _ = self.back.try_send(std::mem::take(&mut self.rows));
    }
}

/// The reader thread's sink: batches rows and sends them.
struct Sender {
    tx: SyncSender<Message>,
    batch: Rows,
    /// Batches sent back once read, and the one whose rows are being reused.
    back: (SyncSender<Rows>, Receiver<Rows>),
    spare: Rows,
}

/// The consumer went away (it failed on a row); the reader stops quietly.
fn disconnected() -> Error {
    Error::Workbook {
        file: String::new(),
        reason: "row consumer stopped".into(),
    }
}

impl Sender {
    fn flush(&mut self) -> Result<()> {
        if self.batch.is_empty() {
            return Ok(());
        }
        let next = if self.spare.is_empty() {
            std::mem::take(&mut self.spare)
        } else {
            Vec::with_capacity(BATCH)
        };
        let rows = std::mem::replace(&mut self.batch, next);
        let back = self.back.0.clone();
        self.tx
            .send(Message::Rows(Batch { rows, back }))
            .map_err(|_| disconnected())
    }

    /// A row vector from a batch sent back, if one has come.
    fn reused_row(&mut self) -> Option<Vec<Cell>> {
        if self.spare.is_empty() {
            if let Ok(rows) = self.back.1.try_recv() {
                self.spare = rows;
            }
        }
        self.spare.pop().map(|(_, cells)| cells)
    }
}

impl RowSink for Sender {
    fn begin(&mut self, sheet: &str) {
        // If the consumer is gone the next row's send reports it.
        let _ = self.tx.send(Message::Begin(sheet.to_string()));
    }

    fn size_hint(&mut self, rows: usize) {
        let _ = self.tx.send(Message::Hint(rows));
    }

    fn row(&mut self, number: u32, cells: &mut Vec<Cell>) -> Result<()> {
        // The reader refills `cells` for the next row: leave it a row read before (its buffers
        // are reused), or else a vector of the same size, so that it is not grown cell by cell.
        let width = cells.len();
        let next = self
            .reused_row()
            .unwrap_or_else(|| Vec::with_capacity(width));
        self.batch.push((number, std::mem::replace(cells, next)));
        if self.batch.len() >= BATCH {
            self.flush()?;
        }
        Ok(())
    }

    fn remark(&mut self, number: u32, remark: RowRemark) {
        // Rare: sent after the rows before it, so that it arrives just before its row. If the
        // consumer is gone the next row's send reports it.
        if self.flush().is_ok() {
            let _ = self.tx.send(Message::Remark(number, remark));
        }
    }
}

fn consume(rx: Receiver<Message>, sink: &mut dyn RowSink) -> Result<()> {
    for message in rx {
        message.deliver(sink)?;
    }
    Ok(())
}

/// Like [`read_file_within`], with the reading on a helper thread. Returns the sheet read.
pub fn read_file_threaded(
    path: &Path,
    display: &str,
    sheet: Option<&str>,
    limits: &Limits,
    sink: &mut dyn RowSink,
) -> Result<String> {
    read_file_threaded_with(path, display, sheet, limits, |rx| consume(rx, sink))
}

/// Like [`read_file_threaded`], with the reader's messages handed to `consume` as they come:
/// for a consumer that spreads the rows over threads of its own. Dropping the receiver stops
/// the reader.
pub fn read_file_threaded_with(
    path: &Path,
    display: &str,
    sheet: Option<&str>,
    limits: &Limits,
    consume: impl FnOnce(Receiver<Message>) -> Result<()>,
) -> Result<String> {
    let (tx, rx) = sync_channel(IN_FLIGHT);
    std::thread::scope(|scope| {
        let reader = scope.spawn(move || {
            let mut sender = Sender {
                tx,
                batch: Vec::with_capacity(BATCH),
                back: sync_channel(IN_FLIGHT + 2),
                spare: Vec::new(),
            };
            let result = read_file_within(path, display, sheet, limits, &mut sender);
            result.and_then(|name| sender.flush().map(|_| name))
        });
        let consumed = consume(rx);
        // A panic in the reader (a spreadsheet library bug) resumes here, to be caught by the
        // caller's per-file guard like any other.
        let read = reader
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        match (consumed, read) {
            (Err(e), _) => Err(e),
            (Ok(()), read) => read,
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::Collect;

    #[test]
    fn rows_arrive_in_order_across_batches() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("many.csv");
        let text: String = (1..=3000).map(|i| format!("{i};x\n")).collect();
        std::fs::write(&path, text).unwrap();
        let mut sink = Collect::default();
        read_file_threaded(&path, "many.csv", None, &Limits::default(), &mut sink).unwrap();
        assert_eq!(sink.rows.len(), 3000);
        assert!(sink.rows.iter().enumerate().all(
            |(i, (n, cells))| *n == i as u32 + 1 && cells[0] == Cell::Text((i + 1).to_string())
        ));
    }

    #[test]
    fn rows_whose_buffers_are_reused_read_as_written() {
        // A sink that leaves the cells where they are, so that every batch goes back to the
        // reader and later rows are written into earlier rows' buffers. Rows are of 1 to 3
        // cells, some empty (not the first: a blank line is a row of no cells), so a reused
        // row is longer or shorter than the one before.
        fn written(row: u32) -> Vec<Option<String>> {
            (0..row % 3 + 1)
                .map(|j| match (row + j) % 4 {
                    0 if j > 0 => None,
                    _ => Some(format!("r{row}c{j}")),
                })
                .collect()
        }
        struct Check(u32);
        impl RowSink for Check {
            fn begin(&mut self, _: &str) {}
            fn row(&mut self, number: u32, cells: &mut Vec<Cell>) -> Result<()> {
                let expected: Vec<Cell> = written(number)
                    .into_iter()
                    .map(|text| text.map_or(Cell::Empty, Cell::Text))
                    .collect();
                assert_eq!(*cells, expected, "row {number}");
                self.0 += 1;
                Ok(())
            }
        }
        let text: String = (1..=5000u32)
            .map(|i| {
                let cells: Vec<String> = written(i)
                    .into_iter()
                    .map(Option::unwrap_or_default)
                    .collect();
                cells.join(";") + "\n"
            })
            .collect();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("reused.csv");
        std::fs::write(&path, text).unwrap();
        let mut sink = Check(0);
        read_file_threaded(&path, "reused.csv", None, &Limits::default(), &mut sink).unwrap();
        assert_eq!(sink.0, 5000);
    }

    #[test]
    fn a_failing_consumer_stops_the_reader() {
        struct FailAt(u32);
        impl RowSink for FailAt {
            fn begin(&mut self, _: &str) {}
            fn row(&mut self, number: u32, _: &mut Vec<Cell>) -> Result<()> {
                if number == self.0 {
                    return Err(Error::NoData {
                        file: "stop".into(),
                    });
                }
                Ok(())
            }
        }
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("many.csv");
        std::fs::write(&path, "a\n".repeat(50_000)).unwrap();
        let err = read_file_threaded(&path, "many.csv", None, &Limits::default(), &mut FailAt(10))
            .unwrap_err();
        assert!(err.to_string().contains("stop"), "{err}");
    }
}
