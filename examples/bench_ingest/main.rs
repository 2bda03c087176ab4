//! Ingest benchmark: generates N-row mobility exports (xlsx and csv, in the shape of
//! `../shared/bench/gen_mobilities.py`) and times mobistat's ingest to validated canonical tables
//! against bare calamine passes over the same xlsx. The results and the machine are recorded in
//! `BENCHMARKS.md`.
//!
//! ```text
//! export CARGO_TARGET_DIR=$HOME/.cache/mobistat/target
//! cargo build --release --example bench_ingest
//! $CARGO_TARGET_DIR/release/examples/bench_ingest run --rows 200000 --repeat 3 --out /tmp/mobistat-bench
//! ```
//!
//! Subcommands:
//! - `gen --rows N --out DIR [--strings shared] [--csv-only]`: writes `DIR/mobilities_N.xlsx`
//!   (`_sst.xlsx` with shared strings) and `DIR/mobilities_N.csv`, streaming.
//! - `calamine-range FILE`: calamine's `worksheet_range` of the first sheet, every cell visited.
//! - `calamine-cells FILE`: calamine's streaming `worksheet_cells_reader`, every cell visited.
//! - `mobistat FILE`: `load::load_jobs`, the ingest `mobistat check` runs.
//! - `phase-read FILE`, `phase-sink FILE`: diagnostics, the first stages of that ingest alone
//!   (on one thread, where the load stage overlaps reading and row building on two).
//! - `run --rows N --repeat K --out DIR [--phases] [--strings shared] [--no-wait]`: generates
//!   the files if missing, runs the modes as child processes and prints a Markdown table and
//!   the verdict on the two targets.
//!
//! Each measuring subcommand prints one line of JSON. `run` starts every measurement as a child
//! process of this same executable: peak RSS (VmHWM) only ever grows within a process, so each
//! measurement needs a process of its own, and using one executable for all of them gives every
//! mode the same baseline (binary, allocator, libraries).

mod gen;
mod modes;
mod run;

use anyhow::Result;
use clap::{Parser, Subcommand, ValueEnum};
use gen::generate;
use modes::{calamine_cells, calamine_range, measure, mobistat_ingest, phase_read, phase_sink};
use std::path::PathBuf;

#[derive(Parser)]
#[command(about = "Times mobistat's ingest against bare calamine passes over the same exports")]
struct Cli {
    #[command(subcommand)]
    command: Cmd,
}

#[derive(Subcommand)]
enum Cmd {
    /// Writes DIR/mobilities_N.xlsx (or _sst.xlsx) and DIR/mobilities_N.csv, or the csv alone.
    Gen {
        #[arg(long)]
        rows: usize,
        #[arg(long)]
        out: PathBuf,
        #[arg(long, value_enum, default_value_t = Strings::Inline)]
        strings: Strings,
        /// Write the csv alone (sizes past an xlsx sheet's 1,048,575 rows).
        #[arg(long)]
        csv_only: bool,
    },
    /// calamine `worksheet_range` of the first sheet, then a loop over every cell.
    CalamineRange { file: PathBuf },
    /// calamine `worksheet_cells_reader` over the first sheet, cell by cell.
    CalamineCells { file: PathBuf },
    /// mobistat's ingest to validated canonical tables (`load::load_jobs`).
    Mobistat { file: PathBuf },
    /// Diagnostic: mobistat's file reader alone (`ingest::read_file` into `Collect`, one row kept).
    PhaseRead { file: PathBuf },
    /// Diagnostic: reader plus row builder (`TableSink`) on one thread, without the DataFrame.
    PhaseSink { file: PathBuf },
    /// Generates the files if missing and runs every mode REPEAT times as child processes.
    Run {
        #[arg(long)]
        rows: usize,
        #[arg(long, default_value_t = 3)]
        repeat: usize,
        #[arg(long)]
        out: PathBuf,
        #[arg(long, value_enum, default_value_t = Strings::Inline)]
        strings: Strings,
        /// Also run the diagnostic phase-read and phase-sink modes.
        #[arg(long)]
        phases: bool,
        /// Start each measurement at once, without first waiting for the machine to be idle.
        #[arg(long)]
        no_wait: bool,
    },
}

/// How the xlsx stores its text cells.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Strings {
    /// Inline strings, as xlsxwriter's constant_memory mode (and so gen_mobilities.py) writes.
    Inline,
    /// A shared string table, as Excel itself saves.
    Shared,
}

fn main() -> Result<()> {
    match Cli::parse().command {
        Cmd::Gen {
            rows,
            out,
            strings,
            csv_only,
        } => {
            let xlsx = (!csv_only).then_some(strings);
            let written = generate(rows, &out, xlsx, true)?;
            for file in written.xlsx.iter().chain(&written.csv) {
                println!("wrote {}", file.display());
            }
            Ok(())
        }
        Cmd::CalamineRange { file } => measure("calamine-range", || calamine_range(&file)),
        Cmd::CalamineCells { file } => measure("calamine-cells", || calamine_cells(&file)),
        Cmd::Mobistat { file } => measure("mobistat", || mobistat_ingest(&file)),
        Cmd::PhaseRead { file } => measure("phase-read", || phase_read(&file)),
        Cmd::PhaseSink { file } => measure("phase-sink", || phase_sink(&file)),
        Cmd::Run {
            rows,
            repeat,
            out,
            strings,
            phases,
            no_wait,
        } => run::run(rows, repeat.max(1), &out, strings, phases, !no_wait),
    }
}
