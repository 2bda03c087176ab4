//! The generator: a port of `../shared/bench/gen_mobilities.py`'s rows, written streaming to
//! xlsx (inline strings or a shared string table) and csv.

use crate::Strings;
use anyhow::{bail, Context, Result};
use chrono::{Datelike, Days, NaiveDate};
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook};
use std::path::{Path, PathBuf};

// Generator: a port of gen_mobilities.py's `rows()`. Not its exact random stream (that would
// need Python's Mersenne Twister) but the same columns, vocabularies, proportions and cell
// types, deterministic for a given row count.

const HEADERS: [&str; 16] = [
    "Mobility ID",
    "Person ID",
    "Direction",
    "Participant",
    "Activity",
    "Funding",
    "Home programme",
    "Level",
    "Partner institution",
    "Partner Erasmus code",
    "Country",
    "Nationality",
    "Start date",
    "End date",
    "Fewer opportunities",
    "Green travel",
];
const COUNTRIES: &[&str] = &[
    "DE", "ES", "IT", "BE", "NL", "PL", "PT", "SE", "FI", "IE", "CZ", "AT", "RO", "GR", "HU", "NO",
    "GB", "CH", "US", "CA", "BR", "MX", "CN", "JP", "KR", "IN", "VN", "MA", "SN", "GH", "CM", "UA",
    "KZ", "TW", "TH", "GE", "KE", "JO", "AU", "CL", "AR", "CO", "TN", "DZ", "LB", "TR",
];
const ACTIVITIES: [(&str, &str); 5] = [
    ("Study", "Student"),
    ("Traineeship", "Student"),
    ("Double degree", "Student"),
    ("Teaching", "Staff"),
    ("Training", "Staff"),
];
const ACTIVITY_WEIGHTS: [u64; 5] = [50, 30, 5, 8, 7];
const FUNDING: &[&str] = &[
    "Erasmus+ KA131",
    "Erasmus+ KA171",
    "Bilateral agreement",
    "BCI",
    "FITEC",
    "ISEP",
    "No funding",
];
const HOME: &[&str] = &[
    "Agronomy",
    "Food Science",
    "Environment",
    "Computer Science",
    "Civil Engineering",
    "Electrical Engineering",
    "Chemistry",
    "Business & Management",
];
const LEVELS: &[&str] = &["Bachelor", "Master", "Doctorate"];
const START_MONTHS: &[u32] = &[1, 2, 6, 9, 9, 9];
const SEED: u64 = 7;

/// SplitMix64: tiny, fast, good enough for synthetic data, and needs no dependency.
struct Rng(u64);

impl Rng {
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in 0..n (multiply-shift; the bias is far below anything a benchmark sees).
    fn below(&mut self, n: u64) -> u64 {
        ((u128::from(self.next_u64()) * u128::from(n)) >> 64) as u64
    }

    /// Uniform in lo..hi, like Python's `randrange(lo, hi)`.
    fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.below(hi - lo)
    }

    fn choose<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }

    fn pick(&mut self, items: &[&'static str]) -> &'static str {
        items[self.below(items.len() as u64) as usize]
    }

    fn weighted(&mut self, weights: &[u64]) -> usize {
        let mut x = self.below(weights.iter().sum());
        for (i, w) in weights.iter().enumerate() {
            if x < *w {
                return i;
            }
            x -= w;
        }
        weights.len() - 1
    }
}

enum Field {
    Text(String),
    Date(NaiveDate),
}

struct Partner {
    name: String,
    country: &'static str,
    code: String,
}

fn partners() -> Vec<Partner> {
    (0..800)
        .map(|i| Partner {
            name: format!("University {i:04}"),
            country: COUNTRIES[i % COUNTRIES.len()],
            code: format!("X CITY{i:02}"),
        })
        .collect()
}

/// Row `i` of `n`, the 16 fields in HEADERS order.
fn mobility(i: usize, n: usize, rng: &mut Rng, partners: &[Partner]) -> [Field; 16] {
    let (activity, participant) = ACTIVITIES[rng.weighted(&ACTIVITY_WEIGHTS)];
    let year = 2015 + rng.below(10) as i32;
    let month = *rng.choose(START_MONTHS);
    let day = rng.range(1, 28) as u32;
    let start =
        NaiveDate::from_ymd_opt(year, month, day).expect("day below 28 exists in every month");
    let days = if participant == "Student" {
        rng.range(60, 330)
    } else {
        rng.range(2, 30)
    };
    let end = start
        .checked_add_days(Days::new(days))
        .expect("date in range");
    let partner = &partners[rng.below(partners.len() as u64) as usize];
    // COUNTRIES + ["FR"] * 20: France is most participants' nationality.
    let nationality = match rng.below(COUNTRIES.len() as u64 + 20) as usize {
        k if k < COUNTRIES.len() => COUNTRIES[k],
        _ => "FR",
    };
    let text = |s: &str| Field::Text(s.to_string());
    [
        Field::Text(format!("MOB-{i:08}")),
        Field::Text(format!("P{:08}", rng.below(n as u64 / 2 + 1))),
        text(rng.pick(&["Outgoing", "Outgoing", "Incoming"])),
        text(participant),
        text(activity),
        text(rng.pick(FUNDING)),
        text(rng.pick(HOME)),
        text(rng.pick(LEVELS)),
        text(&partner.name),
        text(&partner.code),
        text(partner.country),
        text(nationality),
        Field::Date(start),
        Field::Date(end),
        text(rng.pick(&["Yes", "No", "No", "No", "No"])),
        text(rng.pick(&["Yes", "No", "No"])),
    ]
}

pub(crate) fn xlsx_path(dir: &Path, rows: usize, strings: Strings) -> PathBuf {
    match strings {
        Strings::Inline => dir.join(format!("mobilities_{rows}.xlsx")),
        Strings::Shared => dir.join(format!("mobilities_{rows}_sst.xlsx")),
    }
}

pub(crate) fn csv_path(dir: &Path, rows: usize) -> PathBuf {
    dir.join(format!("mobilities_{rows}.csv"))
}

/// What [`generate`] wrote.
pub(crate) struct Generated {
    pub xlsx: Option<PathBuf>,
    pub csv: Option<PathBuf>,
}

/// A worksheet holds 1,048,576 rows, the header being one of them.
const XLSX_MAX_ROWS: usize = 1_048_575;

/// Writes the xlsx (when `xlsx` says how it stores its strings) and the csv (when `with_csv`)
/// from one stream of rows, so the same N gives the same rows in every file, written or not.
/// Rows go out as they are made: the csv alone, all that the largest sizes allow, takes no
/// memory per row. Each file is written under a temporary name and renamed at the end, so an
/// interrupted run never leaves a truncated file that `run` would reuse.
pub(crate) fn generate(
    rows: usize,
    dir: &Path,
    xlsx: Option<Strings>,
    with_csv: bool,
) -> Result<Generated> {
    if xlsx.is_some() && rows > XLSX_MAX_ROWS {
        bail!("an xlsx sheet holds at most {XLSX_MAX_ROWS} rows under its header, not {rows}: write the csv alone (--csv-only)");
    }
    std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    let xlsx_file = xlsx.map(|strings| xlsx_path(dir, rows, strings));
    let csv_file = with_csv.then(|| csv_path(dir, rows));
    let part = |path: &PathBuf| {
        let mut name = path.as_os_str().to_owned();
        name.push(".part");
        PathBuf::from(name)
    };

    let mut workbook = Workbook::new();
    // A fixed creation time (the zip entries' times are fixed already): same rows, same bytes.
    let created = ExcelDateTime::from_ymd(2025, 1, 1)?;
    workbook.set_properties(&DocProperties::new().set_creation_datetime(&created));
    // Constant-memory mode streams rows to a temporary file and writes inline strings, like
    // xlsxwriter's constant_memory; low-memory mode streams too but keeps a shared string table.
    let mut sheet = match xlsx {
        Some(Strings::Inline) => Some(workbook.add_worksheet_with_constant_memory()?),
        Some(Strings::Shared) => Some(workbook.add_worksheet_with_low_memory()?),
        None => None,
    };
    let date_format = Format::new().set_num_format("yyyy-mm-dd");
    if let Some(sheet) = &mut sheet {
        sheet.set_name("Mobilities")?;
        for (col, header) in HEADERS.iter().enumerate() {
            sheet.write_string(0, col as u16, *header)?;
        }
    }
    let mut out = match &csv_file {
        Some(file) => {
            let mut out = csv::Writer::from_path(part(file))
                .with_context(|| format!("creating {}", part(file).display()))?;
            out.write_record(HEADERS)?;
            Some(out)
        }
        None => None,
    };

    let mut rng = Rng(SEED);
    let partners = partners();
    let mut record: Vec<String> = Vec::with_capacity(HEADERS.len());
    for i in 0..rows {
        let row = (i + 1) as u32;
        record.clear();
        for (col, field) in mobility(i, rows, &mut rng, &partners)
            .into_iter()
            .enumerate()
        {
            match field {
                Field::Text(t) => {
                    if let Some(sheet) = &mut sheet {
                        sheet.write_string(row, col as u16, &t)?;
                    }
                    record.push(t);
                }
                Field::Date(d) => {
                    if let Some(sheet) = &mut sheet {
                        // A real date cell: the serial number with a date format, as Excel
                        // stores it.
                        let date = ExcelDateTime::from_ymd(
                            d.year() as u16,
                            d.month() as u8,
                            d.day() as u8,
                        )?;
                        sheet.write_datetime_with_format(row, col as u16, &date, &date_format)?;
                    }
                    record.push(d.to_string());
                }
            }
        }
        if let Some(out) = &mut out {
            out.write_record(&record)?;
        }
    }
    if let Some(mut out) = out {
        out.flush()?;
    }
    if let Some(file) = &xlsx_file {
        workbook.save(part(file))?;
        std::fs::rename(part(file), file)?;
    }
    if let Some(file) = &csv_file {
        std::fs::rename(part(file), file)?;
    }
    Ok(Generated {
        xlsx: xlsx_file,
        csv: csv_file,
    })
}
