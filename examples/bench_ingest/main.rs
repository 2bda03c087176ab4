//! Ingest benchmark: generates N-row mobility exports (xlsx and csv, in the shape of
//! `../shared/bench/gen_mobilities.py`) and times mobistat's ingest to validated canonical tables
//! against bare calamine passes over the same xlsx; `side-by-side` times mobistat `report` and
//! `check` against the Python peers on issue 18's inputs. The results and the machine are
//! recorded in `BENCHMARKS.md`.
//!
//! Issue 18's side-by-side run, from the project's root (`../shared/bench/` beside it):
//!
//! ```text
//! PY=$(bash scripts/bench_peers.sh)          # the peers' Python (polars, pandas, calamine...)
//! export CARGO_TARGET_DIR=$HOME/.cache/mobistat/target
//! cargo build --release --bin mobistat --example bench_ingest
//! $CARGO_TARGET_DIR/release/examples/bench_ingest side-by-side --out /tmp/mobistat-side \
//!     --python "$PY" --mobistat $CARGO_TARGET_DIR/release/mobistat \
//!     --sizes 20000,200000,1000000 --big 5000000,20000000 --repeat 3 --charts docs
//! # one part again, keeping the others' numbers:  ... side-by-side --out /tmp/mobistat-side --only big
//! # the tables and charts again, without running: ... side-by-side --out /tmp/mobistat-side --tables-only
//! ```
//!
//! It needs GNU time (`/usr/bin/time`), several GB of disk under `--out` (the 20M-row csv alone
//! is about 3 GB, its report more) and a quiet machine: it waits for one before each run unless
//! `--no-wait`. The ingest benchmark alone:
//!
//! ```text
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
//! - `side-by-side --out DIR ...` (`side.rs`, `summary.rs`): for each input (the shared
//!   generator's csv and inline-string xlsx at each of `--sizes`, a shared-string xlsx at the
//!   same sizes, the Rust generator's csv at each of `--big`, the demo) alternates `mobistat
//!   report`, `mobistat check`, `peer_polars.py`, `peer_pandas.py` and `calamine-range` (xlsx),
//!   each under GNU time; appends every run to `DIR/results.jsonl`; prints (and writes to
//!   `DIR/summary.md`) the machine, a table per format and the goals' verdicts; draws
//!   `bench-time.svg` and `bench-memory.svg` into `--charts` (default `docs`). `--only
//!   csv,xlsx,sst,big,demo` runs some parts; the tables take each input's numbers from the
//!   last invocation that measured it.
//!
//! Each measuring subcommand prints one line of JSON. `run` starts every measurement as a child
//! process of this same executable: peak RSS (VmHWM) only ever grows within a process, so each
//! measurement needs a process of its own, and using one executable for all of them gives every
//! mode the same baseline (binary, allocator, libraries). `side-by-side` reads each child's peak
//! RSS from GNU time (wait4's ru_maxrss) and times the whole process, start-up included, alike
//! for mobistat and the peers.

mod gen;
mod modes;
mod run;
mod side;
mod summary;

use anyhow::Result;
use clap::{Parser, Subcommand, ValueEnum};
use gen::generate;
use modes::{calamine_cells, calamine_range, measure, mobistat_ingest, phase_read, phase_sink};
use side::{Part, Tool};
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
    /// Issue 18: mobistat report and check, the Python peers and a calamine range pass, side by
    /// side on each input; tables, goal verdicts, results.jsonl and two charts.
    SideBySide {
        /// Row counts of the csv, xlsx and shared-string xlsx inputs.
        #[arg(long, value_delimiter = ',', default_value = "20000,200000,1000000")]
        sizes: Vec<usize>,
        /// Row counts of the csv-only inputs (the Rust generator, streaming).
        #[arg(long, value_delimiter = ',', default_value = "5000000,20000000")]
        big: Vec<usize>,
        /// Runs of each tool on each input of --sizes (and the demo); medians are reported.
        #[arg(long, default_value_t = 3)]
        repeat: usize,
        /// Runs of each tool on each input of --big.
        #[arg(long, default_value_t = 1)]
        big_repeat: usize,
        /// Where the inputs (data/), project folders (work/), logs and results.jsonl go.
        #[arg(long)]
        out: PathBuf,
        /// The Python with the peers' packages [default: ~/.cache/mobistat/bench-venv/bin/python
        /// when it exists, else python3].
        #[arg(long)]
        python: Option<PathBuf>,
        /// The mobistat binary [default: $CARGO_TARGET_DIR/release/mobistat, else
        /// target/release/mobistat].
        #[arg(long)]
        mobistat: Option<PathBuf>,
        /// The folder of gen_mobilities.py, peer_polars.py and peer_pandas.py [default: the
        /// project's ../shared/bench].
        #[arg(long)]
        peers: Option<PathBuf>,
        /// Where bench-time.svg and bench-memory.svg go.
        #[arg(long, default_value = "docs")]
        charts: PathBuf,
        /// Run only these parts (comma-separated); all when absent.
        #[arg(long, value_enum, value_delimiter = ',')]
        only: Vec<Part>,
        /// The tools run on the --big inputs.
        #[arg(
            long,
            value_enum,
            value_delimiter = ',',
            default_value = "report,check,polars,pandas"
        )]
        big_tools: Vec<Tool>,
        /// Seconds after which a run is killed and reported as timed out (0: no limit).
        #[arg(long, default_value_t = 1800)]
        timeout: u64,
        /// Start each run at once, without first waiting for the machine to be idle.
        #[arg(long)]
        no_wait: bool,
        /// Keep each input's reports/ and peer outputs (removed by default: gigabytes at 20M rows).
        #[arg(long)]
        keep_reports: bool,
        /// Run nothing: print the tables and draw the charts from OUT/results.jsonl.
        #[arg(long)]
        tables_only: bool,
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
        Cmd::SideBySide {
            sizes,
            big,
            repeat,
            big_repeat,
            out,
            python,
            mobistat,
            peers,
            charts,
            only,
            big_tools,
            timeout,
            no_wait,
            keep_reports,
            tables_only,
        } => side::side_by_side(&side::Options {
            sizes,
            big,
            repeat: repeat.max(1),
            big_repeat: big_repeat.max(1),
            out,
            python: python.unwrap_or_else(default_python),
            mobistat: mobistat.unwrap_or_else(default_mobistat),
            peers: peers.unwrap_or_else(|| side::repo_root().join("../shared/bench")),
            charts,
            only,
            big_tools,
            timeout: (timeout > 0).then(|| std::time::Duration::from_secs(timeout)),
            wait: !no_wait,
            keep_reports,
            tables_only,
        }),
    }
}

/// The virtual environment scripts/bench_peers.sh makes, else the system's python3.
fn default_python() -> PathBuf {
    let venv = std::env::var_os("HOME")
        .map(|home| PathBuf::from(home).join(".cache/mobistat/bench-venv/bin/python"));
    venv.filter(|p| p.is_file())
        .unwrap_or_else(|| PathBuf::from("python3"))
}

/// The release binary of the target directory cargo builds into.
fn default_mobistat() -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("target"));
    target.join("release/mobistat")
}
