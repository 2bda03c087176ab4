//! Issue 13, part 1: the output folder always holds one run's complete set. A killed run, a
//! failed run and a concurrent run leave the previous outputs byte-identical; a smaller run
//! leaves no file of a bigger one; mobistat never reads its own outputs as inputs, and never
//! replaces a folder holding files it did not write.

use crate::demo::demo;
use crate::util::{Run, Workdir};
use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// Every file under `dir` (relative path → bytes); empty when `dir` is absent.
fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut folders = vec![dir.to_path_buf()];
    while let Some(folder) = folders.pop() {
        let Ok(entries) = std::fs::read_dir(&folder) else {
            continue;
        };
        for entry in entries {
            let path = entry.unwrap().path();
            if path.is_dir() {
                folders.push(path);
            } else {
                let name = path.strip_prefix(dir).unwrap().display().to_string();
                files.insert(name, std::fs::read(&path).unwrap());
            }
        }
    }
    files
}

/// The names of two snapshots' files that differ, for assertion messages.
fn differing(a: &BTreeMap<String, Vec<u8>>, b: &BTreeMap<String, Vec<u8>>) -> Vec<String> {
    let mut names: Vec<&String> = a.keys().chain(b.keys()).collect();
    names.sort();
    names.dedup();
    names
        .into_iter()
        .filter(|n| a.get(*n) != b.get(*n))
        .cloned()
        .collect()
}

/// The entries of the workdir that mobistat keeps beside the output folder `reports`.
fn beside(w: &Workdir) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(w.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".reports.mobistat-"))
        .collect();
    names.sort();
    names
}

/// Starts the program in the workdir without waiting for it.
fn spawn(w: &Workdir, args: &[&str]) -> Child {
    Command::new(env!("CARGO_BIN_EXE_mobistat"))
        .args(args)
        .current_dir(w.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start mobistat")
}

/// Waits for a started run and collects what it printed.
fn finish(child: Child) -> Run {
    let out = child.wait_with_output().unwrap();
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

// Two small sets of mobilities (A: four rows, two countries; B: two rows, another country),
// enough for `report` to write its tables, charts, workbook and HTML page in a few seconds.
const HEADER: &str =
    "Mobility ID,Person ID,Direction,Activity,Funding,Partner,Country,Start date,End date\n";
const ROWS_A: &str = "\
M1,P1,outgoing,study,KA131,TU Wien,AT,2024-09-01,2025-01-31
M2,P2,outgoing,study,KA131,Politecnico di Milano,IT,2024-09-01,2025-06-30
M3,P3,incoming,study,KA131,TU Wien,AT,2024-09-02,2025-01-31
M4,P4,outgoing,traineeship,bilateral,Politecnico di Milano,IT,2025-02-01,2025-04-30
";
const ROWS_B: &str = "\
N1,Q1,outgoing,study,KA131,Universidad de Chile,CL,2024-09-01,2025-01-31
N2,Q2,incoming,teaching,bilateral,Universidad de Chile,CL,2024-11-04,2024-11-08
";
const STUDENTS: &str = "\
Student ID,Degree programme,Graduation year,Academic year,Nationality,Status,Level
P1,Mécanique,2024-2025,2024-2025,FR,degree,Master
P2,Informatique,2024-2025,2024-2025,FR,degree,Master
P5,Informatique,2024-2025,2024-2025,IT,degree,Master
";

/// A config reading `files` (table, path) into `output`.
fn config(output: &str, files: &[(&str, &str)]) -> String {
    let mut text = format!("output_dir = \"{output}\"\nhome_country = \"FR\"\n");
    for (table, path) in files {
        text.push_str(&format!(
            "\n[[inputs]]\ntable = \"{table}\"\npaths = [\"{path}\"]\n"
        ));
    }
    text
}

/// A workdir with both sets of mobilities and the students, and configs `a.toml` (A and the
/// students), `b.toml` (B) and `small.toml` (A alone), all writing to `reports`.
fn fixture() -> Workdir {
    let w = Workdir::new();
    w.write("a.csv", &format!("{HEADER}{ROWS_A}"));
    w.write("b.csv", &format!("{HEADER}{ROWS_B}"));
    w.write("students.csv", STUDENTS);
    let a = [("mobilities", "a.csv"), ("students", "students.csv")];
    w.write("a.toml", &config("reports", &a));
    w.write("b.toml", &config("reports", &[("mobilities", "b.csv")]));
    w.write("small.toml", &config("reports", &[("mobilities", "a.csv")]));
    w
}

/// Runs `report` with `config` (and `args`) into `reports`, expecting exit 0, and returns
/// what the folder holds.
fn report(w: &Workdir, config: &str, args: &[&str]) -> BTreeMap<String, Vec<u8>> {
    let mut all = vec!["--config", config, "report"];
    all.extend_from_slice(args);
    let run = w.run(&all);
    assert_eq!(run.code, 0, "{}", run.all());
    snapshot(&w.path().join("reports"))
}

/// The case: `kill -9` during a report left `data/mobilities.csv` cut mid-row and new
/// tables beside the old report.html. Killed at several moments, from the reading of the
/// inputs to the writing of the last files, a run leaves either the previous set, byte for
/// byte, or (when it got to the end first) its own complete set.
#[test]
fn a_report_killed_at_any_moment_leaves_the_previous_outputs_byte_identical() {
    let w = demo();
    let reports = w.path().join("reports");
    // The English set, then the French one: nearly every file differs between them.
    let run = w.run(&["report", "--lang", "en"]);
    assert_eq!(run.code, 1, "{}", run.all());
    let english = snapshot(&reports);
    let start = Instant::now();
    let run = w.run(&["report"]);
    let whole = start.elapsed();
    assert_eq!(run.code, 1, "{}", run.all());
    let french = snapshot(&reports);
    assert!(differing(&english, &french).len() > 20);

    let (mut previous, mut other) = (&french, &english);
    let mut moments: Vec<Duration> = [50, 200, 500, 1000, 2000]
        .into_iter()
        .map(Duration::from_millis)
        .collect();
    // Late moments fall in the writing of the outputs.
    moments.extend([0.6, 0.8, 0.9, 0.97].map(|f| whole.mul_f64(f)));
    let mut killed = 0;
    for moment in moments {
        let lang = if previous == &french { "en" } else { "fr" };
        let mut child = spawn(&w, &["report", "--lang", lang]);
        std::thread::sleep(moment);
        // SIGKILL on Unix: the run cannot clean up after itself.
        let _ = child.kill();
        let status = child.wait().unwrap();
        let now = snapshot(&reports);
        if &now == other {
            // The run finished before the kill: its set is the previous one from now on.
            (previous, other) = (other, previous);
        } else {
            killed += 1;
            assert!(
                &now == previous,
                "killed after {moment:?} ({status:?}): these files changed: {:?}",
                differing(previous, &now)
            );
        }
    }
    assert!(
        killed >= 5,
        "only {killed} runs were killed before their end"
    );
    // What the killed runs left beside the folder (their staging folders) is removed by the
    // next run, which ends with its own set.
    let run = w.run(&["report", "--lang", "en"]);
    assert_eq!(run.code, 1, "{}", run.all());
    assert_eq!(snapshot(&reports), english);
    assert_eq!(beside(&w), vec![".reports.mobistat-lock"]);
}

/// The case: two runs on one folder once left a data/mobilities.csv of 44.8 MB holding
/// 15.5 million NUL bytes, and both exited normally. Now the folder is one run's complete set,
/// and a run that found the other one at work says so and stops.
#[test]
fn two_concurrent_runs_leave_one_run_s_complete_set() {
    let w = fixture();
    // English throughout: the busy sentence below is checked word for word.
    let solo_a = report(&w, "a.toml", &["--lang", "en"]);
    let solo_b = report(&w, "b.toml", &["--lang", "en"]);
    assert_ne!(solo_a, solo_b);
    for _ in 0..3 {
        let a = spawn(&w, &["--config", "a.toml", "--lang", "en", "report"]);
        let b = spawn(&w, &["--config", "b.toml", "--lang", "en", "report"]);
        let (a, b) = (finish(a), finish(b));
        for run in [&a, &b] {
            match run.code {
                0 => {}
                // The holder's process id is left out when the lock file is read between
                // the holder's lock and its writing of the number.
                2 => assert!(
                    run.stderr.starts_with("error: another mobistat run")
                        && run
                            .stderr
                            .contains(" is writing to reports; wait for it to finish"),
                    "{}",
                    run.all()
                ),
                _ => panic!("{}", run.all()),
            }
        }
        assert!(a.code == 0 || b.code == 0, "{}\n{}", a.all(), b.all());
        let now = snapshot(&w.path().join("reports"));
        assert!(
            now == solo_a || now == solo_b,
            "a mixed set: differs from A in {:?}, from B in {:?}",
            differing(&solo_a, &now),
            differing(&solo_b, &now)
        );
        assert_eq!(beside(&w), vec![".reports.mobistat-lock"]);
    }
}

/// The case: a run with fewer inputs printed "11 indicator tables written" while
/// tables/ held 20, the others from an earlier run. Now the folder holds exactly what a fresh
/// run writes, and the counts printed are the files there.
#[test]
fn a_smaller_run_leaves_no_file_of_a_bigger_one() {
    let w = fixture();
    let bigger = report(&w, "a.toml", &[]);
    // reconcile's file is not the report's to remove.
    std::fs::write(w.path().join("reports/reconciliation.csv"), "kept\n").unwrap();
    let run = w.run(&["--config", "small.toml", "report", "--lang", "en"]);
    assert_eq!(run.code, 0, "{}", run.all());
    let mut smaller = snapshot(&w.path().join("reports"));
    assert_eq!(
        smaller.remove("reconciliation.csv"),
        Some(b"kept\n".to_vec())
    );
    let fresh = Workdir::new();
    fresh.write("a.csv", &format!("{HEADER}{ROWS_A}"));
    fresh.write("small.toml", &config("reports", &[("mobilities", "a.csv")]));
    let alone = report(&fresh, "small.toml", &["--lang", "en"]);
    assert_eq!(
        smaller.keys().collect::<Vec<_>>(),
        alone.keys().collect::<Vec<_>>()
    );
    assert!(differing(&smaller, &alone).is_empty());
    assert!(bigger.len() > smaller.len(), "{:?}", bigger.keys());

    // "N indicator tables written", "N charts written": the files in the folder.
    let count = |folder: &str, ext: &str| {
        smaller
            .keys()
            .filter(|k| k.starts_with(&format!("{folder}/")) && k.ends_with(ext))
            .count()
    };
    let tables = format!(
        "{} indicator tables written to reports/tables",
        count("tables", ".csv")
    );
    let charts = format!(
        "{} charts written to reports/charts",
        count("charts", ".png")
    );
    assert!(run.stdout.contains(&tables), "{tables}\n{}", run.all());
    assert!(run.stdout.contains(&charts), "{charts}\n{}", run.all());
}

/// A failed run leaves the previous outputs as they were, and says so: a reporting year the
/// data does not reach (known only once the inputs are read), an input that cannot be read,
/// and a file that cannot be written (the file-size limit of the process, as a full disk).
#[test]
fn a_failed_run_leaves_the_previous_outputs_byte_identical() {
    let w = fixture();
    let before = report(&w, "a.toml", &[]);
    let kept = "nothing was replaced: the previous outputs are left as they were in reports";

    let run = w.run(&[
        "--config",
        "a.toml",
        "--lang",
        "en",
        "report",
        "--year",
        "2010-2011",
    ]);
    assert_eq!(run.code, 2, "{}", run.all());
    assert!(run.stdout.ends_with(&format!("{kept}\n")), "{}", run.all());
    // Where the rows are listed is said only of outputs put in place.
    assert!(!run.stdout.contains("listed in"), "{}", run.all());
    assert_eq!(snapshot(&w.path().join("reports")), before);

    w.write("broken.xlsx", "this is not a workbook");
    let broken = [("mobilities", "a.csv"), ("students", "broken.xlsx")];
    w.write("broken.toml", &config("reports", &broken));
    let run = w.run(&["--config", "broken.toml", "--lang", "en", "report"]);
    assert_eq!(run.code, 2, "{}", run.all());
    assert!(run.stdout.ends_with(&format!("{kept}\n")), "{}", run.all());
    assert_eq!(snapshot(&w.path().join("reports")), before);

    #[cfg(unix)]
    {
        // SIGXFSZ ignored, so that a write past 16 KB fails as on a full disk instead of
        // killing the process.
        let bin = env!("CARGO_BIN_EXE_mobistat");
        let out = Command::new("sh")
            .arg("-c")
            .arg(format!(
                "trap '' XFSZ; ulimit -f 16; exec '{bin}' --config a.toml --lang en report"
            ))
            .current_dir(w.path())
            .output()
            .unwrap();
        let (stdout, stderr) = (
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr),
        );
        let all = format!("{stdout}\n{stderr}");
        assert_eq!(out.status.code(), Some(2), "{all}");
        // The file is named where it would have been.
        assert!(stderr.starts_with("error: cannot write reports/"), "{all}");
        assert!(stdout.ends_with(&format!("{kept}\n")), "{all}");
        assert_eq!(snapshot(&w.path().join("reports")), before);
    }
    assert_eq!(beside(&w), vec![".reports.mobistat-lock"]);

    // With no previous outputs, the sentence says nothing was written.
    let w = fixture();
    let run = w.run(&[
        "--config",
        "a.toml",
        "--lang",
        "en",
        "report",
        "--year",
        "2010-2011",
    ]);
    assert_eq!(run.code, 2, "{}", run.all());
    assert!(
        run.stdout.ends_with("nothing was written to reports\n"),
        "{}",
        run.all()
    );
    assert!(!w.path().join("reports").exists());
}

/// What a run killed while putting its folder in place left is put right by the next run: a
/// staging folder is removed, and the previous folder, renamed aside, is put back.
#[test]
fn what_a_killed_run_left_beside_the_folder_is_put_right() {
    let w = fixture();
    let before = report(&w, "a.toml", &[]);
    std::fs::rename(
        w.path().join("reports"),
        w.path().join(".reports.mobistat-old"),
    )
    .unwrap();
    w.write(".reports.mobistat-new-999999/data_quality.csv", "half");
    let run = w.run(&["--config", "a.toml", "report", "--year", "2010-2011"]);
    assert_eq!(run.code, 2, "{}", run.all());
    assert_eq!(snapshot(&w.path().join("reports")), before);
    assert_eq!(beside(&w), vec![".reports.mobistat-lock"]);
}

/// mobistat replaces its output folder as a whole: a folder holding anything else is refused,
/// and left as it was.
#[test]
fn a_folder_holding_other_files_is_not_replaced() {
    let w = fixture();
    w.write("reports/notes.docx", "mine");
    w.write("reports/data_quality.csv", "old");
    let run = w.run(&["--config", "a.toml", "--lang", "en", "check"]);
    assert_eq!(run.code, 2, "{}", run.all());
    assert_eq!(
        run.stderr,
        "error: reports holds files mobistat did not write (such as reports/notes.docx), and mobistat replaces its output folder as a whole; choose a new or empty folder with --output or output_dir\n"
    );
    assert_eq!(w.read("reports/notes.docx"), "mine");
    assert_eq!(w.read("reports/data_quality.csv"), "old");
    // What file browsers leave does not count.
    std::fs::remove_file(w.path().join("reports/notes.docx")).unwrap();
    w.write("reports/.DS_Store", "");
    let run = w.run(&["--config", "a.toml", "check"]);
    assert_eq!(run.code, 0, "{}", run.all());
    assert_eq!(
        snapshot(&w.path().join("reports"))
            .into_keys()
            .collect::<Vec<_>>(),
        vec!["data_quality.csv"]
    );
}

/// An output folder equal to an input folder is refused (it would replace the inputs); inside
/// one, the files mobistat wrote there are not read back as inputs by a glob that reaches them.
#[test]
fn mobistat_never_reads_its_own_outputs() {
    let w = Workdir::new();
    w.write("in/a.csv", &format!("{HEADER}{ROWS_A}"));
    let run = w.run(&[
        "check",
        "in",
        "--table",
        "mobilities",
        "--output",
        "in",
        "--lang",
        "en",
    ]);
    assert_eq!(run.code, 2, "{}", run.all());
    assert_eq!(
        run.stderr,
        "error: the input in/a.csv is inside the output folder in, which mobistat replaces as a whole at each run; keep the inputs elsewhere, or choose another folder with --output or output_dir\n"
    );
    assert_eq!(snapshot(&w.path().join("in")).len(), 1);

    let args = [
        "check",
        "in/**/*.csv",
        "--table",
        "mobilities",
        "--output",
        "in/out",
        "--lang",
        "en",
    ];
    let first = w.run(&args);
    assert_eq!(first.code, 0, "{}", first.all());
    assert!(w.path().join("in/out/data_quality.csv").exists());
    let second = w.run(&args);
    assert_eq!(second.code, 0, "{}", second.all());
    assert_eq!(
        second.stdout,
        format!(
            "note: the files that mobistat wrote in the output folder in/out are not read as inputs (1)\n{}",
            first.stdout
        )
    );
    // A file of the output folder named alone is refused, not read.
    let run = w.run(&[
        "check",
        "in/out/data_quality.csv",
        "--table",
        "mobilities",
        "--output",
        "in/out",
        "--lang",
        "en",
    ]);
    assert_eq!(run.code, 2, "{}", run.all());
    assert!(
        run.stderr.starts_with(
            "error: the input in/out/data_quality.csv is inside the output folder in/out"
        ),
        "{}",
        run.all()
    );
}
