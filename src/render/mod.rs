//! Render: what the run produced, written for people: the data-quality report and the
//! terminal's row accounting, the canonical and indicator tables as CSV, the workbook, the
//! charts and the key-figures card, and the HTML report with its dossier presets, all in an
//! output folder replaced as a whole. Indicators are named by
//! [`Indicator`](crate::indicators::Indicator) and formatted by their columns' kinds.

pub mod charts;
mod csv_block;
pub mod csv_safe;
pub mod frame_csv;
pub mod html;
mod iso_date;
pub mod key_figures;
pub(crate) mod output_dir;
pub mod preset;
pub mod quality;
pub mod summary;
pub mod workbook;

use crate::error::{Error, Result};
use std::path::Path;

/// Creates a report file (and its folder), buffered, and runs `write` on it; any failure is
/// one error naming the file.
pub(crate) fn write_file(
    path: &Path,
    write: impl FnOnce(&mut (dyn std::io::Write + Send)) -> std::io::Result<()>,
) -> Result<()> {
    let fail = |e: std::io::Error| Error::Write {
        path: path.display().to_string(),
        reason: e.to_string(),
    };
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(fail)?;
    }
    let mut out = std::io::BufWriter::new(std::fs::File::create(path).map_err(fail)?);
    write(&mut out)
        .and_then(|_| std::io::Write::flush(&mut out))
        .map_err(fail)
}
