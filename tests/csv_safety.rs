//! Issue 13, parts 4 and 5: no CSV output holds a cell a spreadsheet would run (formula
//! injection, in both dialects, in every CSV written: data/, tables/, data_quality.csv,
//! reconciliation.csv); text files in UTF-8 with a BOM, UTF-16 LE and BE, Windows-1252 or a mix
//! of UTF-8 and Windows-1252 read without mojibake; control characters removed with a warning;
//! a file whose content does not match its extension named as such.

use crate::util::{accountings, csv_maps, Workdir};
use std::io::{Read, Write};
use std::path::Path;

/// The header of the fixtures: the columns of a typical office export.
const HEADER: &str =
    "Mobility ID,Student ID,Direction,Activity,Funding,Partner,Erasmus code,Country,Start date,End date";

/// Partner names that a spreadsheet would run, or that turn into one once trimmed (the TAB).
const HOSTILE: [&str; 5] = [
    "=HYPERLINK(\"http://x\",\"click\")",
    "+cmd|' /C calc'!A0",
    "@SUM(1)",
    "-2+3",
    "\t=1+1",
];

/// Quotes a CSV field.
fn quoted(text: &str) -> String {
    format!("\"{}\"", text.replace('"', "\"\""))
}

/// Five accepted mobilities, one per hostile partner name, and a rejected one whose unknown
/// country ("=1+2") and unreadable date ("@NOW()") reach data_quality.csv as values.
fn injection_fixture() -> String {
    let mut text = format!("{HEADER}\n");
    for (i, name) in HOSTILE.iter().enumerate() {
        text.push_str(&format!(
            "M{i},E{i},outgoing,study,Erasmus+ KA131,{},A  WIEN02,Austria,02/09/2024,31/01/2025\n",
            quoted(name)
        ));
    }
    text.push_str("M9,-3+1,outgoing,study,Erasmus+ KA131,TU Wien,,=1+2,@NOW(),31/01/2025\n");
    text
}

/// True when a spreadsheet reads `cell` as a number (it then runs nothing).
fn is_number(cell: &str) -> bool {
    let t = cell.replace(',', ".");
    t.parse::<f64>().is_ok() && t.bytes().any(|b| b.is_ascii_digit()) && !t.contains("in")
}

/// Every cell of every CSV file under `dir` (at least `min_files` of them), with its file, for
/// the assertion messages.
fn csv_cells(dir: &Path, delimiter: u8, min_files: usize) -> Vec<(String, String)> {
    let mut cells = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    let mut files = 0;
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "csv") {
                files += 1;
                let bytes = std::fs::read(&path).unwrap();
                let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
                let mut reader = csv::ReaderBuilder::new()
                    .has_headers(false)
                    .flexible(true)
                    .delimiter(delimiter)
                    .from_reader(bytes);
                for record in reader.records() {
                    for cell in record.unwrap().iter() {
                        cells.push((path.display().to_string(), cell.to_string()));
                    }
                }
            }
        }
    }
    assert!(
        files >= min_files,
        "only {files} CSV files under {}",
        dir.display()
    );
    cells
}

/// Asserts that no cell under `dir` starts like a formula unless it is a number.
fn assert_no_formula(dir: &Path, delimiter: u8, min_files: usize) -> Vec<(String, String)> {
    let cells = csv_cells(dir, delimiter, min_files);
    for (file, cell) in &cells {
        assert!(
            !cell.starts_with(['=', '+', '-', '@', '\t', '\r']) || is_number(cell),
            "{file}: {cell:?} would run in a spreadsheet"
        );
    }
    cells
}

#[test]
fn every_csv_output_neutralises_formulas_in_both_dialects() {
    for (dialect, delimiter) in [("standard", b','), ("excel-fr", b';')] {
        let w = Workdir::new();
        w.write("mob.csv", &injection_fixture());
        let run = w.run(&[
            "report",
            "mob.csv",
            "--csv-dialect",
            dialect,
            "--lang",
            "en",
        ]);
        // The M9 row is rejected (unknown country, unreadable date): exit 1.
        assert_eq!(run.code, 1, "{dialect}: {}", run.all());
        // data_quality.csv, data/ and tables/.
        let cells = assert_no_formula(&w.path().join("reports"), delimiter, 10);
        let has =
            |file: &str, cell: &str| cells.iter().any(|(f, c)| f.ends_with(file) && c == cell);
        // The hostile names are kept, behind an apostrophe; the TAB before "=1+1" is trimmed as
        // every leading space is, and the formula it uncovered is neutralised all the same.
        for expected in [
            "'=HYPERLINK(\"http://x\",\"click\")",
            "'+cmd|' /C calc'!A0",
            "'@SUM(1)",
            "'-2+3",
            "'=1+1",
        ] {
            assert!(
                has("data/mobilities.csv", expected),
                "{dialect}: {expected}"
            );
        }
        assert!(has("data_quality.csv", "'=1+2"), "{dialect}");
        assert!(has("data_quality.csv", "'@NOW()"), "{dialect}");
        // The indicator tables were among the files checked.
        assert!(
            cells.iter().any(|(f, _)| f.contains("tables")),
            "{dialect}: no tables/*.csv"
        );
    }
}

/// The Beneficiary Module export's columns, as in tests/reconcile.rs.
const BM_HEADER: &str = "Mobility ID,Project Code,Participant ID,Activity Type,\
    Participant Nationality,Participant Gender,Sending Organisation Erasmus Code,\
    Sending Organisation Name,Sending Country,Sending City,Receiving Organisation Erasmus Code,\
    Receiving Organisation Name,Receiving Country,Receiving City,Start Date,End Date,\
    Duration Calculated (days),Participant With Fewer Opportunities,Green Travel";

#[test]
fn reconciliation_csv_neutralises_formulas() {
    for (dialect, delimiter) in [("standard", b','), ("excel-fr", b';')] {
        let w = Workdir::new();
        // `reconcile` takes the dialect from the config.
        w.write("mobistat.toml", &format!("csv_dialect = \"{dialect}\"\n"));
        w.write("ours.csv", &injection_fixture());
        w.write(
            "bm.csv",
            &format!(
                "{BM_HEADER}\n\
                 BM-1,,E7,HE-SMS,,,,Us,FR,,A  WIEN02,\"=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",AT,,02/09/2024,31/01/2025,152,,\n\
                 M0,,E0,HE-SMS,,,,Us,FR,,A  WIEN02,@SUM(2),AT,,02/09/2024,31/01/2025,152,,\n"
            ),
        );
        let run = w.run(&["reconcile", "ours.csv", "bm.csv"]);
        assert!(run.code == 0 || run.code == 1, "{dialect}: {}", run.all());
        let reconciliation = w.path().join("reports/reconciliation.csv");
        assert!(reconciliation.exists(), "{dialect}: {}", run.all());
        let cells = assert_no_formula(&w.path().join("reports"), delimiter, 1);
        assert!(
            cells.iter().any(|(_, c)| c.starts_with("'=HYPERLINK")),
            "{dialect}"
        );
    }
}

/// A mobilities file with accents in its header and its values; `{}` stands for row 3's
/// partner, so that a test can write that one line in another encoding.
fn accented(partner_3: &str) -> String {
    format!(
        "N° étudiant;Sens;Activité;Établissement d'accueil;Pays;Date de début;Date de fin\r\n\
         E1;Sortant;Études;Université de Liège;Belgique;02/09/2024;31/01/2025\r\n\
         E2;Sortant;Études;{partner_3};Belgique;03/09/2024;31/01/2025\r\n\
         E3;Sortant;Études;Universität Wien;Autriche;04/09/2024;31/01/2025\r\n"
    )
}

/// Reads `bytes` as `name` with `report` and returns (the run, the partners of
/// data/mobilities.csv, the issues of data_quality.csv).
fn report_on(
    name: &str,
    bytes: &[u8],
) -> (
    crate::util::Run,
    Vec<String>,
    Vec<std::collections::BTreeMap<String, String>>,
) {
    let w = Workdir::new();
    std::fs::write(w.path().join(name), bytes).unwrap();
    let run = w.run(&["report", name, "--lang", "en"]);
    let partners = if w.path().join("reports/data/mobilities.csv").exists() {
        csv_maps(&w.read("reports/data/mobilities.csv"))
            .into_iter()
            .map(|r| r["partner_name"].clone())
            .collect()
    } else {
        Vec::new()
    };
    let issues = if w.path().join("reports/data_quality.csv").exists() {
        csv_maps(&w.read("reports/data_quality.csv"))
    } else {
        Vec::new()
    };
    (run, partners, issues)
}

fn utf16(text: &str, little_endian: bool) -> Vec<u8> {
    let mut out = if little_endian {
        vec![0xFF, 0xFE]
    } else {
        vec![0xFE, 0xFF]
    };
    for unit in text.encode_utf16() {
        out.extend(if little_endian {
            unit.to_le_bytes()
        } else {
            unit.to_be_bytes()
        });
    }
    out
}

fn windows_1252(text: &str) -> Vec<u8> {
    encoding_rs::WINDOWS_1252.encode(text).0.into_owned()
}

#[test]
fn every_encoding_reads_the_same_rows() {
    let text = accented("Université Libre de Bruxelles");
    let expected = vec![
        "Université de Liège".to_string(),
        "Université Libre de Bruxelles".into(),
        "Universität Wien".into(),
    ];
    let mut bom = b"\xEF\xBB\xBF".to_vec();
    bom.extend(text.as_bytes());
    for (case, bytes) in [
        ("UTF-8 with a BOM", bom),
        ("UTF-16 LE", utf16(&text, true)),
        ("UTF-16 BE", utf16(&text, false)),
        ("Windows-1252", windows_1252(&text)),
    ] {
        let (run, partners, issues) = report_on("m.csv", &bytes);
        assert_eq!(run.code, 0, "{case}: {}", run.all());
        // Rows read 4 = 3 accepted (none warned) + 0 rejected + 1 skipped (the header).
        assert_eq!(accountings(&run.stdout)[0], (4, 3, 0, 0, 1), "{case}");
        assert_eq!(partners, expected, "{case}");
        assert!(
            issues.iter().all(|i| i["rule"] != "mixed_encoding"),
            "{case}"
        );
    }
}

#[test]
fn a_file_mixing_utf8_and_windows_1252_warns_on_each_such_row() {
    // Rows 1, 2 and 4 in UTF-8; row 3 (a second export pasted below) in Windows-1252; a fifth
    // row in Windows-1252 too.
    let text = accented("Université de Liège");
    let mut bytes = Vec::new();
    for (i, line) in text.split_inclusive("\r\n").enumerate() {
        if i == 2 {
            bytes.extend(windows_1252(line));
        } else {
            bytes.extend(line.as_bytes());
        }
    }
    bytes.extend(windows_1252(
        "E4;Sortant;Études;Université de Liège;Belgique;05/09/2024;31/01/2025\r\n",
    ));
    let (run, partners, issues) = report_on("m.csv", &bytes);
    assert_eq!(run.code, 0, "{}", run.all());
    // Rows read 5 = 4 accepted (2 with warnings: rows 3 and 5) + 0 rejected + 1 skipped.
    assert_eq!(
        accountings(&run.stdout)[0],
        (5, 4, 2, 0, 1),
        "{}",
        run.all()
    );
    assert_eq!(
        partners,
        [
            "Université de Liège",
            "Université de Liège",
            "Universität Wien",
            "Université de Liège"
        ]
    );
    let warned: Vec<(&str, &str)> = issues
        .iter()
        .filter(|i| i["rule"] == "mixed_encoding")
        .map(|i| (i["row"].as_str(), i["severity"].as_str()))
        .collect();
    assert_eq!(warned, [("3", "warning"), ("5", "warning")]);
    assert!(issues
        .iter()
        .any(|i| i["message"].contains("read as Windows-1252")));
}

#[test]
fn no_mojibake_in_any_output_of_a_mixed_file() {
    let mut bytes = accented("Université de Liège").into_bytes();
    bytes.extend(windows_1252(
        "E4;Sortant;Études;Université de Liège;Belgique;05/09/2024;31/01/2025\r\n",
    ));
    let w = Workdir::new();
    std::fs::write(w.path().join("m.csv"), &bytes).unwrap();
    assert_eq!(w.run(&["report", "m.csv"]).code, 0);
    for (file, cell) in csv_cells(&w.path().join("reports"), b',', 10) {
        assert!(
            !cell.contains("Ã") && !cell.contains('\u{FFFD}'),
            "{file}: {cell}"
        );
    }
}

#[test]
fn nul_and_control_characters_are_removed_with_a_warning() {
    let text = accented("Universit\u{0}é\u{0} Libre\u{7} de Bruxelles");
    let (run, partners, issues) = report_on("m.csv", text.as_bytes());
    assert_eq!(run.code, 0, "{}", run.all());
    // Rows read 4 = 3 accepted (1 with a warning: row 3) + 0 rejected + 1 skipped.
    assert_eq!(
        accountings(&run.stdout)[0],
        (4, 3, 1, 0, 1),
        "{}",
        run.all()
    );
    assert_eq!(partners[1], "Université Libre de Bruxelles");
    let warning = issues
        .iter()
        .find(|i| i["rule"] == "control_characters")
        .expect("a control_characters warning");
    assert_eq!(
        (
            warning["row"].as_str(),
            warning["column"].as_str(),
            warning["severity"].as_str(),
            warning["value"].as_str()
        ),
        (
            "3",
            "D (Établissement d'accueil)",
            "warning",
            "Université Libre de Bruxelles"
        )
    );
    // Three characters: two NULs and a BEL.
    assert!(warning["message"].starts_with("3 control"), "{warning:?}");
}

#[test]
fn a_utf16_file_without_a_bom_is_read_too() {
    let text = accented("Université Libre de Bruxelles");
    let bytes: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
    let (run, partners, _) = report_on("m.csv", &bytes);
    assert_eq!(run.code, 0, "{}", run.all());
    assert_eq!(partners.len(), 3);
}

#[test]
fn a_csv_renamed_xlsx_is_named_as_csv_text() {
    let w = Workdir::new();
    w.write("m.xlsx", &accented("ULB"));
    let run = w.run(&["check", "m.xlsx", "--table", "mobilities", "--lang", "en"]);
    assert_eq!(run.code, 2, "{}", run.all());
    assert!(
        run.all()
            .contains("m.xlsx: this .xlsx file is a CSV text file: rename it to .csv"),
        "{}",
        run.all()
    );
}

#[test]
fn an_xlsx_renamed_csv_is_named_as_a_workbook() {
    let w = Workdir::new();
    w.copy_from_repo("tests/fixtures/mobilities.xlsx", "m.csv");
    let run = w.run(&["check", "m.csv", "--table", "mobilities", "--lang", "en"]);
    assert_eq!(run.code, 2, "{}", run.all());
    assert!(
        run.all().contains(
            "m.csv: this .csv file is an Excel workbook (xlsx, a zip archive): rename it to .xlsx"
        ),
        "{}",
        run.all()
    );
    // And an xlsx renamed .xls.
    w.copy_from_repo("tests/fixtures/mobilities.xlsx", "m.xls");
    let run = w.run(&["check", "m.xls", "--table", "mobilities", "--lang", "en"]);
    assert_eq!(run.code, 2, "{}", run.all());
    assert!(
        run.all()
            .contains("m.xls: this .xls file is an Excel workbook"),
        "{}",
        run.all()
    );
}

/// tests/fixtures/mobilities.xlsx with its part `part` replaced by `xml`.
fn xlsx_with_part(part: &str, xml: &str) -> Vec<u8> {
    let fixture = crate::util::repo().join("tests/fixtures/mobilities.xlsx");
    let mut archive = zip::ZipArchive::new(std::fs::File::open(fixture).unwrap()).unwrap();
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).unwrap();
        let name = entry.name().unwrap().to_string();
        let mut data = Vec::new();
        entry.read_to_end(&mut data).unwrap();
        if name == part {
            data = xml.as_bytes().to_vec();
        }
        out.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        out.write_all(&data).unwrap();
    }
    out.finish().unwrap().into_inner()
}

#[test]
fn a_billion_laughs_workbook_is_a_clear_sentence() {
    let mut entities = String::from("<!ENTITY lol \"lol\">");
    for i in 1..=9 {
        let prev = if i == 1 {
            "lol".to_string()
        } else {
            format!("lol{}", i - 1)
        };
        entities.push_str(&format!(
            "<!ENTITY lol{i} \"{}\">",
            format!("&{prev};").repeat(10)
        ));
    }
    // The shared strings, which calamine reads when it opens the workbook.
    let strings = format!(
        "<?xml version=\"1.0\"?><!DOCTYPE lolz [{entities}]>\
         <sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" count=\"1\" \
         uniqueCount=\"1\"><si><t>&lol9;</t></si></sst>"
    );
    let w = Workdir::new();
    std::fs::write(
        w.path().join("lol.xlsx"),
        xlsx_with_part("xl/sharedStrings.xml", &strings),
    )
    .unwrap();
    let run = w.run(&["check", "lol.xlsx", "--table", "mobilities", "--lang", "en"]);
    assert_eq!(run.code, 2, "{}", run.all());
    assert!(
        run.all().contains(
            "lol.xlsx: a sheet of this workbook holds XML entities that it declares itself, \
             which mobistat does not expand"
        ),
        "{}",
        run.all()
    );
    assert!(!run.all().contains("Xml error"), "{}", run.all());
}
