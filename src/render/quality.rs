//! `data_quality.csv`: one line per issue (file, sheet, row, column, severity, rule, value,
//! message), so that every row not accepted cleanly can be found in the inputs. The message is
//! in the report language; the header, severities and rule names are stable ids that a
//! filter or a script can rely on (the workbook's sheet shows them translated).

use crate::error::Result;
use crate::i18n::Language;
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
    lang: Language,
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
            issue.message.render(lang).as_str(),
        ])?;
    }
    writer.flush()
}

/// Writes the issues to `path` in `dialect`, creating its folder.
pub fn write_issues_file(
    issues: &[Issue],
    path: &Path,
    dialect: CsvDialect,
    lang: Language,
) -> Result<()> {
    super::write_file(path, |out| write_issues(issues, out, dialect, lang))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Location;
    use crate::i18n::Message;
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
            message: Message::new("parse.not_a_number").with("value", "Atlantide"),
        };
        let mut out = Vec::new();
        write_issues(
            std::slice::from_ref(&issue),
            &mut out,
            CsvDialect::Standard,
            Language::En,
        )
        .unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "file,sheet,row,column,severity,rule,value,message\nin.csv,,12,D (Pays),error,unknown_country,Atlantide,\"\"\"Atlantide\"\" is not a number\"\n"
        );
        // French Excel: a byte-order mark, then semicolons, and the message in French.
        let mut out = Vec::new();
        write_issues(&[issue], &mut out, CsvDialect::ExcelFr, Language::Fr).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "\u{feff}file;sheet;row;column;severity;rule;value;message\nin.csv;;12;D (Pays);error;unknown_country;Atlantide;« Atlantide » n'est pas un nombre\n"
        );
    }
}
