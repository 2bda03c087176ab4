//! The side-by-side benchmark's summary, from `results.jsonl`: per format a Markdown table of
//! medians and ratios, the verdicts on issue 18's goals, the machine and the commit, and the two
//! log-log charts of the CSV runs (time and peak RSS against rows).

use crate::run::median;
use crate::side::{commit, Format, Options, Record, Tool};
use anyhow::{Context, Result};
use mobistat::render::charts::scaling::{scaling_chart_svg, Series};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;
use std::process::Command;

/// Issue 18's sizes: the goals name these.
const GOAL_ROWS: usize = 1_000_000;
const BIG_ROWS: usize = 20_000_000;
const SMALL_ROWS: usize = 20_000;

/// The records of each input from the last invocation that measured it, so that a rerun of one
/// part (`--only big`) replaces that part's numbers and keeps the others'.
fn latest(records: Vec<Record>) -> Vec<Record> {
    let mut last_run: BTreeMap<(String, usize), String> = BTreeMap::new();
    for r in &records {
        last_run.insert((r.format.label().to_string(), r.rows), r.run_id.clone());
    }
    records
        .into_iter()
        .filter(|r| last_run[&(r.format.label().to_string(), r.rows)] == r.run_id)
        .collect()
}

/// One tool's runs on one input.
struct Cell {
    seconds: f64,
    mb: f64,
    ok: usize,
    runs: usize,
    failure: Option<String>,
}

struct Results {
    records: Vec<Record>,
}

impl Results {
    fn runs(&self, format: Format, rows: usize, tool: Tool) -> impl Iterator<Item = &Record> {
        self.records
            .iter()
            .filter(move |r| r.format == format && r.rows == rows && r.tool == tool)
    }

    /// Medians of the successful runs; None when the tool did not run on that input.
    fn cell(&self, format: Format, rows: usize, tool: Tool) -> Option<Cell> {
        let runs: Vec<&Record> = self.runs(format, rows, tool).collect();
        if runs.is_empty() {
            return None;
        }
        let ok: Vec<&Record> = runs.iter().copied().filter(|r| r.ok).collect();
        let failure = runs.iter().find(|r| !r.ok).map(|r| r.failure());
        let of = |f: fn(&Record) -> f64| {
            if ok.is_empty() {
                f64::NAN
            } else {
                median(ok.iter().map(|r| f(r)).collect())
            }
        };
        Some(Cell {
            seconds: of(|r| r.seconds),
            mb: of(|r| r.peak_rss_mb),
            ok: ok.len(),
            runs: runs.len(),
            failure,
        })
    }

    /// The median over rounds of `a`'s value over `b`'s in the same round, as side_by_side.sh
    /// computes its ratios: the runs of one round ran back to back, under the same load.
    fn ratio(
        &self,
        format: Format,
        rows: usize,
        (a, b): (Tool, Tool),
        value: fn(&Record) -> f64,
    ) -> Option<f64> {
        let ratios: Vec<f64> = self
            .runs(format, rows, a)
            .filter(|x| x.ok)
            .filter_map(|x| {
                self.runs(format, rows, b)
                    .find(|y| y.ok && y.round == x.round)
                    .map(|y| value(x) / value(y))
            })
            .collect();
        (!ratios.is_empty()).then(|| median(ratios))
    }

    fn sizes(&self, format: Format) -> Vec<usize> {
        let mut sizes: Vec<usize> = self
            .records
            .iter()
            .filter(|r| r.format == format)
            .map(|r| r.rows)
            .collect();
        sizes.sort_unstable();
        sizes.dedup();
        sizes
    }
}

/// "20,000".
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn seconds(s: f64) -> String {
    match s {
        s if s < 1.0 => format!("{s:.3}"),
        s if s < 100.0 => format!("{s:.2}"),
        s => format!("{s:.1}"),
    }
}

fn megabytes(mb: f64) -> String {
    if mb < 100.0 {
        format!("{mb:.1}")
    } else {
        format!("{mb:.0}")
    }
}

/// A tool's two table cells, seconds and MB: "—" when it did not run, the failure when no run
/// succeeded, "(k/n)" when only k of n did.
fn cells(cell: Option<Cell>) -> [String; 2] {
    match cell {
        None => ["—".into(), "—".into()],
        Some(c) if c.ok == 0 => {
            let why = format!("failed ({})", c.failure.unwrap_or_default());
            [why.clone(), why]
        }
        Some(c) => {
            let partial = if c.ok < c.runs {
                format!(
                    " ({}/{} ok: {})",
                    c.ok,
                    c.runs,
                    c.failure.unwrap_or_default()
                )
            } else {
                String::new()
            };
            [format!("{}{partial}", seconds(c.seconds)), megabytes(c.mb)]
        }
    }
}

fn times(r: Option<f64>) -> String {
    r.map_or("—".into(), |r| format!("{r:.2}×"))
}

fn by_time(r: &Record) -> f64 {
    r.seconds
}

fn by_memory(r: &Record) -> f64 {
    r.peak_rss_mb
}

/// The table of one format, or nothing when it was not measured.
fn table(results: &Results, format: Format, heading: &str) -> Result<String> {
    let sizes = results.sizes(format);
    let mut md = String::new();
    if sizes.is_empty() {
        return Ok(md);
    }
    writeln!(md, "#### {heading}\n")?;
    if format == Format::Demo {
        writeln!(md, "| input | report s | report MB | check s | check MB |")?;
        writeln!(md, "|---|---:|---:|---:|---:|")?;
        let [rs, rm] = cells(results.cell(format, 0, Tool::Report));
        let [cs, cm] = cells(results.cell(format, 0, Tool::Check));
        writeln!(md, "| demo | {rs} | {rm} | {cs} | {cm} |\n")?;
        return Ok(md);
    }
    writeln!(md, "| rows | report s | report MB | check s | check MB | Polars s | Polars MB | pandas s | pandas MB | range s | range MB | report/Polars time | report/Polars RSS | check/range time |")?;
    writeln!(
        md,
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
    )?;
    for rows in sizes {
        let mut line = format!("| {} |", thousands(rows));
        for tool in [
            Tool::Report,
            Tool::Check,
            Tool::Polars,
            Tool::Pandas,
            Tool::Range,
        ] {
            for text in cells(results.cell(format, rows, tool)) {
                write!(line, " {text} |")?;
            }
        }
        let peer = (Tool::Report, Tool::Polars);
        write!(
            line,
            " {} | {} | {} |",
            times(results.ratio(format, rows, peer, by_time)),
            times(results.ratio(format, rows, peer, by_memory)),
            times(results.ratio(format, rows, (Tool::Check, Tool::Range), by_time)),
        )?;
        writeln!(md, "{line}")?;
    }
    writeln!(md)?;
    Ok(md)
}

/// "0.93× ≤ 1.0×: MET", "not measured".
fn verdict(value: Option<f64>, limit: f64, unit: &str) -> String {
    match value {
        None => "not measured".into(),
        Some(v) if v.is_nan() => "failed".into(),
        Some(v) => {
            let shown = match unit {
                "×" => format!("{v:.2}×"),
                "s" => format!("{} s", seconds(v)),
                _ => format!("{} {unit}", megabytes(v)),
            };
            let limit_shown = match unit {
                // Debug keeps the ".0" of a whole number: "1.0×".
                "×" => format!("{limit:?}×"),
                _ => format!("{limit} {unit}"),
            };
            if v <= limit {
                format!("{shown} ≤ {limit_shown}: **MET**")
            } else {
                format!("{shown} > {limit_shown}: **MISSED**")
            }
        }
    }
}

fn verdicts(results: &Results) -> Result<String> {
    let r = results;
    let peer = (Tool::Report, Tool::Polars);
    let range = (Tool::Check, Tool::Range);
    let cell = |format, rows, tool| r.cell(format, rows, tool).map(|c| (c.seconds, c.mb));
    let mut md = String::new();
    writeln!(md, "#### Goals (issue 18)\n")?;
    let mut goal = |text: &str, verdict: String| writeln!(md, "- {text}: {verdict}");
    goal(
        "(1) 1M-row CSV, report time ≤ 1.0× the Polars peer's",
        verdict(r.ratio(Format::Csv, GOAL_ROWS, peer, by_time), 1.0, "×"),
    )?;
    goal(
        "(1) 1M-row CSV, report peak RSS ≤ 1.0× the Polars peer's",
        verdict(r.ratio(Format::Csv, GOAL_ROWS, peer, by_memory), 1.0, "×"),
    )?;
    for (format, name) in [
        (Format::Xlsx, "inline strings"),
        (Format::Sst, "shared strings"),
    ] {
        goal(
            &format!("(2) 1M-row xlsx ({name}), report time ≤ 0.6× the Polars peer's"),
            verdict(r.ratio(format, GOAL_ROWS, peer, by_time), 0.6, "×"),
        )?;
        goal(
            &format!("(2) 1M-row xlsx ({name}), report peak RSS ≤ 0.25× the Polars peer's"),
            verdict(r.ratio(format, GOAL_ROWS, peer, by_memory), 0.25, "×"),
        )?;
        goal(
            &format!("(2) 1M-row xlsx ({name}), check time ≤ 0.7× the calamine range pass"),
            verdict(r.ratio(format, GOAL_ROWS, range, by_time), 0.7, "×"),
        )?;
    }
    let big = cell(Format::Csv, BIG_ROWS, Tool::Report);
    goal(
        "(3) 20M-row CSV, report time ≤ 90 s",
        verdict(big.map(|c| c.0), 90.0, "s"),
    )?;
    // MB here is MiB (GNU time's kB / 1024), so 6 GB is 6 × 1024 of them.
    goal(
        "(3) 20M-row CSV, report peak RSS ≤ 6 GB (6,144 MB)",
        verdict(big.map(|c| c.1), 6144.0, "MB"),
    )?;
    goal(
        "(4) demo, report time ≤ 0.15 s",
        verdict(cell(Format::Demo, 0, Tool::Report).map(|c| c.0), 0.15, "s"),
    )?;
    for (format, name) in [
        (Format::Xlsx, "inline strings"),
        (Format::Sst, "shared strings"),
    ] {
        goal(
            &format!("(4) 20k-row xlsx ({name}), check time ≤ 1.0× the calamine range pass"),
            verdict(r.ratio(format, SMALL_ROWS, range, by_time), 1.0, "×"),
        )?;
    }
    writeln!(md)?;
    Ok(md)
}

/// The machine: CPU model, cores, memory, kernel; the tools' versions; the commits measured.
fn machine(options: &Options, results: &Results) -> Result<String> {
    let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let model = cpuinfo
        .lines()
        .find_map(|l| l.strip_prefix("model name"))
        .map(|l| l.trim_start_matches([' ', '\t', ':']).to_string())
        .unwrap_or_else(|| "unknown CPU".into());
    let cores = cpuinfo
        .lines()
        .filter(|l| l.starts_with("processor"))
        .count();
    let meminfo = std::fs::read_to_string("/proc/meminfo").unwrap_or_default();
    let ram_gib = meminfo
        .lines()
        .find_map(|l| l.strip_prefix("MemTotal:"))
        .and_then(|l| l.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .map_or(0.0, |kb| kb / 1024.0 / 1024.0);
    let kernel = std::fs::read_to_string("/proc/sys/kernel/osrelease").unwrap_or_default();
    let output = |program: &Path, args: &[&str]| {
        Command::new(program)
            .args(args)
            .output()
            .ok()
            .filter(|o| o.status.success())
            .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
            .unwrap_or_else(|| "unknown".into())
    };
    let python = output(
        &options.python,
        &[
            "-c",
            "import sys, importlib.metadata as m; print(sys.version.split()[0] + ', ' + ', '.join(p + ' ' + m.version(p) for p in ['polars', 'fastexcel', 'pandas', 'python-calamine']))",
        ],
    );
    let mobistat = output(&options.mobistat, &["--version"]);
    let mut commits: Vec<&str> = results.records.iter().map(|r| r.commit.as_str()).collect();
    commits.sort_unstable();
    commits.dedup();
    let mut dates: Vec<String> = results
        .records
        .iter()
        .filter_map(|r| r.run_id.split('-').next()?.parse::<i64>().ok())
        .filter_map(|secs| chrono::DateTime::from_timestamp(secs, 0))
        .map(|t| t.format("%Y-%m-%d").to_string())
        .collect();
    dates.sort_unstable();
    dates.dedup();
    let backgrounds: Vec<f64> = results.records.iter().map(|r| r.background_cores).collect();
    let mut md = String::new();
    writeln!(
        md,
        "- Machine: {model}, {cores} cores, {ram_gib:.1} GiB RAM, Linux {}",
        kernel.trim()
    )?;
    writeln!(
        md,
        "- Measured at commit {} ({}), {}; Python {python}",
        commits.join(", "),
        dates.join(", "),
        mobistat
    )?;
    if !backgrounds.is_empty() {
        writeln!(
            md,
            "- Other processes' CPU use during the runs: median {:.2}, max {:.2} cores (approximate; near 0 = quiet machine)",
            median(backgrounds.clone()),
            backgrounds.iter().copied().fold(0.0, f64::max)
        )?;
    }
    writeln!(md, "- Summarised at commit {}", commit())?;
    writeln!(md)?;
    Ok(md)
}

/// The CSV runs' medians against rows, one series per tool.
fn series(results: &Results, value: fn(&Cell) -> f64) -> Vec<Series> {
    [Tool::Report, Tool::Check, Tool::Polars, Tool::Pandas]
        .into_iter()
        .map(|tool| {
            let points = results
                .sizes(Format::Csv)
                .into_iter()
                .filter_map(|rows| {
                    let cell = results.cell(Format::Csv, rows, tool)?;
                    (cell.ok > 0).then(|| (rows as f64, value(&cell)))
                })
                .collect();
            (tool.name().to_string(), points)
        })
        .collect()
}

pub(crate) fn summarise(options: &Options, results_file: &Path) -> Result<()> {
    let text = std::fs::read_to_string(results_file)
        .with_context(|| format!("reading {}", results_file.display()))?;
    let records: Vec<Record> = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(serde_json::from_str)
        .collect::<Result<_, _>>()
        .with_context(|| format!("reading {}", results_file.display()))?;
    let results = Results {
        records: latest(records),
    };
    let mut md = String::new();
    md.push_str(&machine(options, &results)?);
    writeln!(md, "Wall time of the whole process (start-up included) and its peak RSS (GNU time's %M, MiB), median of the successful runs; ratios are medians of the per-round ratios. report/check: `mobistat report`/`check` in a folder holding the file as mobilities.csv/.xlsx after `mobistat init .`; Polars/pandas: `../shared/bench/peer_polars.py`/`peer_pandas.py` (pandas with engine calamine for xlsx); range: calamine `worksheet_range` of the sheet and a loop over its cells.\n")?;
    md.push_str(&table(
        &results,
        Format::Csv,
        "CSV (the shared generator's files; sizes above 1M rows from the Rust port of it)",
    )?);
    md.push_str(&table(
        &results,
        Format::Xlsx,
        "xlsx with inline strings (the shared generator's files)",
    )?);
    md.push_str(&table(
        &results,
        Format::Sst,
        "xlsx with a shared string table (the Rust port of the generator)",
    )?);
    md.push_str(&table(
        &results,
        Format::Demo,
        "The demo (inputs/ and mobistat.toml)",
    )?);
    md.push_str(&verdicts(&results)?);
    print!("{md}");
    let summary = options.out.join("summary.md");
    std::fs::write(&summary, &md).with_context(|| format!("writing {}", summary.display()))?;

    let time = series(&results, |c| c.seconds);
    if time.iter().any(|s| !s.1.is_empty()) {
        std::fs::create_dir_all(&options.charts)?;
        let memory = series(&results, |c| c.mb);
        let charts = [
            (
                "bench-time.svg",
                scaling_chart_svg(
                    "CSV input: wall time against rows",
                    &time,
                    "rows",
                    "seconds",
                )?,
            ),
            (
                "bench-memory.svg",
                scaling_chart_svg(
                    "CSV input: peak memory against rows",
                    &memory,
                    "rows",
                    "peak RSS (MB)",
                )?,
            ),
        ];
        for (name, svg) in charts {
            let path = options.charts.join(name);
            std::fs::write(&path, svg).with_context(|| format!("writing {}", path.display()))?;
            eprintln!("wrote {}", path.display());
        }
    }
    eprintln!("wrote {}", summary.display());
    Ok(())
}
