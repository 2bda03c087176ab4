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
//! - `gen --rows N --out DIR`: writes `DIR/mobilities_N.xlsx` and `DIR/mobilities_N.csv`.
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

use anyhow::{bail, Context, Result};
use calamine::{open_workbook, Data, DataRef, Reader, Xlsx};
use chrono::{Datelike, Days, NaiveDate};
use clap::{Parser, Subcommand, ValueEnum};
use mobistat::ingest::{read_file, Collect};
use mobistat::load::{load_jobs, Job};
use mobistat::schema::mapping::MappingConfig;
use mobistat::schema::rows::TableSink;
use mobistat::schema::rules::RowRules;
use mobistat::schema::TableKind;
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

#[derive(Parser)]
#[command(about = "Times mobistat's ingest against bare calamine passes over the same exports")]
struct Cli {
    #[command(subcommand)]
    command: Cmd,
}

#[derive(Subcommand)]
enum Cmd {
    /// Writes DIR/mobilities_N.xlsx (or _sst.xlsx) and DIR/mobilities_N.csv.
    Gen {
        #[arg(long)]
        rows: usize,
        #[arg(long)]
        out: PathBuf,
        #[arg(long, value_enum, default_value_t = Strings::Inline)]
        strings: Strings,
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
        Cmd::Gen { rows, out, strings } => {
            let (xlsx, csv) = generate(rows, &out, strings)?;
            println!("wrote {} and {}", xlsx.display(), csv.display());
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
        } => run(rows, repeat.max(1), &out, strings, phases, !no_wait),
    }
}

// ---------------------------------------------------------------------------------------------
// Generator: a port of gen_mobilities.py's `rows()`. Not its exact random stream (that would
// need Python's Mersenne Twister) but the same columns, vocabularies, proportions and cell
// types, deterministic for a given row count.

const HEADERS: [&str; 16] = [
    "Mobility ID",
    "Person ID",
    "Direction",
    "Participant",
    "Activity",
    "Funding",
    "Home programme",
    "Level",
    "Partner institution",
    "Partner Erasmus code",
    "Country",
    "Nationality",
    "Start date",
    "End date",
    "Fewer opportunities",
    "Green travel",
];
const COUNTRIES: &[&str] = &[
    "DE", "ES", "IT", "BE", "NL", "PL", "PT", "SE", "FI", "IE", "CZ", "AT", "RO", "GR", "HU", "NO",
    "GB", "CH", "US", "CA", "BR", "MX", "CN", "JP", "KR", "IN", "VN", "MA", "SN", "GH", "CM", "UA",
    "KZ", "TW", "TH", "GE", "KE", "JO", "AU", "CL", "AR", "CO", "TN", "DZ", "LB", "TR",
];
const ACTIVITIES: [(&str, &str); 5] = [
    ("Study", "Student"),
    ("Traineeship", "Student"),
    ("Double degree", "Student"),
    ("Teaching", "Staff"),
    ("Training", "Staff"),
];
const ACTIVITY_WEIGHTS: [u64; 5] = [50, 30, 5, 8, 7];
const FUNDING: &[&str] = &[
    "Erasmus+ KA131",
    "Erasmus+ KA171",
    "Bilateral agreement",
    "BCI",
    "FITEC",
    "ISEP",
    "No funding",
];
const HOME: &[&str] = &[
    "Agronomy",
    "Food Science",
    "Environment",
    "Computer Science",
    "Civil Engineering",
    "Electrical Engineering",
    "Chemistry",
    "Business & Management",
];
const LEVELS: &[&str] = &["Bachelor", "Master", "Doctorate"];
const START_MONTHS: &[u32] = &[1, 2, 6, 9, 9, 9];
const SEED: u64 = 7;

/// SplitMix64: tiny, fast, good enough for synthetic data, and needs no dependency.
struct Rng(u64);

impl Rng {
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in 0..n (multiply-shift; the bias is far below anything a benchmark sees).
    fn below(&mut self, n: u64) -> u64 {
        ((u128::from(self.next_u64()) * u128::from(n)) >> 64) as u64
    }

    /// Uniform in lo..hi, like Python's `randrange(lo, hi)`.
    fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.below(hi - lo)
    }

    fn choose<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }

    fn pick(&mut self, items: &[&'static str]) -> &'static str {
        items[self.below(items.len() as u64) as usize]
    }

    fn weighted(&mut self, weights: &[u64]) -> usize {
        let mut x = self.below(weights.iter().sum());
        for (i, w) in weights.iter().enumerate() {
            if x < *w {
                return i;
            }
            x -= w;
        }
        weights.len() - 1
    }
}

enum Field {
    Text(String),
    Date(NaiveDate),
}

struct Partner {
    name: String,
    country: &'static str,
    code: String,
}

fn partners() -> Vec<Partner> {
    (0..800)
        .map(|i| Partner {
            name: format!("University {i:04}"),
            country: COUNTRIES[i % COUNTRIES.len()],
            code: format!("X CITY{i:02}"),
        })
        .collect()
}

/// Row `i` of `n`, the 16 fields in HEADERS order.
fn mobility(i: usize, n: usize, rng: &mut Rng, partners: &[Partner]) -> [Field; 16] {
    let (activity, participant) = ACTIVITIES[rng.weighted(&ACTIVITY_WEIGHTS)];
    let year = 2015 + rng.below(10) as i32;
    let month = *rng.choose(START_MONTHS);
    let day = rng.range(1, 28) as u32;
    let start =
        NaiveDate::from_ymd_opt(year, month, day).expect("day below 28 exists in every month");
    let days = if participant == "Student" {
        rng.range(60, 330)
    } else {
        rng.range(2, 30)
    };
    let end = start
        .checked_add_days(Days::new(days))
        .expect("date in range");
    let partner = &partners[rng.below(partners.len() as u64) as usize];
    // COUNTRIES + ["FR"] * 20: France is most participants' nationality.
    let nationality = match rng.below(COUNTRIES.len() as u64 + 20) as usize {
        k if k < COUNTRIES.len() => COUNTRIES[k],
        _ => "FR",
    };
    let text = |s: &str| Field::Text(s.to_string());
    [
        Field::Text(format!("MOB-{i:08}")),
        Field::Text(format!("P{:08}", rng.below(n as u64 / 2 + 1))),
        text(rng.pick(&["Outgoing", "Outgoing", "Incoming"])),
        text(participant),
        text(activity),
        text(rng.pick(FUNDING)),
        text(rng.pick(HOME)),
        text(rng.pick(LEVELS)),
        text(&partner.name),
        text(&partner.code),
        text(partner.country),
        text(nationality),
        Field::Date(start),
        Field::Date(end),
        text(rng.pick(&["Yes", "No", "No", "No", "No"])),
        text(rng.pick(&["Yes", "No", "No"])),
    ]
}

fn xlsx_path(dir: &Path, rows: usize, strings: Strings) -> PathBuf {
    match strings {
        Strings::Inline => dir.join(format!("mobilities_{rows}.xlsx")),
        Strings::Shared => dir.join(format!("mobilities_{rows}_sst.xlsx")),
    }
}

fn csv_path(dir: &Path, rows: usize) -> PathBuf {
    dir.join(format!("mobilities_{rows}.csv"))
}

/// Writes both files from one stream of rows. Each is written under a temporary name and renamed
/// at the end, so an interrupted run never leaves a truncated file that `run` would reuse.
fn generate(rows: usize, dir: &Path, strings: Strings) -> Result<(PathBuf, PathBuf)> {
    std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    let (xlsx, csv) = (xlsx_path(dir, rows, strings), csv_path(dir, rows));
    let (xlsx_tmp, csv_tmp) = (
        xlsx.with_extension("xlsx.part"),
        csv.with_extension("csv.part"),
    );

    let mut workbook = Workbook::new();
    // A fixed creation time (the zip entries' times are fixed already): same rows, same bytes.
    let created = ExcelDateTime::from_ymd(2025, 1, 1)?;
    workbook.set_properties(&DocProperties::new().set_creation_datetime(&created));
    // Constant-memory mode streams rows to a temporary file and writes inline strings, like
    // xlsxwriter's constant_memory; low-memory mode streams too but keeps a shared string table.
    let sheet = match strings {
        Strings::Inline => workbook.add_worksheet_with_constant_memory()?,
        Strings::Shared => workbook.add_worksheet_with_low_memory()?,
    };
    sheet.set_name("Mobilities")?;
    let date_format = Format::new().set_num_format("yyyy-mm-dd");
    let mut out = csv::Writer::from_path(&csv_tmp)
        .with_context(|| format!("creating {}", csv_tmp.display()))?;
    for (col, header) in HEADERS.iter().enumerate() {
        sheet.write_string(0, col as u16, *header)?;
    }
    out.write_record(HEADERS)?;

    let mut rng = Rng(SEED);
    let partners = partners();
    let mut record: Vec<String> = Vec::with_capacity(HEADERS.len());
    for i in 0..rows {
        let row = (i + 1) as u32;
        record.clear();
        for (col, field) in mobility(i, rows, &mut rng, &partners)
            .into_iter()
            .enumerate()
        {
            match field {
                Field::Text(t) => {
                    sheet.write_string(row, col as u16, &t)?;
                    record.push(t);
                }
                Field::Date(d) => {
                    // A real date cell: the serial number with a date format, as Excel stores it.
                    let date =
                        ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8)?;
                    sheet.write_datetime_with_format(row, col as u16, &date, &date_format)?;
                    record.push(d.to_string());
                }
            }
        }
        out.write_record(&record)?;
    }
    out.flush()?;
    drop(out);
    workbook.save(&xlsx_tmp)?;
    std::fs::rename(&xlsx_tmp, &xlsx)?;
    std::fs::rename(&csv_tmp, &csv)?;
    Ok((xlsx, csv))
}

// ---------------------------------------------------------------------------------------------
// Measured modes. Each returns extra JSON members; `measure` adds the time and peak RSS. The time
// covers opening the file to having the result in hand (the range, the counts, the DataFrame);
// process start-up and the final drop are outside it, alike for every mode.

/// The process's peak resident set size so far, in MiB, from VmHWM in /proc/self/status.
fn peak_rss_mb() -> Result<f64> {
    let status = std::fs::read_to_string("/proc/self/status")
        .context("reading /proc/self/status (Linux only)")?;
    let line = status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))
        .context("no VmHWM in /proc/self/status")?;
    let kb: f64 = line
        .trim_start_matches("VmHWM:")
        .trim()
        .trim_end_matches("kB")
        .trim()
        .parse()?;
    Ok(kb / 1024.0)
}

/// CPU seconds (user + system, every thread) the process has used, from /proc/self/stat. The
/// ingest may use more than one thread; wall time is the target, CPU time says at what cost.
fn cpu_seconds() -> Result<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").context("reading /proc/self/stat")?;
    // Fields after the command name (which may hold spaces) start at field 3, "state".
    let rest = &stat[stat.rfind(')').context("malformed /proc/self/stat")? + 2..];
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks: f64 = fields[11].parse::<f64>()? + fields[12].parse::<f64>()?;
    // USER_HZ is 100 on every Linux architecture mobistat targets (getconf CLK_TCK).
    Ok(ticks / 100.0)
}

fn measure(
    mode: &str,
    work: impl FnOnce() -> Result<(String, Box<dyn std::any::Any>)>,
) -> Result<()> {
    let cpu_before = cpu_seconds()?;
    let start = Instant::now();
    let (extra, result) = work()?;
    let seconds = start.elapsed().as_secs_f64();
    let cpu = cpu_seconds()? - cpu_before;
    let peak = peak_rss_mb()?;
    println!(
        "{{\"mode\":\"{mode}\",\"seconds\":{seconds:.4},\"cpu_seconds\":{cpu:.2},\"peak_rss_mb\":{peak:.1}{extra}}}"
    );
    // The result (range, columns, DataFrame) is held until after the measurement, like a caller
    // that goes on to use it; dropping it is not part of any mode's time.
    drop(result);
    Ok(())
}

fn first_sheet(wb: &Xlsx<std::io::BufReader<std::fs::File>>, file: &Path) -> Result<String> {
    wb.sheet_names()
        .into_iter()
        .next()
        .with_context(|| format!("{} has no sheet", file.display()))
}

fn calamine_range(file: &Path) -> Result<(String, Box<dyn std::any::Any>)> {
    let mut wb: Xlsx<_> =
        open_workbook(file).with_context(|| format!("opening {}", file.display()))?;
    let name = first_sheet(&wb, file)?;
    let range = wb.worksheet_range(&name)?;
    // Count the non-empty cells so that the loop over the cells cannot be optimised away.
    let mut cells = 0u64;
    for row in range.rows() {
        for cell in row {
            if !matches!(cell, Data::Empty) {
                cells += 1;
            }
        }
    }
    Ok((format!(",\"cells\":{cells}"), Box::new(range)))
}

fn calamine_cells(file: &Path) -> Result<(String, Box<dyn std::any::Any>)> {
    let mut wb: Xlsx<_> =
        open_workbook(file).with_context(|| format!("opening {}", file.display()))?;
    let name = first_sheet(&wb, file)?;
    let mut reader = wb.worksheet_cells_reader(&name)?;
    let mut cells = 0u64;
    while let Some(cell) = reader.next_cell()? {
        if !matches!(cell.get_value(), DataRef::Empty) {
            cells += 1;
        }
    }
    Ok((format!(",\"cells\":{cells}"), Box::new(())))
}

fn display_name(file: &Path) -> String {
    file.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| file.display().to_string())
}

fn mobistat_ingest(file: &Path) -> Result<(String, Box<dyn std::any::Any>)> {
    let job = Job {
        table: TableKind::Mobilities,
        path: file.to_path_buf(),
        display: display_name(file),
        sheet: None,
        sheet_index: 0,
        mapping: MappingConfig::default(),
        profile: None,
        home: Default::default(),
        limits: Default::default(),
    };
    let loaded = load_jobs(&[job], RowRules::default())?;
    if let Some(fatal) = loaded.fatal.first() {
        bail!("{} could not be read: {fatal}", file.display());
    }
    let height = loaded
        .tables
        .frames
        .get(&TableKind::Mobilities)
        .map_or(0, |df| df.height());
    let a = &loaded.accounts[0];
    let extra = format!(
        ",\"rows_read\":{},\"accepted\":{},\"rejected\":{},\"skipped\":{},\"warned\":{},\"issues\":{},\"table_height\":{height}",
        a.read(),
        a.accepted(),
        a.rejected(),
        a.skipped(),
        a.warned(),
        loaded.issues.len()
    );
    Ok((extra, Box::new(loaded)))
}

/// The reader through the library's own `Collect` sink keeping one row: the cost of reading
/// cells and grouping them into rows, with (almost) nothing kept. Using the library's sink
/// rather than one written here keeps this mode independent of the `RowSink` signature.
fn phase_read(file: &Path) -> Result<(String, Box<dyn std::any::Any>)> {
    let mut sink = Collect {
        limit: 1,
        ..Default::default()
    };
    read_file(file, &display_name(file), None, &mut sink)?;
    Ok((String::new(), Box::new(sink)))
}

fn phase_sink(file: &Path) -> Result<(String, Box<dyn std::any::Any>)> {
    // Leaked so that the sink, which borrows it, can be kept alive to the end like the others'
    // results (one small struct in a one-shot child process).
    let config: &'static MappingConfig = Box::leak(Box::default());
    let mut sink = TableSink::new(
        TableKind::Mobilities,
        &display_name(file),
        config,
        RowRules::default(),
    );
    read_file(file, &display_name(file), None, &mut sink)?;
    sink.finish()?;
    let a = sink.account();
    let extra = format!(
        ",\"rows_read\":{},\"accepted\":{},\"rejected\":{},\"issues\":{}",
        a.read(),
        a.accepted(),
        a.rejected(),
        sink.issues().len()
    );
    Ok((extra, Box::new(sink)))
}

// ---------------------------------------------------------------------------------------------
// The driver.

/// One child run's JSON line.
struct Sample {
    seconds: f64,
    cpu: f64,
    peak_mb: f64,
    background: f64,
    line: String,
}

/// A number member of a one-line JSON object written by `measure` (flat, no nesting).
fn json_number(line: &str, key: &str) -> Option<f64> {
    let pattern = format!("\"{key}\":");
    let rest = &line[line.find(&pattern)? + pattern.len()..];
    let end = rest.find([',', '}']).unwrap_or(rest.len());
    rest[..end].trim().parse().ok()
}

/// CPU seconds the whole machine has spent busy since boot (all cores), from /proc/stat.
fn machine_busy_seconds() -> Result<f64> {
    let stat = std::fs::read_to_string("/proc/stat").context("reading /proc/stat")?;
    let line = stat.lines().next().context("empty /proc/stat")?;
    // cpu user nice system idle iowait irq softirq steal ...: busy is all but idle and iowait.
    let ticks: Vec<f64> = line
        .split_whitespace()
        .skip(1)
        .map(|t| t.parse().unwrap_or(0.0))
        .collect();
    let idle = ticks.get(3).copied().unwrap_or(0.0) + ticks.get(4).copied().unwrap_or(0.0);
    Ok((ticks.iter().take(8).sum::<f64>() - idle) / 100.0)
}

fn run_child(exe: &Path, mode: &str, file: &Path) -> Result<Sample> {
    let busy_before = machine_busy_seconds()?;
    let start = Instant::now();
    // stderr piped: indicatif then sees no terminal and draws no progress bar.
    let output = Command::new(exe)
        .arg(mode)
        .arg(file)
        .stdin(Stdio::null())
        .output()
        .with_context(|| format!("starting {mode}"))?;
    let wall = start.elapsed().as_secs_f64();
    let busy = machine_busy_seconds()? - busy_before;
    let stdout = String::from_utf8_lossy(&output.stdout);
    if !output.status.success() {
        bail!(
            "{mode} {} failed ({}): {}{}",
            file.display(),
            output.status,
            stdout,
            String::from_utf8_lossy(&output.stderr)
        );
    }
    let line = stdout
        .lines()
        .rfind(|l| l.starts_with('{'))
        .context("no JSON line")?
        .to_string();
    let seconds = json_number(&line, "seconds").context("no seconds")?;
    let peak_mb = json_number(&line, "peak_rss_mb").context("no peak_rss_mb")?;
    let cpu = json_number(&line, "cpu_seconds").context("no cpu_seconds")?;
    // Other processes' CPU use while the child ran, in cores: a shared 2-core machine makes
    // timings worthless when this is high. Approximate: the child's start-up and exit (freeing
    // its memory) count as background.
    let background = ((busy - cpu) / wall).max(0.0);
    Ok(Sample {
        seconds,
        cpu,
        peak_mb,
        background,
        line,
    })
}

fn median(mut xs: Vec<f64>) -> f64 {
    xs.sort_by(f64::total_cmp);
    let n = xs.len();
    if n % 2 == 1 {
        xs[n / 2]
    } else {
        (xs[n / 2 - 1] + xs[n / 2]) / 2.0
    }
}

struct Summary {
    input: &'static str,
    mode: &'static str,
    seconds: f64,
    cpu: f64,
    peak_mb: f64,
    last_line: String,
}

/// Waits (up to a minute) until the machine's other processes use under a tenth of a core, so
/// that a build or test run elsewhere on a small shared machine does not skew a measurement.
/// Returns the seconds waited.
fn wait_quiet() -> Result<f64> {
    let start = Instant::now();
    while start.elapsed().as_secs() < 60 {
        let before = machine_busy_seconds()?;
        std::thread::sleep(std::time::Duration::from_millis(500));
        if (machine_busy_seconds()? - before) / 0.5 < 0.1 {
            break;
        }
    }
    Ok(start.elapsed().as_secs_f64())
}

fn run(
    rows: usize,
    repeat: usize,
    dir: &Path,
    strings: Strings,
    phases: bool,
    wait: bool,
) -> Result<()> {
    let (xlsx, csv) = (xlsx_path(dir, rows, strings), csv_path(dir, rows));
    if !xlsx.exists() || !csv.exists() {
        eprintln!("generating {rows} rows in {}", dir.display());
        generate(rows, dir, strings)?;
    }
    // Read each file once so that every timed run finds it in the page cache alike.
    for f in [&xlsx, &csv] {
        std::fs::read(f).with_context(|| format!("reading {}", f.display()))?;
    }
    let exe = std::env::current_exe()?;
    let mut plan: Vec<(&'static str, &'static str, &Path)> = vec![
        ("xlsx", "calamine-range", &xlsx),
        ("xlsx", "calamine-cells", &xlsx),
        ("xlsx", "mobistat", &xlsx),
    ];
    if phases {
        plan.extend([
            ("xlsx", "phase-read", xlsx.as_path()),
            ("xlsx", "phase-sink", xlsx.as_path()),
        ]);
    }
    plan.push(("csv", "mobistat", &csv));
    if phases {
        plan.extend([
            ("csv", "phase-read", csv.as_path()),
            ("csv", "phase-sink", csv.as_path()),
        ]);
    }

    // Rounds rather than one mode's K runs in a row: drift on the machine (other load, thermal)
    // then spreads over every mode instead of favouring one.
    let mut samples: Vec<Vec<Sample>> = plan.iter().map(|_| Vec::new()).collect();
    let mut backgrounds = Vec::new();
    for round in 0..repeat {
        for (k, (input, mode, file)) in plan.iter().enumerate() {
            let waited = if wait { wait_quiet()? } else { 0.0 };
            if waited > 1.0 {
                eprintln!("waited {waited:.0} s for the machine to be idle");
            }
            let sample = run_child(&exe, mode, file)?;
            eprintln!(
                "round {}/{repeat} {input} {mode}: {} (background load {:.2} cores)",
                round + 1,
                sample.line,
                sample.background
            );
            backgrounds.push(sample.background);
            samples[k].push(sample);
        }
    }
    let summaries: Vec<Summary> = plan
        .iter()
        .zip(samples)
        .map(|((input, mode, _), s)| Summary {
            input,
            mode,
            seconds: median(s.iter().map(|x| x.seconds).collect()),
            cpu: median(s.iter().map(|x| x.cpu).collect()),
            // The largest peak of the K runs: memory targets are about the worst case.
            peak_mb: s.iter().map(|x| x.peak_mb).fold(0.0, f64::max),
            last_line: s.last().map(|x| x.line.clone()).unwrap_or_default(),
        })
        .collect();

    let range = summaries
        .iter()
        .find(|s| s.input == "xlsx" && s.mode == "calamine-range")
        .expect("planned");
    let mut table = String::new();
    let strings_note = match strings {
        Strings::Inline => "inline strings",
        Strings::Shared => "shared string table",
    };
    writeln!(table, "{rows} rows × 16 columns, xlsx with {strings_note}; median of {repeat} runs, peak RSS = max VmHWM of the runs; CPU = user + system, all threads\n")?;
    writeln!(table, "| input | mode | rows | median seconds | peak RSS MB | ratio to calamine range (time) | ratio (memory) | median CPU seconds |")?;
    writeln!(table, "|---|---|---:|---:|---:|---:|---:|---:|")?;
    for s in &summaries {
        // The csv has no calamine pass of its own; its ratios would compare different files.
        let (rt, rm) = if s.input == "xlsx" {
            (
                format!("{:.2}×", s.seconds / range.seconds),
                format!("{:.3}×", s.peak_mb / range.peak_mb),
            )
        } else {
            ("n/a".into(), "n/a".into())
        };
        writeln!(
            table,
            "| {} | {} | {rows} | {:.3} | {:.1} | {rt} | {rm} | {:.2} |",
            s.input, s.mode, s.seconds, s.peak_mb, s.cpu
        )?;
    }
    println!("{table}");
    println!(
        "background load from other processes while the modes ran: median {:.2}, max {:.2} cores of {} (approximate; near 0 = quiet machine)",
        median(backgrounds.clone()),
        backgrounds.iter().copied().fold(0.0, f64::max),
        std::thread::available_parallelism().map_or(0, |n| n.get())
    );

    let ours = summaries
        .iter()
        .find(|s| s.input == "xlsx" && s.mode == "mobistat")
        .expect("planned");
    println!("mobistat xlsx result: {}", ours.last_line);
    if let Some(c) = summaries
        .iter()
        .find(|s| s.input == "csv" && s.mode == "mobistat")
    {
        println!("mobistat csv result:  {}", c.last_line);
    }
    let time_ok = ours.seconds <= range.seconds;
    let budget = range.peak_mb / 4.0;
    let memory_ok = ours.peak_mb <= budget;
    println!(
        "target time   (mobistat ≤ calamine range): {:.3} s vs {:.3} s = {:.2}× → {}",
        ours.seconds,
        range.seconds,
        ours.seconds / range.seconds,
        if time_ok {
            "MET".to_string()
        } else {
            format!(
                "MISSED by {:.0}%",
                (ours.seconds / range.seconds - 1.0) * 100.0
            )
        }
    );
    println!(
        "target memory (mobistat ≤ calamine range / 4): {:.1} MB vs {:.1} MB budget ({:.1} / 4) → {}",
        ours.peak_mb,
        budget,
        range.peak_mb,
        if memory_ok { "MET".to_string() } else { format!("MISSED: {:.2}× the budget", ours.peak_mb / budget) }
    );
    Ok(())
}
