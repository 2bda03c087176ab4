//! The measured modes: each runs in a process of its own and prints one line of JSON with its
//! time and peak RSS.

use anyhow::{bail, Context, Result};
use calamine::{open_workbook, Data, DataRef, Reader, Xlsx};
use mobistat::ingest::{read_file, Collect};
use mobistat::load::{load_jobs, Job};
use mobistat::schema::mapping::MappingConfig;
use mobistat::schema::rows::TableSink;
use mobistat::schema::rules::RowRules;
use mobistat::schema::TableKind;
use std::path::Path;
use std::time::Instant;

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

pub(crate) fn measure(
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

pub(crate) fn calamine_range(file: &Path) -> Result<(String, Box<dyn std::any::Any>)> {
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

pub(crate) fn calamine_cells(file: &Path) -> Result<(String, Box<dyn std::any::Any>)> {
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

pub(crate) fn mobistat_ingest(file: &Path) -> Result<(String, Box<dyn std::any::Any>)> {
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
pub(crate) fn phase_read(file: &Path) -> Result<(String, Box<dyn std::any::Any>)> {
    let mut sink = Collect {
        limit: 1,
        ..Default::default()
    };
    read_file(file, &display_name(file), None, &mut sink)?;
    Ok((String::new(), Box::new(sink)))
}

pub(crate) fn phase_sink(file: &Path) -> Result<(String, Box<dyn std::any::Any>)> {
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
