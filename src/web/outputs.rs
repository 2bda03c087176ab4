//! What the app shows and hands out of a run's outputs: a CSV file (data_quality.csv,
//! reconciliation.csv) as a table for the page to filter, a report file by its path inside
//! the output folder, and the reports as one zip.

use serde::Serialize;
use std::io::Write;
use std::path::{Component, Path, PathBuf};

/// The most rows of a CSV file sent to the page; the whole file is downloaded from its link.
pub const MAX_ROWS: usize = 5_000;

/// A CSV file as the page's table.
#[derive(Debug, Serialize, Default)]
pub struct CsvTable {
    pub headers: Vec<String>,
    pub rows: Vec<Vec<String>>,
    /// Rows in the file (more than `rows` holds when it is cut at `MAX_ROWS`).
    pub total: usize,
}

/// Reads a CSV file the program wrote, in either dialect (comma, or semicolon with a BOM).
pub fn csv_table(path: &Path) -> Option<CsvTable> {
    let bytes = std::fs::read(path).ok()?;
    let text = String::from_utf8_lossy(&bytes);
    let text = text.trim_start_matches('\u{feff}');
    let first = text.lines().next().unwrap_or("");
    let delimiter = if first.matches(';').count() > first.matches(',').count() {
        b';'
    } else {
        b','
    };
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .from_reader(text.as_bytes());
    let headers = reader.headers().ok()?.iter().map(str::to_string).collect();
    let mut table = CsvTable {
        headers,
        ..CsvTable::default()
    };
    for record in reader.records().map_while(Result::ok) {
        table.total += 1;
        if table.rows.len() < MAX_ROWS {
            table.rows.push(record.iter().map(str::to_string).collect());
        }
    }
    Some(table)
}

/// The file at `relative` inside `root`, when the path stays inside it (no "..", no root, no
/// drive) and names a file.
pub fn file_inside(root: &Path, relative: &str) -> Option<PathBuf> {
    let path = Path::new(relative);
    if relative.is_empty() || !path.components().all(|c| matches!(c, Component::Normal(_))) {
        return None;
    }
    let full = root.join(path);
    full.is_file().then_some(full)
}

/// The content type of a report file.
pub fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "csv" => "text/csv; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "zip" => "application/zip",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        _ => "application/octet-stream",
    }
}

/// The reports of `root` as one zip: the workbook, report.html, the charts, the card, the
/// indicator tables and data_quality.csv, in name order with fixed dates (the same reports
/// give the same zip). The canonical rows of `data/` stay out: they name people.
pub fn zip_reports(root: &Path) -> std::io::Result<Vec<u8>> {
    let mut files = Vec::new();
    collect(root, root, &mut files)?;
    files.sort();
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::default());
    for relative in files {
        let name = relative.replace('\\', "/");
        if name.starts_with("data/") || name.contains("/data/") {
            continue;
        }
        zip.start_file(name, options)
            .map_err(std::io::Error::other)?;
        zip.write_all(&std::fs::read(root.join(&relative))?)?;
    }
    Ok(zip.finish().map_err(std::io::Error::other)?.into_inner())
}

fn collect(root: &Path, dir: &Path, out: &mut Vec<String>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if name.starts_with('.') {
            continue;
        }
        if path.is_dir() {
            collect(root, &path, out)?;
        } else if let Ok(relative) = path.strip_prefix(root) {
            out.push(relative.to_string_lossy().into_owned());
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_files_of_both_dialects_and_paths_that_stay_inside() {
        let dir = tempfile::tempdir().unwrap();
        let comma = dir.path().join("a.csv");
        std::fs::write(&comma, "file,row\nx.csv,3\ny.csv,\"4\"\n").unwrap();
        let t = csv_table(&comma).unwrap();
        assert_eq!(t.headers, ["file", "row"]);
        assert_eq!((t.total, t.rows[1][1].as_str()), (2, "4"));
        let semi = dir.path().join("b.csv");
        std::fs::write(&semi, "\u{feff}fichier;ligne\nx.csv;3,5\n").unwrap();
        let t = csv_table(&semi).unwrap();
        assert_eq!(
            (t.headers[0].as_str(), t.rows[0][1].as_str()),
            ("fichier", "3,5")
        );
        assert_eq!(file_inside(dir.path(), "a.csv"), Some(comma));
        assert_eq!(file_inside(dir.path(), "../a.csv"), None);
        assert_eq!(file_inside(dir.path(), "/etc/passwd"), None);
        assert_eq!(file_inside(dir.path(), ""), None);
        assert_eq!(file_inside(dir.path(), "missing.csv"), None);
    }

    #[test]
    fn the_zip_leaves_out_the_rows_that_name_people_and_is_the_same_each_time() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("tables")).unwrap();
        std::fs::create_dir_all(root.join("data")).unwrap();
        std::fs::write(root.join("tables/partners.csv"), "a\n1\n").unwrap();
        std::fs::write(root.join("data/mobilities.csv"), "person\nE1\n").unwrap();
        std::fs::write(root.join("report.html"), "<p>").unwrap();
        let zip = zip_reports(root).unwrap();
        assert_eq!(zip, zip_reports(root).unwrap());
        let archive = zip::ZipArchive::new(std::io::Cursor::new(zip)).unwrap();
        let mut names: Vec<String> = archive
            .file_names()
            .map(|n| n.unwrap().into_owned())
            .collect();
        names.sort();
        assert_eq!(names, ["report.html", "tables/partners.csv"]);
    }
}
