//! The app's HTTP interface: the page, its JSON API, the run's event stream, uploads and
//! downloads. Every request passes the guard first; every answer forbids caching and framing
//! by other sites.

use super::guard::Guard;
use super::outputs;
use super::project::{self, FileSetup, Globals, Project};
use super::runs::{Request, Runs};
use crate::i18n::{self, Language};
use crate::init::Hints;
use crate::schema::TableKind;
use axum::extract::{DefaultBodyLimit, Path as UrlPath, Query, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use clap::ValueEnum;
use serde::Deserialize;
use serde_json::json;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

/// The app's state: one project, its runs, and the guard of the address it listens on.
pub struct App {
    pub guard: Guard,
    pub(super) project: Project,
    runs: Arc<Runs>,
    /// The command line's `--lang`, if given.
    language: Option<Language>,
}

impl App {
    pub fn new(
        addr: SocketAddr,
        dir: PathBuf,
        exe: PathBuf,
        language: Option<Language>,
    ) -> Arc<App> {
        Arc::new(App {
            guard: Guard::new(addr),
            runs: Arc::new(Runs::new(exe, dir.clone())),
            project: Project { dir },
            language,
        })
    }

    /// The project's settings, when its config reads (for the output folder and the limits).
    fn settings(&self) -> Option<crate::settings::Settings> {
        let config = self.project.config();
        config
            .is_file()
            .then(|| {
                crate::settings::Settings::load(&config, &crate::settings::Overrides::default())
                    .ok()
            })
            .flatten()
    }

    fn output_dir(&self) -> PathBuf {
        output_dir_of(&self.project, self.settings().as_ref())
    }

    /// The largest file accepted: the command line's own limit on an input's size.
    pub(super) fn max_file_bytes(&self) -> u64 {
        max_file_bytes_of(self.settings().as_ref())
    }

    /// The screens' language: the page's choice, else the command line's, else the
    /// config's, else French.
    pub fn language(&self, asked: Option<&str>) -> Language {
        asked
            .and_then(|l| Language::from_str(l, true).ok())
            .or(self.language)
            .or_else(|| Language::from_str(&self.project.globals().language, true).ok())
            .unwrap_or_default()
    }
}

pub(super) type Shared = Arc<App>;

/// The output folder of the project's settings (reports/ when the config does not read).
fn output_dir_of(project: &Project, settings: Option<&crate::settings::Settings>) -> PathBuf {
    let dir = settings.map_or_else(|| PathBuf::from("reports"), |s| s.output_dir.clone());
    project.dir.join(dir)
}

/// The upload limit of the project's settings (the default when the config does not read).
fn max_file_bytes_of(settings: Option<&crate::settings::Settings>) -> u64 {
    settings.map_or(
        crate::ingest::limits::Limits::default().max_input_bytes,
        |s| s.limits.max_input_bytes,
    )
}

/// The routes, behind the guard.
pub fn router(app: Shared) -> Router {
    Router::new()
        .route("/", get(index))
        .route("/assets/{name}", get(asset))
        .route("/api/state", get(state))
        .route("/api/events", get(events))
        .route(
            "/api/upload/{folder}",
            post(super::upload::upload).layer(DefaultBodyLimit::disable()),
        )
        .route("/api/guess", post(guess))
        .route("/api/save", post(save))
        .route("/api/remove", post(remove))
        .route("/api/run", post(run))
        .route("/api/cancel", post(cancel))
        .route("/api/table/{name}", get(table))
        .route("/download/{name}", get(download))
        .route("/report/{*path}", get(report_file))
        .layer(axum::middleware::from_fn_with_state(
            app.clone(),
            super::guard::guarded,
        ))
        .with_state(app)
}

pub(super) fn header_value(text: &str) -> HeaderValue {
    HeaderValue::from_str(text).unwrap_or_else(|_| HeaderValue::from_static(""))
}

/// A refusal the page shows as one sentence.
pub(super) fn failure(status: StatusCode, sentence: String) -> Response {
    (status, Json(json!({ "error": sentence }))).into_response()
}

#[derive(Deserialize)]
pub(super) struct LangQuery {
    pub(super) lang: Option<String>,
}

async fn index(State(app): State<Shared>, Query(q): Query<LangQuery>) -> Response {
    let lang = app.language(q.lang.as_deref());
    let page = super::page::render(lang, &app.guard.session, &app.project.dir);
    ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], page).into_response()
}

async fn asset(UrlPath(name): UrlPath<String>) -> Response {
    match super::page::asset(&name) {
        Some((kind, body)) => ([(header::CONTENT_TYPE, kind)], body).into_response(),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}

/// Everything the page shows, at once: a second tab opening sees the same.
async fn state(State(app): State<Shared>, Query(q): Query<LangQuery>) -> Response {
    let lang = app.language(q.lang.as_deref());
    let inner = app.clone();
    let files = tokio::task::spawn_blocking(move || inner.project.files(lang))
        .await
        .unwrap_or_default();
    // The config is read once for both the output folder and the limit.
    let settings = app.settings();
    let output = output_dir_of(&app.project, settings.as_ref());
    Json(json!({
        "project": app.project.dir.display().to_string(),
        "config_saved": app.project.config().is_file(),
        "globals": app.project.globals(),
        "files": files,
        "fields": project::fields(lang),
        "tables": TableKind::value_variants().iter().map(|t| t.to_string()).collect::<Vec<_>>(),
        "run": app.runs.current(),
        "outputs": {
            "quality": output.join("data_quality.csv").is_file(),
            "report": output.join("report.html").is_file(),
            "reconciliation": output.join("reconciliation.csv").is_file(),
        },
        "bm_files": super::files::listed(&app.project.bm()),
        "limits": {
            "max_file_bytes": max_file_bytes_of(settings.as_ref()),
            "max_files": super::files::MAX_FILES,
        },
    }))
    .into_response()
}

/// The run's state as server-sent events: one at once, then one at each change.
async fn events(State(app): State<Shared>) -> Response {
    let receiver = app.runs.watch();
    let stream = futures_util::stream::unfold((receiver, true), |(mut rx, first)| async move {
        if !first && rx.changed().await.is_err() {
            return None;
        }
        let state = rx.borrow_and_update().clone();
        let event = Event::default()
            .event("run")
            .json_data(&state)
            .unwrap_or_default();
        Some((Ok::<_, std::convert::Infallible>(event), (rx, false)))
    });
    Sse::new(stream)
        .keep_alive(KeepAlive::default())
        .into_response()
}

#[derive(Deserialize)]
struct GuessRequest {
    file: String,
    table: Option<String>,
    sheet: Option<String>,
    header_row: Option<u32>,
    lang: Option<String>,
}

/// The guess for one file again, keeping the table, sheet or header row the person chose.
async fn guess(State(app): State<Shared>, Json(r): Json<GuessRequest>) -> Response {
    let lang = app.language(r.lang.as_deref());
    let Some(name) = super::files::safe_name(&r.file).filter(|n| *n == r.file) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let hints = Hints {
        table: r
            .table
            .as_deref()
            .and_then(|t| TableKind::from_str(t, true).ok()),
        sheet: r.sheet.filter(|s| !s.is_empty()),
        header_row: r.header_row,
    };
    let inner = app.clone();
    match tokio::task::spawn_blocking(move || inner.project.guess(&name, &hints, lang)).await {
        Ok(view) => Json(view).into_response(),
        Err(_) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
}

#[derive(Deserialize)]
struct SaveRequest {
    globals: Globals,
    files: Vec<FileSetup>,
    lang: Option<String>,
}

async fn save(State(app): State<Shared>, Json(r): Json<SaveRequest>) -> Response {
    let lang = app.language(r.lang.as_deref());
    if r.files
        .iter()
        .any(|f| super::files::safe_name(&f.file).as_deref() != Some(f.file.as_str()))
    {
        return StatusCode::BAD_REQUEST.into_response();
    }
    match app.project.save(&r.globals, &r.files, lang) {
        Ok(()) => Json(json!({
            "saved": i18n::fill(lang, "app.inputs.saved", &[("path", &app.project.config().display().to_string())])
        }))
        .into_response(),
        Err(sentence) => failure(StatusCode::BAD_REQUEST, sentence),
    }
}

#[derive(Deserialize)]
struct RemoveRequest {
    file: String,
}

async fn remove(State(app): State<Shared>, Json(r): Json<RemoveRequest>) -> Response {
    match app.project.remove(&r.file) {
        Ok(()) => Json(json!({})).into_response(),
        Err(sentence) => failure(StatusCode::BAD_REQUEST, sentence),
    }
}

#[derive(Deserialize)]
struct RunRequest {
    kind: String,
    year: Option<String>,
    preset: Option<String>,
    /// The report's language (and the run's messages).
    report_lang: Option<String>,
    /// The Beneficiary Module export to reconcile with, in beneficiary-module/.
    bm: Option<String>,
    lang: Option<String>,
}

/// Starts check, report or reconcile; one run at a time.
async fn run(State(app): State<Shared>, Json(r): Json<RunRequest>) -> Response {
    let lang = app.language(r.lang.as_deref());
    if !app.project.config().is_file() {
        return failure(
            StatusCode::CONFLICT,
            i18n::text(lang, "app.error.no_config"),
        );
    }
    let run_lang = r
        .report_lang
        .as_deref()
        .and_then(|l| Language::from_str(l, true).ok())
        .unwrap_or(lang);
    let mut args: Vec<String> = vec![];
    let kind = match r.kind.as_str() {
        "check" => "check",
        "report" => "report",
        "reconcile" => "reconcile",
        _ => return StatusCode::BAD_REQUEST.into_response(),
    };
    args.push(kind.into());
    args.extend(["--config".into(), project::CONFIG.into()]);
    args.extend(["--lang".into(), run_lang.code().to_string()]);
    if kind == "report" {
        if let Some(preset) = r.preset.as_deref().filter(|p| !p.is_empty()) {
            let Ok(p) = crate::settings::Preset::from_str(preset, true) else {
                return StatusCode::BAD_REQUEST.into_response();
            };
            let name = p.to_possible_value().map(|v| v.get_name().to_string());
            args.extend(["--preset".into(), name.unwrap_or_default()]);
        }
        if let Some(year) = r.year.as_deref().map(str::trim).filter(|y| !y.is_empty()) {
            args.extend(["--year".into(), year.to_string()]);
        }
    }
    if kind == "reconcile" {
        let bm =
            r.bm.as_deref()
                .and_then(|b| super::files::inside(&app.project.bm(), b))
                .filter(|p| p.is_file());
        let Some(bm) = bm else {
            return failure(
                StatusCode::BAD_REQUEST,
                i18n::text(lang, "app.error.choose_bm"),
            );
        };
        args.push(bm.display().to_string());
    }
    match app.runs.start(Request { kind, args }) {
        Ok(id) => (StatusCode::ACCEPTED, Json(json!({ "id": id }))).into_response(),
        Err("busy") => failure(StatusCode::CONFLICT, i18n::text(lang, "app.run.busy")),
        Err(_) => failure(
            StatusCode::INTERNAL_SERVER_ERROR,
            i18n::fill(lang, "app.error.upload", &[("reason", "mobistat")]),
        ),
    }
}

async fn cancel(State(app): State<Shared>) -> Response {
    Json(json!({ "cancelled": app.runs.cancel().await })).into_response()
}

/// The CSV outputs the page shows as tables.
fn csv_output(app: &App, name: &str) -> Option<PathBuf> {
    let file = match name {
        "quality" | "data_quality.csv" => "data_quality.csv",
        "reconciliation" | "reconciliation.csv" => "reconciliation.csv",
        _ => return None,
    };
    Some(app.output_dir().join(file))
}

async fn table(State(app): State<Shared>, UrlPath(name): UrlPath<String>) -> Response {
    let Some(path) = csv_output(&app, &name) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    match tokio::task::spawn_blocking(move || outputs::csv_table(&path)).await {
        Ok(Some(table)) => Json(table).into_response(),
        _ => StatusCode::NOT_FOUND.into_response(),
    }
}

/// data_quality.csv, reconciliation.csv, the workbook, or every report as one zip.
async fn download(State(app): State<Shared>, UrlPath(name): UrlPath<String>) -> Response {
    let output = app.output_dir();
    let bytes = match name.as_str() {
        "reports.zip" => tokio::task::spawn_blocking(move || outputs::zip_reports(&output).ok())
            .await
            .ok()
            .flatten(),
        "mobistat.xlsx" => std::fs::read(output.join("mobistat.xlsx")).ok(),
        _ => csv_output(&app, &name).and_then(|p| std::fs::read(p).ok()),
    };
    let Some(bytes) = bytes else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let kind = outputs::content_type(std::path::Path::new(&name));
    let disposition = format!("attachment; filename=\"{name}\"");
    (
        [
            (header::CONTENT_TYPE, header_value(kind)),
            (header::CONTENT_DISPOSITION, header_value(&disposition)),
        ],
        bytes,
    )
        .into_response()
}

/// A file of the output folder (report.html and its charts), for the report view.
async fn report_file(State(app): State<Shared>, UrlPath(path): UrlPath<String>) -> Response {
    let Some(file) = outputs::file_inside(&app.output_dir(), &path) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    match std::fs::read(&file) {
        Ok(bytes) => (
            [(header::CONTENT_TYPE, outputs::content_type(&file))],
            bytes,
        )
            .into_response(),
        Err(_) => StatusCode::NOT_FOUND.into_response(),
    }
}
