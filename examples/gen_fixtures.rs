//! Writes the integration tests' format fixtures: one small mobility export (title row, French
//! headers, a blank row, two bad rows, a totals row) as xlsx, semicolon Windows-1252 CSV and
//! TSV. The xls, xlsm and ods copies are converted from the xlsx by LibreOffice (command below), as
//! no maintained Rust crate writes those formats; they are committed, so tests need neither.
//!
//! ```sh
//! cargo run --example gen_fixtures
//! cd tests/fixtures && soffice --headless --convert-to xls mobilities.xlsx \
//!   && soffice --headless --convert-to ods mobilities.xlsx \
//!   && soffice --headless --convert-to 'xlsm:Calc MS Excel 2007 VBA XML' mobilities.xlsx
//! ```

use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook};

/// (student, direction, activity, institution, code, country, start, end): rows 4 to 9.
/// Row 8 has an unknown country and row 9 ends before it starts: both are rejected.
const ROWS: [[&str; 8]; 6] = [
    [
        "E001",
        "Sortant",
        "Études",
        "Technische Universität Wien",
        "A WIEN02",
        "Autriche",
        "2024-09-02",
        "2025-01-31",
    ],
    [
        "E002",
        "Sortant",
        "Stage",
        "Universidad de Sevilla",
        "E SEVILLA01",
        "Espagne",
        "2025-02-03",
        "2025-06-27",
    ],
    [
        "E003",
        "Entrant",
        "SMS",
        "Politecnico di Milano",
        "I MILANO02",
        "Italie",
        "2023-09-11",
        "2024-02-09",
    ],
    [
        "P010",
        "Sortant",
        "STA",
        "Universitetet i Oslo",
        "N OSLO01",
        "Norvège",
        "2024-10-07",
        "2024-10-11",
    ],
    [
        "E004",
        "Sortant",
        "Études",
        "Atlantis University",
        "",
        "Atlantide",
        "2024-09-02",
        "2025-01-31",
    ],
    [
        "E005",
        "Sortant",
        "Études",
        "TU Delft",
        "NL DELFT01",
        "Pays-Bas",
        "2025-02-01",
        "2024-09-01",
    ],
];

const HEADER: [&str; 8] = [
    "N° étudiant",
    "Sens",
    "Activité",
    "Établissement d'accueil",
    "Code Erasmus",
    "Pays",
    "Date de début",
    "Date de fin",
];
const TITLE: &str = "Export test – mobilités";

fn ymd(text: &str) -> (u16, u8, u8) {
    let p: Vec<u16> = text
        .split('-')
        .map(|x| x.parse().expect("number"))
        .collect();
    (p[0], p[1] as u8, p[2] as u8)
}

fn write_xlsx(path: &str) -> Result<(), rust_xlsxwriter::XlsxError> {
    let mut wb = Workbook::new();
    // A fixed creation date keeps the file byte-identical from one run to the next.
    let created = ExcelDateTime::from_ymd(2025, 1, 1)?;
    wb.set_properties(&DocProperties::new().set_creation_datetime(&created));
    let date = Format::new().set_num_format("dd/mm/yyyy");
    let ws = wb.add_worksheet().set_name("Mobilités")?;
    ws.write(0, 0, TITLE)?;
    for (c, h) in HEADER.iter().enumerate() {
        ws.write(2, c as u16, *h)?;
    }
    for (r, row) in ROWS.iter().enumerate() {
        let r = r as u32 + 3;
        for (c, value) in row.iter().enumerate() {
            if c >= 6 {
                let (y, m, d) = ymd(value);
                ws.write_datetime_with_format(
                    r,
                    c as u16,
                    ExcelDateTime::from_ymd(y, m, d)?,
                    &date,
                )?;
            } else if !value.is_empty() {
                ws.write(r, c as u16, *value)?;
            }
        }
    }
    ws.write(10, 0, "Total")?;
    ws.write(10, 6, 6)?;
    wb.save(path)
}

fn text_rows(sep: &str) -> String {
    let dmy = |s: &str| {
        let (y, m, d) = ymd(s);
        format!("{d:02}/{m:02}/{y}")
    };
    let mut lines = vec![TITLE.to_string(), String::new(), HEADER.join(sep)];
    for row in ROWS {
        let mut cells: Vec<String> = row.iter().map(|s| s.to_string()).collect();
        cells[6] = dmy(row[6]);
        cells[7] = dmy(row[7]);
        lines.push(cells.join(sep));
    }
    lines.push(String::new());
    lines.push(format!("Total{}6", sep.repeat(6)));
    lines.join("\r\n") + "\r\n"
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "tests/fixtures".into());
    std::fs::create_dir_all(&dir)?;
    write_xlsx(&format!("{dir}/mobilities.xlsx"))?;
    // Excel on French Windows saves "CSV (séparateur: point-virgule)" in Windows-1252.
    let text = text_rows(";");
    let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(&text);
    std::fs::write(format!("{dir}/mobilities.csv"), bytes)?;
    std::fs::write(format!("{dir}/mobilities.tsv"), text_rows("\t"))?;
    println!("wrote {dir}/mobilities.xlsx, .csv and .tsv");
    Ok(())
}
