//! The app's runs: check, report and reconcile, each as the command line itself in a child
//! process (the same code, limits and atomic replacement of the reports), one at a time per
//! project, off the server's request threads. Its events (src/events.rs) become the state
//! every open tab follows; cancelling kills the child, and the previous reports stay whole.

use serde::Serialize;
use std::path::PathBuf;
use std::process::Stdio;
use std::sync::{Arc, Mutex};
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::sync::watch;

/// What a run does, as the command line's arguments after the program's name.
#[derive(Debug, Clone)]
pub struct Request {
    /// "check", "report" or "reconcile".
    pub kind: &'static str,
    pub args: Vec<String>,
}

/// Where a run is, as every tab sees it.
#[derive(Debug, Clone, Serialize, Default)]
pub struct RunState {
    /// Increases with each run, so that a tab tells a new run from the last one.
    pub id: u64,
    /// "check", "report", "reconcile", or "" before the first run.
    pub kind: String,
    /// "idle", "running", "done", "failed" or "cancelled".
    pub status: String,
    /// The stage reached (reading, indicators, tables, workbook, charts, html).
    pub stage: String,
    pub files_done: usize,
    pub files_total: usize,
    /// What the command printed for people (the accounting, the files written).
    pub output: Vec<String>,
    /// Its error sentences.
    pub errors: Vec<String>,
    /// The row accounting of each file, once read.
    pub accounts: Option<serde_json::Value>,
    /// The command's exit code: 0 every row accepted, 1 rows rejected, 2 nothing written
    /// (none when it was cancelled).
    pub exit_code: Option<i32>,
    /// Whether the command has ended (a cancelled one too): the next run may start.
    pub ended: bool,
}

/// The runs of one project.
pub struct Runs {
    exe: PathBuf,
    dir: PathBuf,
    state: watch::Sender<RunState>,
    /// The running child, to cancel it.
    child: Mutex<Option<Arc<tokio::sync::Mutex<tokio::process::Child>>>>,
}

/// The longest output kept of a run, in lines: a run on a huge file lists its rejected rows
/// in data_quality.csv, not here.
const MAX_LINES: usize = 2_000;

impl Runs {
    /// Runs of the program `exe` in the project folder `dir`.
    pub fn new(exe: PathBuf, dir: PathBuf) -> Runs {
        let (state, _) = watch::channel(RunState {
            status: "idle".into(),
            ended: true,
            ..RunState::default()
        });
        Runs {
            exe,
            dir,
            state,
            child: Mutex::new(None),
        }
    }

    /// A receiver of the state, for a tab's event stream.
    pub fn watch(&self) -> watch::Receiver<RunState> {
        self.state.subscribe()
    }

    pub fn current(&self) -> RunState {
        self.state.borrow().clone()
    }

    /// Starts a run; Err when one is running already.
    pub fn start(self: &Arc<Self>, request: Request) -> Result<u64, &'static str> {
        let mut slot = self.child.lock().expect("runs lock");
        if slot.is_some() {
            return Err("busy");
        }
        let mut command = tokio::process::Command::new(&self.exe);
        command
            .args(&request.args)
            .current_dir(&self.dir)
            .env(crate::events::ENV, "1")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .kill_on_drop(true);
        let mut child = command.spawn().map_err(|_| "spawn")?;
        let id = self.state.borrow().id + 1;
        self.state.send_replace(RunState {
            id,
            kind: request.kind.to_string(),
            status: "running".into(),
            ..RunState::default()
        });
        let stdout = child.stdout.take().expect("piped");
        let stderr = child.stderr.take().expect("piped");
        let child = Arc::new(tokio::sync::Mutex::new(child));
        *slot = Some(child.clone());
        let runs = self.clone();
        tokio::spawn(async move {
            let out = {
                let runs = runs.clone();
                tokio::spawn(async move {
                    let mut lines = BufReader::new(stdout).lines();
                    while let Ok(Some(line)) = lines.next_line().await {
                        runs.update(|s| push(&mut s.output, line));
                    }
                })
            };
            let err = {
                let runs = runs.clone();
                tokio::spawn(async move {
                    let mut lines = BufReader::new(stderr).lines();
                    while let Ok(Some(line)) = lines.next_line().await {
                        runs.event(line);
                    }
                })
            };
            let _ = out.await;
            let _ = err.await;
            let status = child.lock().await.wait().await;
            runs.child.lock().expect("runs lock").take();
            runs.update(|s| {
                s.ended = true;
                s.exit_code = status.as_ref().ok().and_then(|st| st.code());
                if s.status == "running" {
                    s.status = match s.exit_code {
                        Some(0 | 1) => "done",
                        _ => "failed",
                    }
                    .into();
                }
            });
        });
        Ok(id)
    }

    /// Cancels the running run, if any: its child is killed, and the command's staging keeps
    /// the previous reports.
    pub async fn cancel(&self) -> bool {
        let child = self.child.lock().expect("runs lock").clone();
        match child {
            Some(child) => {
                self.update(|s| s.status = "cancelled".into());
                let _ = child.lock().await.start_kill();
                true
            }
            None => false,
        }
    }

    fn update(&self, change: impl FnOnce(&mut RunState)) {
        self.state.send_modify(change);
    }

    /// One line of the child's stderr: an event, or an error sentence.
    fn event(&self, line: String) {
        let Some(event) = crate::events::parse(&line) else {
            self.update(|s| push(&mut s.errors, line));
            return;
        };
        self.update(|s| match event["event"].as_str() {
            Some("stage") => s.stage = event["stage"].as_str().unwrap_or("").to_string(),
            Some("file") => {
                s.files_done = event["done"].as_u64().unwrap_or(0) as usize;
                s.files_total = event["total"].as_u64().unwrap_or(0) as usize;
            }
            Some("accounts") => s.accounts = Some(event["accounts"].clone()),
            _ => {}
        });
    }
}

fn push(lines: &mut Vec<String>, line: String) {
    if lines.len() < MAX_LINES {
        lines.push(line);
    }
}
