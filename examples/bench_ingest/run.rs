//! `run`: every mode of this executable as child processes over one generated file, against
//! the calamine range pass; its machine-load and median helpers serve `side-by-side` too.

use crate::gen::{csv_path, generate, xlsx_path};
use crate::Strings;
use anyhow::{bail, Context, Result};
use std::fmt::Write as _;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Instant;

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
pub(crate) fn machine_busy_seconds() -> Result<f64> {
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

pub(crate) fn median(mut xs: Vec<f64>) -> f64 {
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
pub(crate) fn wait_quiet() -> Result<f64> {
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

pub(crate) fn run(
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
        generate(rows, dir, Some(strings), true)?;
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
