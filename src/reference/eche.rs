//! The Commission's list of Erasmus Charter (ECHE) holders, read from its xlsx, csv or json
//! form into an [`EcheList`]: official Erasmus code → institution, country and charter dates.
//!
//! Spreadsheets go through the project's own ingest (encodings, delimiters, multi-line records,
//! Excel dates) and the header row is found by its column names; JSON is an array of objects
//! whose keys are the same names in snake_case ("erasmus_code"), dates in epoch milliseconds.

use crate::error::{Error, Result};
use crate::ingest::{read_file, Cell, RowSink};
use crate::normalise::country::country_code;
use crate::normalise::erasmus_code::{country_of_code, normalise_erasmus_code};
use crate::normalise::text::{clean, fold, is_placeholder};
use chrono::NaiveDate;
use std::collections::BTreeMap;
use std::path::Path;

mod dates;
use dates::DateValue;

/// One charter holder of the list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EcheEntry {
    /// The official form ("A  WIEN02"), as `normalise_erasmus_code` gives it.
    pub erasmus_code: String,
    pub pic: Option<String>,
    pub oid: Option<String>,
    /// Empty when the list gives none.
    pub legal_name: String,
    pub city: Option<String>,
    /// ISO 3166-1 alpha-2 ("GR" for the list's "EL"); `None` when the list's value is unknown.
    pub country: Option<&'static str>,
    /// First and last day of the charter, when the list gives them.
    pub start: Option<NaiveDate>,
    pub end: Option<NaiveDate>,
}

/// The list, keyed by official Erasmus code. A code listed twice keeps its first entry.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct EcheList {
    entries: BTreeMap<String, EcheEntry>,
}

impl EcheList {
    /// Reads the list from a `.json` file, or from a spreadsheet mobistat ingests (`.xlsx`,
    /// `.xls`, `.ods`, `.csv`...): its first sheet with data, the header found by name.
    pub fn load(path: &Path) -> Result<EcheList> {
        let file = path.display().to_string();
        if !path.is_file() {
            return Err(failure(&file, "there is no such file"));
        }
        let is_json = path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("json"));
        if is_json {
            let text = std::fs::read_to_string(path).map_err(|source| Error::Io {
                path: path.to_path_buf(),
                source,
            })?;
            return EcheList::from_json(&text, &file);
        }
        if crate::ingest::Format::of(path).is_none() {
            return Err(failure(
                &file,
                "it must be a .xlsx, .xls, .ods, .csv or .json file",
            ));
        }
        let mut sink = ListSink::default();
        read_file(path, &file, None, &mut sink)?;
        let Some(_) = sink.header else {
            return Err(failure(
                &file,
                &format!(
                    "none of its first {HEADER_SEARCH_ROWS} rows has the columns \"Erasmus Code\" and \"Country Cd\""
                ),
            ));
        };
        EcheList::from_records(sink.records, &file)
    }

    /// Reads the list from JSON text: an array of objects ("erasmus_code", "country_cd",
    /// "erasmus_eche_start"...). A number in a date field is epoch milliseconds, as JavaScript
    /// writes dates; `file` names the source in errors.
    pub fn from_json(text: &str, file: &str) -> Result<EcheList> {
        let value: serde_json::Value = serde_json::from_str(text)
            .map_err(|e| failure(file, &format!("it is not valid JSON ({e})")))?;
        let items = value
            .as_array()
            .ok_or_else(|| failure(file, "it is not a JSON array of institutions"))?;
        let mut records = Vec::with_capacity(items.len());
        for item in items.iter().filter_map(serde_json::Value::as_object) {
            let mut raw = Raw::default();
            for (key, value) in item {
                let Some(field) = field_of(key) else { continue };
                let cell = match value {
                    serde_json::Value::String(s) => Cell::Text(s.clone()),
                    serde_json::Value::Number(n) => Cell::Number(n.as_f64().unwrap_or(f64::NAN)),
                    _ => Cell::Empty,
                };
                match (field, &cell) {
                    (Field::Start | Field::End, Cell::Number(ms)) => {
                        raw.set_date(field, DateValue::of_epoch_ms(*ms))
                    }
                    _ => raw.set(field, &cell),
                }
            }
            records.push(raw);
        }
        EcheList::from_records(records, file)
    }

    /// The entry of a code in any spelling ("A WIEN02", "A\u{a0} WIEN02"), if listed. A code
    /// without its space ("RSPROKUP01"), which cannot be split alone, is compared with the
    /// listed codes' spaces removed.
    pub fn get(&self, code: &str) -> Option<&EcheEntry> {
        match normalise_erasmus_code(code) {
            Some(official) => self.entries.get(&official),
            None => {
                let bare = |c: &str| -> String {
                    c.chars()
                        .filter(|c| !c.is_whitespace())
                        .collect::<String>()
                        .to_uppercase()
                };
                let wanted = bare(code);
                self.entries
                    .values()
                    .find(|e| bare(&e.erasmus_code) == wanted)
            }
        }
    }

    /// Every entry, in code order.
    pub fn entries(&self) -> impl Iterator<Item = &EcheEntry> {
        self.entries.values()
    }

    /// How many institutions the list holds.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True when the list holds no institution.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Builds the entries, deciding ambiguous dates (see `dates::decide`); records without
    /// a readable Erasmus code cannot be looked up and are left out.
    fn from_records(records: Vec<Raw>, file: &str) -> Result<EcheList> {
        let majority = dates::majority(records.iter().flat_map(|r| [r.start, r.end]).flatten());
        let mut entries = BTreeMap::new();
        for raw in records {
            let country = raw.country.as_deref().and_then(country_code);
            let Some(code) = raw.code.as_deref().and_then(|c| official_code(c, country)) else {
                continue;
            };
            let (start, end) = dates::decide(raw.start, raw.end, majority);
            entries.entry(code.clone()).or_insert(EcheEntry {
                erasmus_code: code,
                pic: raw.pic,
                oid: raw.oid,
                legal_name: raw.name.unwrap_or_default(),
                city: raw.city,
                country,
                start,
                end,
            });
        }
        if entries.is_empty() {
            return Err(failure(
                file,
                "it lists no institution with an Erasmus code",
            ));
        }
        Ok(EcheList { entries })
    }
}

/// The official form of a listed code. The list writes a few codes without their space
/// ("RSPROKUP01", a Serbian college), which alone cannot be split; the record's country tells
/// where its prefix ends ("RS PROKUP01").
fn official_code(code: &str, country: Option<&str>) -> Option<String> {
    normalise_erasmus_code(code).or_else(|| {
        let code = code.trim();
        (1..=3.min(code.len())).rev().find_map(|n| {
            let (prefix, body) = (code.get(..n)?, code.get(n..)?);
            let prefix_country = country_of_code(&format!("{:<3}", prefix.to_uppercase()));
            prefix_country
                .filter(|c| Some(*c) == country)
                .and_then(|_| normalise_erasmus_code(&format!("{prefix} {body}")))
        })
    })
}

fn failure(file: &str, reason: &str) -> Error {
    Error::EcheList {
        file: file.to_string(),
        reason: reason.to_string(),
    }
}

/// Rows searched for the header: the Commission's xlsx has a blank first row, the csv a row of
/// bare semicolons.
const HEADER_SEARCH_ROWS: usize = 30;

/// The list's columns that mobistat keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    Code,
    Pic,
    Oid,
    Name,
    City,
    Country,
    Start,
    End,
}

/// Folded header names (and JSON keys, "country_cd" folding to "country cd") of each field.
const ALIASES: [(Field, &[&str]); 8] = [
    (Field::Code, &["erasmus code", "erasmus id", "code erasmus"]),
    (Field::Pic, &["pic", "pic code", "pic number"]),
    (Field::Oid, &["oid", "organisation id", "organization id"]),
    (Field::Name, &["legal name", "institution name", "name"]),
    (Field::City, &["city", "town"]),
    (Field::Country, &["country cd", "country code", "country"]),
    (
        Field::Start,
        &["erasmus eche start", "eche start", "eche start date"],
    ),
    (
        Field::End,
        &["erasmus eche end", "eche end", "eche end date"],
    ),
];

fn field_of(header: &str) -> Option<Field> {
    let key = fold(header);
    ALIASES
        .iter()
        .find(|(_, names)| names.contains(&key.as_str()))
        .map(|(field, _)| *field)
}

/// One record's values as read.
#[derive(Debug, Default)]
struct Raw {
    code: Option<String>,
    pic: Option<String>,
    oid: Option<String>,
    name: Option<String>,
    city: Option<String>,
    country: Option<String>,
    start: Option<DateValue>,
    end: Option<DateValue>,
}

impl Raw {
    fn set(&mut self, field: Field, cell: &Cell) {
        let text = || clean(&cell.display()).filter(|t| !is_placeholder(t));
        match field {
            Field::Code => self.code = text(),
            Field::Pic => self.pic = text(),
            Field::Oid => self.oid = text(),
            Field::Name => self.name = text(),
            Field::City => self.city = text(),
            Field::Country => self.country = text(),
            Field::Start | Field::End => self.set_date(field, DateValue::of_cell(cell)),
        }
    }

    fn set_date(&mut self, field: Field, value: DateValue) {
        if field == Field::Start {
            self.start = Some(value);
        } else {
            self.end = Some(value);
        }
    }
}

/// Receives the sheet's rows: looks for the header among the first rows, then keeps records.
#[derive(Default)]
struct ListSink {
    /// The field of each column, once the header row is found.
    header: Option<Vec<Option<Field>>>,
    seen: usize,
    records: Vec<Raw>,
}

impl RowSink for ListSink {
    fn begin(&mut self, _sheet: &str) {}

    fn row(&mut self, _number: u32, cells: &mut Vec<Cell>) -> Result<()> {
        let Some(header) = &self.header else {
            self.seen += 1;
            if self.seen <= HEADER_SEARCH_ROWS {
                let mut fields: Vec<Option<Field>> = Vec::with_capacity(cells.len());
                for cell in cells.iter() {
                    // A field named twice is read from its first column.
                    let field = field_of(&cell.display()).filter(|f| !fields.contains(&Some(*f)));
                    fields.push(field);
                }
                let has = |f| fields.contains(&Some(f));
                if has(Field::Code) && has(Field::Country) {
                    self.header = Some(fields);
                }
            }
            return Ok(());
        };
        let mut raw = Raw::default();
        for (cell, field) in cells.iter().zip(header) {
            if let Some(field) = field {
                raw.set(*field, cell);
            }
        }
        if raw.code.is_some() {
            self.records.push(raw);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, m, day)
    }

    #[test]
    fn csv_with_a_title_row_mixed_date_orders_and_eu_country_codes() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("eche.csv");
        // The Commission's csv layout: a row of bare semicolons, then the header.
        let text = ";;;;;;;\nErasmus Code;Pic;OID;Legal Name;City;Country Cd;Erasmus Eche Start;Erasmus Eche End\n\
            A\u{a0} WIEN02;999;E1;TU WIEN;WIEN;AT;11/1/2021;12/31/2029\n\
            G  ATHINE02;888;#N/A;NTUA;ATHINA;EL;26/06/2024;31/12/2029\n\
            TR ANKARA24;777;E3;AHBVU;Ankara;TR;2/1/2024;3/4/2025\n\
            RSPROKUP01;666;#N/A;TASS;Prokuplje;RS;1/1/2021;12/31/2029\n\
            ;;;;;;;\n";
        std::fs::write(&path, text).unwrap();
        let list = EcheList::load(&path).unwrap();
        assert_eq!(list.len(), 4);
        // A code written without its space is split where its country's prefix ends.
        assert_eq!(
            list.get("RS PROKUP01").unwrap().city.as_deref(),
            Some("Prokuplje")
        );
        assert_eq!(list.get("RSPROKUP01").unwrap().erasmus_code, "RS PROKUP01");
        assert!(list.get("ATWIEN02").is_none());
        let wien = list.get("A WIEN02").unwrap();
        assert_eq!(wien.erasmus_code, "A  WIEN02");
        assert_eq!(
            (wien.pic.as_deref(), wien.country),
            (Some("999"), Some("AT"))
        );
        // "11/1/2021" beside the month-first "12/31/2029": 1 November.
        assert_eq!((wien.start, wien.end), (d(2021, 11, 1), d(2029, 12, 31)));
        let athens = list.get("g athine02").unwrap();
        assert_eq!((athens.country, athens.oid.as_deref()), (Some("GR"), None));
        assert_eq!(athens.start, d(2024, 6, 26));
        // Both dates ambiguous: the file's majority decides. Two day-first dates (Athens'),
        // two month-first (Vienna's and Prokuplje's ends): a tie, read day-first as everywhere
        // in mobistat, so 2 January and 3 April.
        let ankara = list.get("TR ANKARA24").unwrap();
        assert_eq!((ankara.start, ankara.end), (d(2024, 1, 2), d(2025, 4, 3)));
    }

    #[test]
    fn json_dates_are_brussels_midnights_in_epoch_milliseconds() {
        let json = r#"[{"erasmus_code": "A BADEN01", "pic": "948821603", "legal_name": "PH NOE",
            "city": "Baden", "country_cd": "AT", "erasmus_eche_start": 1609455600000,
            "erasmus_eche_end": 1893366000000},
            {"erasmus_code": "E VALENCI02", "country_cd": "ES", "erasmus_eche_start": 1719352800000}]"#;
        let list = EcheList::from_json(json, "eche.json").unwrap();
        let baden = list.get("A  BADEN01").unwrap();
        // 1609455600000 ms is 2020-12-31T23:00Z, midnight of 1 January 2021 in Brussels.
        assert_eq!((baden.start, baden.end), (d(2021, 1, 1), d(2029, 12, 31)));
        assert_eq!(baden.legal_name, "PH NOE");
        // 1719352800000 ms is 2024-06-25T22:00Z: summer time, midnight of 26 June.
        assert_eq!(list.get("E  VALENCI02").unwrap().start, d(2024, 6, 26));
    }

    #[test]
    fn unreadable_lists_are_errors_naming_the_file() {
        let err = EcheList::from_json("{\"a\": 1}", "list.json").unwrap_err();
        assert_eq!(
            err.to_string(),
            "list.json could not be read as the list of ECHE holders: it is not a JSON array of institutions"
        );
        assert!(EcheList::from_json("[{\"name\": \"x\"}]", "l.json").is_err());
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("other.csv");
        std::fs::write(&path, "Name;Country\nX;FR\n").unwrap();
        let err = EcheList::load(&path).unwrap_err().to_string();
        assert!(err.contains("other.csv could not be read") && err.contains("Erasmus Code"));
        let pdf = dir.path().join("list.pdf");
        assert!(EcheList::load(&pdf)
            .unwrap_err()
            .to_string()
            .ends_with("no such file"));
        std::fs::write(&pdf, "%PDF").unwrap();
        assert!(EcheList::load(&pdf)
            .unwrap_err()
            .to_string()
            .contains(".json file"));
    }
}
