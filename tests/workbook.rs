//! Issue 12: the French workbook is for people (sheets named by titles, headers and words
//! translated, no internal id) and ready to print (every sheet one page wide with its header
//! row repeated, which LibreOffice's PDF confirms), while its numbers stay the CSV's.

use crate::util::{csv_records, Workdir};
use calamine::{open_workbook_auto, Data, Reader};
use mobistat::i18n::{labels, Language};
use mobistat::indicators::privacy;
use mobistat::indicators::Indicator;
use mobistat::schema::ColumnKind;
use std::io::{Read, Write};
use std::path::Path;

/// The demo's workbook path.
const WORKBOOK: &str = "reports/mobistat.xlsx";

/// A cell as the CSV writer writes the same value.
pub(crate) fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Float(f) if f.fract() == 0.0 => format!("{}", *f as i64),
        Data::Float(f) => format!("{f}"),
        Data::Int(i) => i.to_string(),
        Data::Bool(b) => b.to_string(),
        other => other.to_string(),
    }
}

/// Every cell of a sheet, as text.
pub(crate) fn sheet_rows(path: &Path, sheet: &str) -> Vec<Vec<String>> {
    let mut book = open_workbook_auto(path).unwrap();
    let range = book.worksheet_range(sheet).unwrap();
    range
        .rows()
        .map(|r| r.iter().map(cell_text).collect())
        .collect()
}

/// Each indicator sheet's name with its indicator, read from the French definitions sheet
/// (title, then the CSV file `tables/<id>.csv` in the last column).
pub(crate) fn indicator_sheets(path: &Path) -> Vec<(String, Indicator)> {
    sheet_rows(path, "Définitions")
        .into_iter()
        .skip(1)
        .map(|row| {
            let file = row.last().unwrap();
            let id = file
                .strip_prefix("tables/")
                .and_then(|f| f.strip_suffix(".csv"))
                .unwrap_or_else(|| panic!("not a table file: {file}"));
            let indicator = Indicator::from_id(id).unwrap_or_else(|| panic!("{id}"));
            (row[0].clone(), indicator)
        })
        .collect()
}

/// What the French sheet of `indicator` must hold given its CSV file: the headers' labels,
/// words and countries translated (each country followed by its code), every other value as
/// the CSV's text.
pub(crate) fn expected_sheet(indicator: Indicator, csv: &str) -> Vec<Vec<String>> {
    let fr = Language::Fr;
    let records = csv_records(csv);
    let header = &records[0];
    let kinds: Vec<ColumnKind> = header.iter().map(|h| indicator.column_kind(h)).collect();
    let mut out = Vec::new();
    let mut labels_row = Vec::new();
    for (name, kind) in header.iter().zip(&kinds) {
        let label = labels::column(fr, name);
        labels_row.push(label.clone());
        if *kind == ColumnKind::Country {
            labels_row.push(format!("Code {}", label.to_lowercase()));
        }
    }
    out.push(labels_row);
    for record in &records[1..] {
        let mut row = Vec::new();
        for ((value, name), kind) in record.iter().zip(header).zip(&kinds) {
            let translated = matches!(
                kind,
                ColumnKind::Country
                    | ColumnKind::Continent
                    | ColumnKind::Region
                    | ColumnKind::Vocabulary
                    | ColumnKind::OwnWords
            );
            row.push(if translated && !value.is_empty() {
                labels::value(fr, name, *kind, value)
            } else {
                value.clone()
            });
            if *kind == ColumnKind::Country {
                let is_code = value.len() == 2 && value.bytes().all(|b| b.is_ascii_uppercase());
                row.push(if is_code {
                    value.clone()
                } else {
                    String::new()
                });
            }
        }
        out.push(row);
    }
    out
}

/// `sheet` (the French sheet of `indicator`) with each hidden count ("< 5") replaced by the
/// value `expected` holds there, once checked that only a column about people hides one: the
/// rest of the sheet must then equal the CSV's values.
pub(crate) fn unhidden(
    indicator: Indicator,
    mut sheet: Vec<Vec<String>>,
    expected: &[Vec<String>],
) -> Vec<Vec<String>> {
    let about_people: Vec<String> = indicator
        .columns()
        .iter()
        .filter(|c| privacy::may_hide(indicator, c.name))
        .map(|c| labels::column(Language::Fr, c.name))
        .collect();
    let header = sheet.first().cloned().unwrap_or_default();
    for (r, row) in sheet.iter_mut().enumerate().skip(1) {
        for (c, cell) in row.iter_mut().enumerate() {
            if cell == "< 5" {
                assert!(
                    about_people.contains(&header[c]),
                    "{indicator:?}: {} hidden",
                    header[c]
                );
                if let Some(value) = expected.get(r).and_then(|e| e.get(c)) {
                    *cell = value.clone();
                }
            }
        }
    }
    sheet
}

/// The names a reader should never see: indicator ids and catalogue column names with "_".
fn internal_ids() -> Vec<&'static str> {
    let mut ids: Vec<&str> = Indicator::ALL.iter().map(|i| i.id()).collect();
    for indicator in Indicator::ALL {
        ids.extend(
            indicator
                .columns()
                .iter()
                .map(|c| c.name)
                .filter(|n| n.contains('_')),
        );
    }
    ids
}

/// The xml of one part of the xlsx.
fn part(path: &Path, name: &str) -> String {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut text = String::new();
    zip.by_name(name)
        .unwrap()
        .read_to_string(&mut text)
        .unwrap();
    text
}

#[test]
fn french_workbook_shows_no_internal_id_and_every_sheet_prints_one_page_wide() {
    let w = crate::demo::demo();
    let run = w.run(&["report", "--lang", "fr"]);
    assert_eq!(run.code, 1, "{}", run.all());
    let path = w.path().join(WORKBOOK);
    let names = open_workbook_auto(&path).unwrap().sheet_names();
    // The cover, the 31 indicator sheets, the definitions and the data quality.
    assert_eq!(names.len(), 34, "{names:?}");
    assert_eq!(names[0], "Présentation");

    // No sheet name and no cell (headers included) is an internal id.
    let ids = internal_ids();
    for name in &names {
        assert!(!ids.contains(&name.as_str()), "sheet named {name}");
        for row in sheet_rows(&path, name) {
            for cell in row {
                assert!(!ids.contains(&cell.as_str()), "{name}: {cell}");
                // A label missing from the translation table shows as "⟦key⟧".
                assert!(!cell.contains('⟦'), "{name}: {cell}");
            }
        }
    }
    let headers = &sheet_rows(&path, "Taux de mobilité des diplômés")[0];
    assert_eq!(headers[0], "Année de diplomation");

    // Print setup: one page wide (fitToWidth's default is 1, so the attribute is left out),
    // as many pages long as needed, A4; the header row repeated on each sheet.
    for n in 1..=names.len() {
        let xml = part(&path, &format!("xl/worksheets/sheet{n}.xml"));
        let sheet = &names[n - 1];
        assert!(
            xml.contains(r#"<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>"#),
            "{sheet}"
        );
        assert!(xml.contains(r#"fitToHeight="0""#), "{sheet}");
        assert!(
            !xml.contains("fitToWidth=") || xml.contains(r#"fitToWidth="1""#),
            "{sheet}"
        );
        assert!(xml.contains(r#"paperSize="9""#), "{sheet}");
        assert!(xml.contains("Page &amp;P sur &amp;N"), "{sheet}");
    }
    let book = part(&path, "xl/workbook.xml");
    for (index, _) in names.iter().enumerate() {
        let title = format!(r#"<definedName name="_xlnm.Print_Titles" localSheetId="{index}">"#);
        assert!(book.contains(&title), "{}: {book}", names[index]);
    }
}

/// LibreOffice, or None (and a note) when it is absent; CI=true requires it.
pub(crate) fn soffice() -> Option<&'static str> {
    let found = ["soffice", "libreoffice"].into_iter().find(|p| {
        std::process::Command::new(p)
            .arg("--version")
            .output()
            .is_ok()
    });
    if found.is_none() {
        if std::env::var("CI").is_ok_and(|v| v == "true") {
            panic!("LibreOffice is missing, and CI=true requires it (.ci/run installs it)");
        }
        eprintln!("note: LibreOffice is absent; skipping");
    }
    found
}

/// Converts `xlsx` with LibreOffice's `filter` ("pdf", "csv:...") into `out`.
pub(crate) fn convert(soffice: &str, w: &Workdir, filter: &str, xlsx: &Path, out: &Path) {
    let status = std::process::Command::new(soffice)
        .args([
            "--headless",
            &format!(
                "-env:UserInstallation=file://{}",
                w.path().join("lo-profile").display()
            ),
            "--convert-to",
            filter,
            "--outdir",
        ])
        .arg(out)
        .arg(xlsx)
        .output()
        .expect("run LibreOffice");
    assert!(
        status.status.success(),
        "{}",
        String::from_utf8_lossy(&status.stderr)
    );
}

/// The number of pages of a PDF: its page objects.
fn pdf_pages(path: &Path) -> usize {
    let bytes = std::fs::read(path).unwrap();
    let text = String::from_utf8_lossy(&bytes);
    text.match_indices("/Type")
        .filter(|(i, _)| {
            let rest = text[i + 5..].trim_start();
            rest.starts_with("/Page") && !rest.starts_with("/Pages")
        })
        .count()
}

/// A copy of the xlsx at `from` whose sheets keep only their rows up to `keep(sheet number)`:
/// each then holds less than a page of rows, so it prints on one page if and only if its
/// columns fit one page wide.
fn cut_rows(from: &Path, to: &Path, keep: impl Fn(usize) -> usize) {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(from).unwrap()).unwrap();
    let mut out = zip::ZipWriter::new(std::fs::File::create(to).unwrap());
    for i in 0..zip.len() {
        let mut file = zip.by_index(i).unwrap();
        let name = file.name().unwrap().to_string();
        let mut bytes = Vec::new();
        file.read_to_end(&mut bytes).unwrap();
        let sheet = name
            .strip_prefix("xl/worksheets/sheet")
            .and_then(|n| n.strip_suffix(".xml"))
            .and_then(|n| n.parse::<usize>().ok());
        if let Some(n) = sheet {
            bytes = keep_rows(&String::from_utf8(bytes).unwrap(), keep(n)).into_bytes();
        }
        let options = zip::write::SimpleFileOptions::default();
        out.start_file(name, options).unwrap();
        out.write_all(&bytes).unwrap();
    }
    out.finish().unwrap();
}

/// A worksheet's xml without its rows after row `last` (numbered from 1).
fn keep_rows(xml: &str, last: usize) -> String {
    let mut out = String::new();
    let mut rest = xml;
    while let Some(start) = rest.find("<row r=\"") {
        out.push_str(&rest[..start]);
        let number: usize = rest[start + 8..]
            .split('"')
            .next()
            .unwrap()
            .parse()
            .unwrap();
        let open_end = start + rest[start..].find('>').unwrap();
        let end = if rest[..open_end].ends_with('/') {
            open_end + 1
        } else {
            open_end + rest[open_end..].find("</row>").unwrap() + "</row>".len()
        };
        if number <= last {
            out.push_str(&rest[start..end]);
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

#[test]
fn libreoffice_prints_every_sheet_of_the_demo_workbook_one_page_wide() {
    let Some(soffice) = soffice() else { return };
    let w = crate::demo::demo();
    let run = w.run(&["report", "--lang", "fr"]);
    assert_eq!(run.code, 1, "{}", run.all());
    let path = w.path().join(WORKBOOK);
    let sheets = open_workbook_auto(&path).unwrap().sheet_names().len();

    // The whole workbook: 52 pages on the demo (143 before issue 12, when wide tables split
    // four columns a page), 71 since issue 15 added the partner balance (every partner and
    // year: 576 rows), the dormant agreements and the cotutelles.
    convert(soffice, &w, "pdf", &path, &w.path().join("pdf"));
    let pages = pdf_pages(&w.path().join("pdf/mobistat.pdf"));
    eprintln!("LibreOffice prints the demo workbook on {pages} pages");
    assert!(pages < 80, "{pages} pages");

    // Each sheet cut to its header row and the row after it (the cover's table header is
    // row 6, the data quality's issues header row 9 on the demo): one page per sheet, so no
    // sheet is wider than a page.
    let cut = w.path().join("cut/mobistat.xlsx");
    std::fs::create_dir_all(cut.parent().unwrap()).unwrap();
    cut_rows(&path, &cut, |n| match n {
        1 => 7,
        n if n == sheets => 10,
        _ => 2,
    });
    convert(soffice, &w, "pdf", &cut, &w.path().join("cut-pdf"));
    assert_eq!(pdf_pages(&w.path().join("cut-pdf/mobistat.pdf")), sheets);
}

#[test]
fn keep_rows_drops_the_rows_after_the_last_kept() {
    let xml = r#"<sheetData><row r="1"><c/></row><row r="2"/><row r="3"><c/></row></sheetData>"#;
    assert_eq!(
        keep_rows(xml, 2),
        r#"<sheetData><row r="1"><c/></row><row r="2"/></sheetData>"#
    );
}
