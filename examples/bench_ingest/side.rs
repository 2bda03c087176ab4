//! `side-by-side`: issue 18's benchmark. For each input it runs mobistat `report` and `check`,
//! the Python Polars and pandas peers and a bare calamine range pass as child processes,
//! alternated round by round, records each one's wall time and peak RSS in `OUT/results.jsonl`,
//! then prints the tables and the goals' verdicts (`summary.rs`).

use crate::gen::{self, generate};
use crate::run::{machine_busy_seconds, wait_quiet};
use crate::Strings;
use anyhow::{bail, Context, Result};
use clap::ValueEnum;
use serde::{Deserialize, Serialize};
use std::ffi::OsString;
use std::fs::File;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// A part of the benchmark, for `--only`.
#[derive(Clone, Copy, PartialEq, Eq, Debug, ValueEnum)]
pub(crate) enum Part {
    /// The shared generator's csv at each of --sizes.
    Csv,
    /// The shared generator's xlsx (inline strings) at each of --sizes.
    Xlsx,
    /// An xlsx with a shared string table (the Rust generator) at each of --sizes.
    Sst,
    /// The Rust generator's csv at each of --big.
    Big,
    /// The bundled demo (inputs/ and mobistat.toml).
    Demo,
}

/// How an input is stored.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum Format {
    Csv,
    /// xlsx with inline strings.
    Xlsx,
    /// xlsx with a shared string table.
    Sst,
    /// The demo project: six files of four kinds.
    Demo,
}

impl Format {
    pub fn label(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Xlsx => "xlsx",
            Format::Sst => "sst",
            Format::Demo => "demo",
        }
    }

    /// The extension of its input file in the project folder.
    fn extension(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            _ => "xlsx",
        }
    }
}

/// A program measured.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Serialize, Deserialize, ValueEnum)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum Tool {
    /// `mobistat report` in the input's project folder.
    Report,
    /// `mobistat check` in the same folder.
    Check,
    /// ../shared/bench/peer_polars.py.
    Polars,
    /// ../shared/bench/peer_pandas.py (engine calamine for xlsx).
    Pandas,
    /// This executable's `calamine-range` mode (xlsx only).
    Range,
}

impl Tool {
    pub fn name(self) -> &'static str {
        match self {
            Tool::Report => "mobistat report",
            Tool::Check => "mobistat check",
            Tool::Polars => "Polars peer",
            Tool::Pandas => "pandas peer",
            Tool::Range => "calamine range",
        }
    }

    /// Whether an exit status is a successful run: mobistat exits 1 when it rejected rows (the
    /// generated files hold a chance duplicate or two, the demo rejects rows on purpose), 2 when
    /// it could not do its work; the others exit 0 or failed.
    fn succeeded(self, code: i32) -> bool {
        code == 0 || (code == 1 && matches!(self, Tool::Report | Tool::Check))
    }
}

/// One child run: a line of `results.jsonl`.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct Record {
    /// The invocation that measured it (start time and process id): a table takes each input's
    /// runs from the last invocation that measured it.
    pub run_id: String,
    pub commit: String,
    pub format: Format,
    pub rows: usize,
    pub tool: Tool,
    pub round: usize,
    /// Wall time from starting the child to having its exit status.
    pub seconds: f64,
    /// The child's peak resident set size (GNU time's %M, from wait4's ru_maxrss), in MiB.
    pub peak_rss_mb: f64,
    /// User + system CPU seconds of the child, all threads.
    pub cpu_seconds: f64,
    /// Other processes' CPU use during the run, in cores (approximate).
    pub background_cores: f64,
    pub exit: Option<i32>,
    pub signal: Option<i32>,
    pub timed_out: bool,
    pub ok: bool,
}

impl Record {
    /// What went wrong, for a table cell.
    pub fn failure(&self) -> String {
        if self.timed_out {
            "timed out".into()
        } else if let Some(signal) = self.signal {
            format!("killed by signal {signal}")
        } else {
            format!("exit {}", self.exit.unwrap_or(-1))
        }
    }
}

/// The options of `side-by-side` (see main.rs).
pub(crate) struct Options {
    pub sizes: Vec<usize>,
    pub big: Vec<usize>,
    pub repeat: usize,
    pub big_repeat: usize,
    pub out: PathBuf,
    pub python: PathBuf,
    pub mobistat: PathBuf,
    pub peers: PathBuf,
    pub charts: PathBuf,
    pub only: Vec<Part>,
    pub big_tools: Vec<Tool>,
    /// None: no limit.
    pub timeout: Option<Duration>,
    pub wait: bool,
    pub keep_reports: bool,
    pub tables_only: bool,
}

/// One input: what it is, its size, its tools and how many rounds.
struct Input {
    format: Format,
    rows: usize,
    tools: Vec<Tool>,
    repeat: usize,
}

/// The project's root: the demo's inputs and config, and the git commit.
pub(crate) fn repo_root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The inputs `options` ask for, in the order they run: the demo, each size's csv, xlsx and
/// shared-string xlsx, then the big csv files.
fn plan(options: &Options) -> Vec<Input> {
    let wanted = |part| options.only.is_empty() || options.only.contains(&part);
    let mut inputs = Vec::new();
    if wanted(Part::Demo) {
        inputs.push(Input {
            format: Format::Demo,
            rows: 0,
            tools: vec![Tool::Report, Tool::Check],
            repeat: options.repeat,
        });
    }
    let small = vec![Tool::Report, Tool::Check, Tool::Polars, Tool::Pandas];
    let xlsx = vec![
        Tool::Report,
        Tool::Check,
        Tool::Polars,
        Tool::Pandas,
        Tool::Range,
    ];
    for &rows in &options.sizes {
        for (part, format, tools) in [
            (Part::Csv, Format::Csv, &small),
            (Part::Xlsx, Format::Xlsx, &xlsx),
            (Part::Sst, Format::Sst, &xlsx),
        ] {
            if wanted(part) {
                inputs.push(Input {
                    format,
                    rows,
                    tools: tools.clone(),
                    repeat: options.repeat,
                });
            }
        }
    }
    if wanted(Part::Big) {
        for &rows in &options.big {
            inputs.push(Input {
                format: Format::Csv,
                rows,
                tools: options.big_tools.clone(),
                repeat: options.big_repeat,
            });
        }
    }
    inputs
}

/// Runs the benchmark, then prints and writes its summary.
pub(crate) fn side_by_side(options: &Options) -> Result<()> {
    let results = options.out.join("results.jsonl");
    if !options.tables_only {
        let inputs = plan(options);
        if inputs.is_empty() {
            bail!("nothing to run: --only and the sizes select no input");
        }
        check_tools(options, &inputs)?;
        let run_id = format!(
            "{}-{}",
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)?
                .as_secs(),
            std::process::id()
        );
        let commit = commit();
        std::fs::create_dir_all(&options.out)?;
        let mut log = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&results)
            .with_context(|| format!("opening {}", results.display()))?;
        for input in &inputs {
            measure_input(options, input, &run_id, &commit, &mut log)?;
        }
    }
    crate::summary::summarise(options, &results)
}

/// Fails early when a program the inputs need is missing, rather than after an hour of runs.
fn check_tools(options: &Options, inputs: &[Input]) -> Result<()> {
    if !Path::new("/usr/bin/time").is_file() {
        bail!("/usr/bin/time (GNU time) is needed to read each child's peak RSS: apt-get install time");
    }
    if !options.mobistat.is_file() {
        bail!(
            "no mobistat binary at {}: cargo build --release, or pass --mobistat",
            options.mobistat.display()
        );
    }
    let peers = inputs.iter().any(|i| {
        i.tools
            .iter()
            .any(|t| matches!(t, Tool::Polars | Tool::Pandas))
    });
    if peers || inputs.iter().any(|i| i.format != Format::Demo) {
        for script in ["gen_mobilities.py", "peer_polars.py", "peer_pandas.py"] {
            let path = options.peers.join(script);
            if !path.is_file() {
                bail!("{} not found: pass --peers DIR", path.display());
            }
        }
        let status = Command::new(&options.python)
            .args([
                "-c",
                "import polars, pandas, fastexcel, python_calamine, xlsxwriter",
            ])
            .status()
            .with_context(|| format!("starting {}", options.python.display()))?;
        if !status.success() {
            bail!(
                "{} lacks the peers' packages: PY=$(bash scripts/bench_peers.sh), then --python $PY",
                options.python.display()
            );
        }
    }
    Ok(())
}

/// `git rev-parse --short HEAD` of the project, "+dirty" when its tracked files have changed.
pub(crate) fn commit() -> String {
    let git = |args: &[&str]| {
        Command::new("git")
            .args(args)
            .current_dir(repo_root())
            .output()
            .ok()
            .filter(|o| o.status.success())
            .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
    };
    let hash = git(&["rev-parse", "--short", "HEAD"]).unwrap_or_else(|| "unknown".into());
    match git(&["status", "--porcelain", "--untracked-files=no"]) {
        Some(changes) if !changes.is_empty() => format!("{hash}+dirty"),
        _ => hash,
    }
}

/// The input file of `format` and `rows`, generated if missing: the shared Python generator's
/// for csv and inline-string xlsx up to the largest of --sizes (the files the goals name), the
/// Rust port's for shared strings (xlsxwriter's constant_memory writes inline strings only) and
/// for the big csv files (the Python generator holds every row in memory).
fn input_file(options: &Options, format: Format, rows: usize) -> Result<PathBuf> {
    let data = options.out.join("data");
    std::fs::create_dir_all(&data)?;
    let python_file = |ext: &str| data.join(format!("py_{rows}.{ext}"));
    let (file, python) = match format {
        Format::Csv if !options.big.contains(&rows) || options.sizes.contains(&rows) => {
            (python_file("csv"), true)
        }
        Format::Csv => (gen::csv_path(&data, rows), false),
        Format::Xlsx => (python_file("xlsx"), true),
        Format::Sst => (gen::xlsx_path(&data, rows, Strings::Shared), false),
        Format::Demo => unreachable!("the demo is copied, not generated"),
    };
    if file.exists() {
        return Ok(file);
    }
    eprintln!("generating {}", file.display());
    let started = Instant::now();
    if python {
        // Written under a temporary name and renamed: an interrupted generation leaves no
        // truncated file to be reused.
        let ext = format.extension();
        let part = data.join(format!("py_{rows}.part.{ext}"));
        let status = Command::new(&options.python)
            .arg(options.peers.join("gen_mobilities.py"))
            .args(["--rows", &rows.to_string(), &format!("--{ext}")])
            .arg(&part)
            .status()
            .context("starting gen_mobilities.py")?;
        if !status.success() {
            bail!("gen_mobilities.py failed ({status})");
        }
        std::fs::rename(&part, &file)?;
    } else if format == Format::Sst {
        generate(rows, &data, Some(Strings::Shared), false)?;
    } else {
        generate(rows, &data, None, true)?;
    }
    eprintln!(
        "generated {} in {:.0} s",
        file.display(),
        started.elapsed().as_secs_f64()
    );
    Ok(file)
}

/// The input's project folder, ready for `mobistat report`: the file linked in as
/// mobilities.csv or .xlsx and the mobistat.toml `mobistat init .` writes, as side_by_side.sh
/// prepares it; for the demo, a copy of the project's inputs/ and mobistat.toml.
fn project(options: &Options, input: &Input) -> Result<(PathBuf, Option<PathBuf>)> {
    let work = options.out.join("work");
    if input.format == Format::Demo {
        let dir = work.join("demo");
        let inputs = dir.join("inputs");
        std::fs::create_dir_all(&inputs)?;
        std::fs::copy(repo_root().join("mobistat.toml"), dir.join("mobistat.toml"))?;
        for entry in std::fs::read_dir(repo_root().join("inputs"))? {
            let entry = entry?;
            if entry.file_type()?.is_file() {
                std::fs::copy(entry.path(), inputs.join(entry.file_name()))?;
            }
        }
        return Ok((dir, None));
    }
    let source = input_file(options, input.format, input.rows)?;
    let dir = work.join(format!("{}-{}", input.format.label(), input.rows));
    std::fs::create_dir_all(&dir)?;
    let file = dir.join(format!("mobilities.{}", input.format.extension()));
    // A hard link rather than a copy: the 20M-row csv is about 3 GB.
    let _ = std::fs::remove_file(&file);
    if std::fs::hard_link(&source, &file).is_err() {
        std::fs::copy(&source, &file)
            .with_context(|| format!("copying {} into {}", source.display(), dir.display()))?;
    }
    if !dir.join("mobistat.toml").exists() {
        init(options, &dir)?;
        let config = std::fs::read_to_string(dir.join("mobistat.toml"))?;
        // Past mobistat's default bounds (a 1M-row sheet with inline strings inflates to about
        // 890 MB against max_part_bytes' 512 MB; 5M csv rows take more than max_input_bytes;
        // 20M rows are more than max_rows), init leaves the file out and says which limit to
        // raise. init reads no limits, so the layout is taken from the same generator's
        // 20,000-row file and the limits raised, as the message tells an office to.
        if config.contains(": not added (") && input.rows > SAMPLE_ROWS {
            let sample_dir = work.join(format!("{}-init", input.format.label()));
            std::fs::create_dir_all(&sample_dir)?;
            let sample = sample_dir.join(format!("mobilities.{}", input.format.extension()));
            let _ = std::fs::remove_file(&sample);
            let _ = std::fs::remove_file(sample_dir.join("mobistat.toml"));
            std::fs::copy(input_file(options, input.format, SAMPLE_ROWS)?, &sample)?;
            init(options, &sample_dir)?;
            let config = std::fs::read_to_string(sample_dir.join("mobistat.toml"))?;
            std::fs::write(
                dir.join("mobistat.toml"),
                format!(
                    "{config}\n# Added by the benchmark: this file is past the default bounds.\n\
                     [limits]\nmax_part_bytes = 68719476736\nmax_input_bytes = 68719476736\n\
                     max_rows = 100000000\n"
                ),
            )?;
        }
    }
    Ok((dir, Some(file)))
}

/// Rows of the file whose layout `mobistat init` reads when the measured one is over a limit.
const SAMPLE_ROWS: usize = 20_000;

/// `mobistat init .` in `dir`.
fn init(options: &Options, dir: &Path) -> Result<()> {
    let output = Command::new(&options.mobistat)
        .args(["init", "."])
        .current_dir(dir)
        .stdin(Stdio::null())
        .output()
        .context("starting mobistat init")?;
    if !output.status.success() {
        bail!(
            "mobistat init in {} failed ({}): {}",
            dir.display(),
            output.status,
            String::from_utf8_lossy(&output.stderr)
        );
    }
    Ok(())
}

/// Reads `file` once so that every timed run finds it in the page cache alike.
fn warm(file: &Path) -> Result<()> {
    let mut f = File::open(file).with_context(|| format!("opening {}", file.display()))?;
    std::io::copy(&mut f, &mut std::io::sink())?;
    Ok(())
}

fn measure_input(
    options: &Options,
    input: &Input,
    run_id: &str,
    commit: &str,
    results: &mut File,
) -> Result<()> {
    let (dir, file) = project(options, input)?;
    let demo_files: Vec<PathBuf> = match &file {
        Some(f) => vec![f.clone()],
        None => std::fs::read_dir(dir.join("inputs"))?
            .map(|e| e.map(|e| e.path()))
            .collect::<std::io::Result<_>>()?,
    };
    for f in &demo_files {
        warm(f)?;
    }
    let peer_out =
        options
            .out
            .join("work")
            .join(format!("{}-{}.peer-out", input.format.label(), input.rows));
    let logs = options.out.join("logs");
    std::fs::create_dir_all(&logs)?;
    let exe = std::env::current_exe()?;
    let what = match input.format {
        Format::Demo => "demo".to_string(),
        f => format!("{} {} rows", f.label(), input.rows),
    };
    // Rounds rather than one tool's K runs in a row: drift on the machine (other load, thermal)
    // then spreads over every tool instead of favouring one.
    for round in 1..=input.repeat {
        for &tool in &input.tools {
            let command: Vec<OsString> = match (tool, &file) {
                (Tool::Report, _) => vec![options.mobistat.clone().into(), "report".into()],
                (Tool::Check, _) => vec![options.mobistat.clone().into(), "check".into()],
                (Tool::Polars, Some(f)) => vec![
                    options.python.clone().into(),
                    options.peers.join("peer_polars.py").into(),
                    f.into(),
                    peer_out.clone().into(),
                ],
                (Tool::Pandas, Some(f)) => {
                    let mut c: Vec<OsString> = vec![
                        options.python.clone().into(),
                        options.peers.join("peer_pandas.py").into(),
                        f.into(),
                        peer_out.clone().into(),
                    ];
                    // peer_pandas.py reads the engine from argv[4]; csv is read by pandas'
                    // default reader whatever it says.
                    if input.format != Format::Csv {
                        c.extend(["--engine".into(), "calamine".into()]);
                    }
                    c
                }
                (Tool::Range, Some(f)) if input.format != Format::Csv => {
                    vec![exe.clone().into(), "calamine-range".into(), f.into()]
                }
                // The demo has no single file for the peers, the csv no range pass.
                _ => continue,
            };
            if options.wait {
                let waited = wait_quiet()?;
                if waited > 1.0 {
                    eprintln!("waited {waited:.0} s for the machine to be idle");
                }
            }
            let log = logs.join(format!(
                "{}-{}-{}-{round}.log",
                input.format.label(),
                input.rows,
                format!("{tool:?}").to_lowercase()
            ));
            let run = run_timed(&command, &dir, &log, options.timeout)?;
            let ok = !run.timed_out
                && run.signal.is_none()
                && run.exit.is_some_and(|c| tool.succeeded(c));
            let record = Record {
                run_id: run_id.to_string(),
                commit: commit.to_string(),
                format: input.format,
                rows: input.rows,
                tool,
                round,
                seconds: run.seconds,
                peak_rss_mb: run.peak_kb / 1024.0,
                cpu_seconds: run.cpu,
                background_cores: run.background,
                exit: run.exit,
                signal: run.signal,
                timed_out: run.timed_out,
                ok,
            };
            writeln!(results, "{}", serde_json::to_string(&record)?)?;
            results.flush()?;
            if ok {
                eprintln!(
                    "{what}, round {round}/{}: {} {:.3} s, {:.1} MB (background {:.2} cores)",
                    input.repeat,
                    tool.name(),
                    record.seconds,
                    record.peak_rss_mb,
                    record.background_cores
                );
            } else {
                eprintln!(
                    "{what}, round {round}/{}: {} FAILED ({}) after {:.1} s; the end of {}:\n{}",
                    input.repeat,
                    tool.name(),
                    record.failure(),
                    record.seconds,
                    log.display(),
                    tail(&log, 8)
                );
            }
        }
    }
    // mobistat's report of a 20M-row file takes gigabytes; the measurements are what is kept.
    if !options.keep_reports {
        let _ = std::fs::remove_dir_all(dir.join("reports"));
        let _ = std::fs::remove_dir_all(&peer_out);
    }
    Ok(())
}

/// The last `n` lines of a log file.
fn tail(file: &Path, n: usize) -> String {
    let text = std::fs::read_to_string(file).unwrap_or_default();
    let lines: Vec<&str> = text.lines().collect();
    lines[lines.len().saturating_sub(n)..].join("\n")
}

/// What GNU time and the clock say of one child.
struct Timed {
    seconds: f64,
    peak_kb: f64,
    cpu: f64,
    background: f64,
    exit: Option<i32>,
    signal: Option<i32>,
    timed_out: bool,
}

/// Runs `command` in `dir` under `/usr/bin/time`, its output to `log`, killed after `timeout`
/// (if any). Peak RSS is the child's own (GNU time reads wait4's ru_maxrss), not this process's.
fn run_timed(
    command: &[OsString],
    dir: &Path,
    log: &Path,
    timeout: Option<Duration>,
) -> Result<Timed> {
    let time_file = log.with_extension("time");
    let out = File::create(log)?;
    let busy_before = machine_busy_seconds()?;
    let start = Instant::now();
    // In this process's group, so that Ctrl-C ends the child with the benchmark.
    let mut child = Command::new("/usr/bin/time")
        .args(["-f", "%e %M %x %U %S", "-o"])
        .arg(&time_file)
        .arg("--")
        .args(command)
        .current_dir(dir)
        .stdin(Stdio::null())
        .stdout(out.try_clone()?)
        .stderr(out)
        .spawn()
        .with_context(|| format!("starting {command:?}"))?;
    let time_pid = child.id().to_string();
    let (done, watch) = mpsc::channel::<()>();
    let watchdog = std::thread::spawn(move || {
        let Some(timeout) = timeout else {
            return false;
        };
        if watch.recv_timeout(timeout) != Err(mpsc::RecvTimeoutError::Timeout) {
            return false;
        }
        // The program GNU time runs, by its parent's id: time then reports the signal and
        // exits. Killing time first would leave the program running, orphaned.
        let _ = Command::new("pkill")
            .args(["-KILL", "-P", &time_pid])
            .status();
        true
    });
    let status = child.wait()?;
    let seconds = start.elapsed().as_secs_f64();
    let busy = machine_busy_seconds()? - busy_before;
    drop(done);
    let timed_out = watchdog.join().unwrap_or(false);

    let text = std::fs::read_to_string(&time_file).unwrap_or_default();
    let signal = text
        .lines()
        .find_map(|l| l.strip_prefix("Command terminated by signal "))
        .and_then(|n| n.trim().parse().ok());
    let numbers: Option<Vec<f64>> = text.lines().rev().find_map(|l| {
        let v: Vec<f64> = l
            .split_whitespace()
            .filter_map(|x| x.parse().ok())
            .collect();
        (v.len() == 5).then_some(v)
    });
    let (peak_kb, cpu, exit) = match (&numbers, signal) {
        (Some(v), None) => (v[1], v[3] + v[4], Some(v[2] as i32)),
        (Some(v), Some(_)) => (v[1], v[3] + v[4], None),
        // GNU time itself was killed (a timeout) or could not start.
        (None, _) => (0.0, 0.0, status.code().filter(|_| !timed_out)),
    };
    let _ = std::fs::remove_file(&time_file);
    Ok(Timed {
        seconds,
        peak_kb,
        cpu,
        // Approximate: the child's start-up and exit count as background.
        background: ((busy - cpu) / seconds).max(0.0),
        exit,
        signal,
        timed_out,
    })
}
