//! The CSV writer: lines quoted where needed, ended by CRLF as the office's tools write them.

/// One CSV line, quoting the fields that need it.
fn csv_line(fields: &[String], separator: char) -> String {
    fields
        .iter()
        .map(|f| {
            if f.contains(separator) || f.contains('"') || f.contains('\n') {
                format!("\"{}\"", f.replace('"', "\"\""))
            } else {
                f.clone()
            }
        })
        .collect::<Vec<_>>()
        .join(&separator.to_string())
}

/// The text of a CSV file: one line per row, each ended by CRLF.
pub fn csv_text(rows: impl IntoIterator<Item = Vec<String>>, separator: char) -> String {
    let mut csv = String::new();
    for row in rows {
        csv.push_str(&csv_line(&row, separator));
        csv.push_str("\r\n");
    }
    csv
}
