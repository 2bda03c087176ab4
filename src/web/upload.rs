//! Uploads: the files dropped on the inputs screen (into `inputs/`) or the reconcile screen
//! (into `beneficiary-module/`), streamed to a temporary file each, within the command line's
//! size limit and the app's count limit, kept under a safe name only once whole.

use super::project;
use super::routes::{failure, LangQuery, Shared};
use crate::i18n;
use axum::extract::{Multipart, Path as UrlPath, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::json;

/// Files dropped on the inputs screen (folder "inputs") or the reconcile screen
/// ("beneficiary-module"). Each is written under a temporary name and kept only whole and
/// within the size limit; a name from the browser never chooses the folder.
pub async fn upload(
    State(app): State<Shared>,
    UrlPath(folder): UrlPath<String>,
    Query(q): Query<LangQuery>,
    mut multipart: Multipart,
) -> Response {
    let lang = app.language(q.lang.as_deref());
    let target = match folder.as_str() {
        project::INPUTS => app.project.inputs(),
        project::BM => app.project.bm(),
        _ => return StatusCode::NOT_FOUND.into_response(),
    };
    if let Err(e) = std::fs::create_dir_all(&target) {
        return failure(
            StatusCode::INTERNAL_SERVER_ERROR,
            i18n::fill(lang, "app.error.upload", &[("reason", &e.to_string())]),
        );
    }
    let limit = app.max_file_bytes();
    let mut saved = Vec::new();
    let mut refused = Vec::new();
    let mut count = 0;
    loop {
        let mut field = match multipart.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => break,
            Err(e) => {
                return failure(
                    StatusCode::BAD_REQUEST,
                    i18n::fill(lang, "app.error.upload", &[("reason", &e.body_text())]),
                )
            }
        };
        let raw = field.file_name().unwrap_or("").to_string();
        count += 1;
        if count > super::files::MAX_FILES {
            return failure(
                StatusCode::PAYLOAD_TOO_LARGE,
                i18n::fill(
                    lang,
                    "app.error.too_many",
                    &[("limit", &super::files::MAX_FILES.to_string())],
                ),
            );
        }
        let Some(name) = super::files::safe_name(&raw) else {
            refused.push(i18n::fill(
                lang,
                "app.error.not_readable",
                &[("file", &raw)],
            ));
            continue;
        };
        let Some(path) = super::files::inside(&target, &name) else {
            refused.push(i18n::fill(
                lang,
                "app.error.not_readable",
                &[("file", &raw)],
            ));
            continue;
        };
        let temp = target.join(format!(".{}.upload", super::guard::token()));
        let written = write_field(&mut field, &temp, limit).await;
        match written {
            Ok(true) => match std::fs::rename(&temp, &path) {
                Ok(()) => saved.push(name),
                Err(e) => refused.push(i18n::fill(
                    lang,
                    "app.error.upload",
                    &[("reason", &e.to_string())],
                )),
            },
            Ok(false) => {
                let _ = std::fs::remove_file(&temp);
                let mb = format!("{:.0}", limit as f64 / 1_048_576.0);
                let mb = if mb == "0" {
                    format!("{:.3}", limit as f64 / 1_048_576.0)
                } else {
                    mb
                };
                // The rest of the request is read and dropped, so that the browser gets the
                // answer rather than a broken connection.
                while let Ok(Some(mut rest)) = multipart.next_field().await {
                    while let Ok(Some(_)) = rest.chunk().await {}
                }
                return failure(
                    StatusCode::PAYLOAD_TOO_LARGE,
                    i18n::fill(
                        lang,
                        "app.error.too_large",
                        &[("file", &name), ("limit", &mb)],
                    ),
                );
            }
            Err(reason) => {
                let _ = std::fs::remove_file(&temp);
                refused.push(i18n::fill(lang, "app.error.upload", &[("reason", &reason)]));
            }
        }
    }
    Json(json!({ "saved": saved, "refused": refused })).into_response()
}

/// Writes one uploaded file; Ok(false) when it passes `limit` bytes.
async fn write_field(
    field: &mut axum::extract::multipart::Field<'_>,
    temp: &std::path::Path,
    limit: u64,
) -> Result<bool, String> {
    use tokio::io::AsyncWriteExt;
    let mut file = tokio::fs::File::create(temp)
        .await
        .map_err(|e| e.to_string())?;
    let mut size = 0u64;
    loop {
        match field.chunk().await {
            Ok(Some(chunk)) => {
                size += chunk.len() as u64;
                if size > limit {
                    while let Ok(Some(_)) = field.chunk().await {}
                    return Ok(false);
                }
                file.write_all(&chunk).await.map_err(|e| e.to_string())?;
            }
            Ok(None) => break,
            Err(e) => return Err(e.body_text()),
        }
    }
    file.flush().await.map_err(|e| e.to_string())?;
    Ok(true)
}
