//! `data_quality.csv`: one line per issue (file, sheet, row, column, severity, rule, value,
//! message), so that every row not accepted cleanly can be found in the inputs.

use crate::error::Result;
use crate::settings::CsvDialect;
use crate::validate::Issue;
use std::io::Write;
use std::path::Path;

/// The report's columns.
pub const HEADER: [&str; 8] = [
    "file", "sheet", "row", "column", "severity", "rule", "value", "message",
];

/// Writes the issues, in the order given (the load stage sorts them by location), in
/// `dialect`: the list the terminal sends people to must open as columns in their spreadsheet.
pub fn write_issues<W: Write>(
    issues: &[Issue],
    out: W,
    dialect: CsvDialect,
) -> std::io::Result<()> {
    let mut writer = dialect.writer(out)?;
    writer.write_record(HEADER)?;
    for issue in issues {
        let row = if issue.location.row > 0 {
            issue.location.row.to_string()
        } else {
            String::new()
        };
        writer.write_record([
            issue.location.file.as_str(),
            issue.location.sheet.as_str(),
            row.as_str(),
            issue.location.column.as_str(),
            issue.severity.as_str(),
            issue.rule.as_str(),
            issue.value.as_str(),
            issue.message.as_str(),
        ])?;
    }
    writer.flush()
}

/// Writes the issues to `path` in `dialect`, creating its folder.
pub fn write_issues_file(issues: &[Issue], path: &Path, dialect: CsvDialect) -> Result<()> {
    super::write_file(path, |out| write_issues(issues, out, dialect))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Location;
    use crate::validate::{Rule, Severity};

    #[test]
    fn one_line_per_issue_with_its_location() {
        let issue = Issue {
            location: Location {
                file: "in.csv".into(),
                sheet: String::new(),
                row: 12,
                column: "D (Pays)".into(),
            },
            severity: Severity::Error,
            rule: Rule::UnknownCountry,
            value: "Atlantide".into(),
            message: "\"Atlantide\" is not a country".into(),
        };
        let mut out = Vec::new();
        write_issues(std::slice::from_ref(&issue), &mut out, CsvDialect::Standard).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "file,sheet,row,column,severity,rule,value,message\nin.csv,,12,D (Pays),error,unknown_country,Atlantide,\"\"\"Atlantide\"\" is not a country\"\n"
        );
        // French Excel: a byte-order mark, then semicolons.
        let mut out = Vec::new();
        write_issues(&[issue], &mut out, CsvDialect::ExcelFr).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "\u{feff}file;sheet;row;column;severity;rule;value;message\nin.csv;;12;D (Pays);error;unknown_country;Atlantide;\"\"\"Atlantide\"\" is not a country\"\n"
        );
    }
}
