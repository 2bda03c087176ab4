//! What `reconcile` hands back: `reconciliation.csv` (one line per mobility of either side and
//! per rejected row, problems first, in a fixed order so that runs are byte-identical) and the
//! counts the terminal summary and the exit code come from.

use super::matching::{Pairing, Record, Source, COMPARED};
use super::records::Rejected;
use crate::error::Result;
use crate::settings::CsvDialect;
use std::collections::BTreeMap;
use std::path::Path;

/// The columns of reconciliation.csv.
pub const HEADER: [&str; 21] = [
    "status",
    "matched_by",
    "differences",
    "ours_mobility_id",
    "bm_mobility_id",
    "person_id",
    "partner",
    "partner_erasmus_code",
    "country",
    "activity",
    "direction",
    "ours_start_date",
    "bm_start_date",
    "ours_end_date",
    "bm_end_date",
    "ours_file",
    "ours_sheet",
    "ours_row",
    "bm_file",
    "bm_sheet",
    "bm_row",
];

/// What became of a line's mobility.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Matched,
    MatchedWithDifferences,
    OursOnly,
    BmOnly,
    /// A row validation rejected: it could not be reconciled.
    Rejected,
}

impl Status {
    /// The value written in the status column.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Matched => "matched",
            Status::MatchedWithDifferences => "matched_with_differences",
            Status::OursOnly => "ours_only",
            Status::BmOnly => "bm_only",
            Status::Rejected => "rejected",
        }
    }

    /// Problems first: a mobility on one side only (both sides together, so that the two
    /// halves of a mismatched mobility sit side by side), then differences, then rejected rows.
    fn rank(self) -> u8 {
        match self {
            Status::OursOnly | Status::BmOnly => 0,
            Status::MatchedWithDifferences => 1,
            Status::Rejected => 2,
            Status::Matched => 3,
        }
    }
}

/// Which input a rejected row belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    Ours,
    Bm,
}

/// One line of reconciliation.csv.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    pub status: Status,
    /// The values of the [`HEADER`] columns.
    pub cells: [String; 21],
    /// (status rank, person, start date, our row, the export's row).
    sort: (u8, String, String, Option<Source>, Option<Source>),
}

/// The outcome counts of a reconciliation.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Counts {
    /// Pairs with no difference.
    pub matched: usize,
    /// Pairs with at least one difference.
    pub with_differences: usize,
    /// Pairs with a difference in each field.
    pub by_field: BTreeMap<&'static str, usize>,
    /// Our mobilities in scope that the export lacks.
    pub ours_only: usize,
    /// The export's mobilities in scope that ours lack.
    pub bm_only: usize,
    /// Rows validation rejected, on our side and in the export.
    pub rejected_ours: usize,
    pub rejected_bm: usize,
}

impl Counts {
    /// Mobilities found on one side only: what makes `reconcile` exit 1.
    pub fn unmatched(&self) -> usize {
        self.ours_only + self.bm_only
    }

    /// "start_date 2, duration_days 3", in the order the fields are compared.
    pub fn fields_text(&self) -> String {
        COMPARED
            .iter()
            .filter_map(|f| self.by_field.get(f).map(|n| format!("{f} {n}")))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

fn opt(text: &Option<String>) -> String {
    text.clone().unwrap_or_default()
}

fn date(d: Option<chrono::NaiveDate>) -> String {
    d.map(|d| d.format("%Y-%m-%d").to_string())
        .unwrap_or_default()
}

fn place(source: Option<&Source>) -> [String; 3] {
    match source {
        Some(s) => [s.file.clone(), s.sheet.clone(), s.row.to_string()],
        None => Default::default(),
    }
}

/// A line for a pair or a lone record; shared values come from our side when it has them.
fn line(
    status: Status,
    matched_by: &str,
    differences: String,
    ours: Option<&Record>,
    bm: Option<&Record>,
) -> Line {
    let shared = |get: fn(&Record) -> &Option<String>| {
        ours.and_then(|r| get(r).clone())
            .or_else(|| bm.and_then(|r| get(r).clone()))
            .unwrap_or_default()
    };
    let person = shared(|r| &r.person_id);
    let start = ours.and_then(|r| r.start).or(bm.and_then(|r| r.start));
    let [of, os, or] = place(ours.map(|r| &r.source));
    let [bf, bs, br] = place(bm.map(|r| &r.source));
    Line {
        status,
        sort: (
            status.rank(),
            person.clone(),
            date(start),
            ours.map(|r| r.source.clone()),
            bm.map(|r| r.source.clone()),
        ),
        cells: [
            status.as_str().to_string(),
            matched_by.to_string(),
            differences,
            ours.map(|r| opt(&r.mobility_id)).unwrap_or_default(),
            bm.map(|r| opt(&r.mobility_id)).unwrap_or_default(),
            person,
            shared(|r| &r.partner_name),
            shared(|r| &r.partner_code),
            shared(|r| &r.partner_country),
            shared(|r| &r.activity),
            shared(|r| &r.direction),
            date(ours.and_then(|r| r.start)),
            date(bm.and_then(|r| r.start)),
            date(ours.and_then(|r| r.end)),
            date(bm.and_then(|r| r.end)),
            of,
            os,
            or,
            bf,
            bs,
            br,
        ],
    }
}

/// The lines of reconciliation.csv, sorted, and their counts.
pub(crate) fn lines(
    ours: &[Record],
    bm: &[Record],
    pairings: &[Pairing],
    rejected: &[(Side, Rejected)],
) -> (Vec<Line>, Counts) {
    let mut counts = Counts::default();
    let mut out = Vec::with_capacity(pairings.len() + rejected.len());
    for pairing in pairings {
        out.push(match pairing {
            Pairing::Matched {
                ours: i,
                bm: j,
                by,
                differences,
            } => {
                let status = if differences.is_empty() {
                    counts.matched += 1;
                    Status::Matched
                } else {
                    counts.with_differences += 1;
                    for d in differences {
                        *counts.by_field.entry(d.field).or_default() += 1;
                    }
                    Status::MatchedWithDifferences
                };
                let text = differences
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join("; ");
                line(status, by.as_str(), text, Some(&ours[*i]), Some(&bm[*j]))
            }
            Pairing::OursOnly(i) => {
                counts.ours_only += 1;
                line(Status::OursOnly, "", String::new(), Some(&ours[*i]), None)
            }
            Pairing::BmOnly(j) => {
                counts.bm_only += 1;
                line(Status::BmOnly, "", String::new(), None, Some(&bm[*j]))
            }
        });
    }
    for (side, row) in rejected {
        // Only the location is known of a rejected row: the record holds nothing else.
        let record = Record {
            source: row.source.clone(),
            ..Record::default()
        };
        let (o, b) = match side {
            Side::Ours => {
                counts.rejected_ours += 1;
                (Some(&record), None)
            }
            Side::Bm => {
                counts.rejected_bm += 1;
                (None, Some(&record))
            }
        };
        out.push(line(Status::Rejected, "", row.reason.clone(), o, b));
    }
    out.sort_by(|a, b| a.sort.cmp(&b.sort));
    (out, counts)
}

/// Writes the lines as CSV in `dialect` to `path`, creating its folder.
pub(crate) fn write(lines: &[Line], path: &Path, dialect: CsvDialect) -> Result<()> {
    crate::render::write_file(path, |out| {
        let mut writer = dialect.writer(out)?;
        writer.write_record(HEADER)?;
        for line in lines {
            writer.write_record(&line.cells)?;
        }
        writer.flush()
    })
}

#[cfg(test)]
mod tests {
    use super::super::matching::{reconcile, MatchedBy};
    use super::*;
    use chrono::NaiveDate;

    fn rec(id: &str, person: &str, day: u32, row: u32) -> Record {
        Record {
            mobility_id: Some(id.into()),
            person_id: Some(person.into()),
            partner_country: Some("AT".into()),
            start: NaiveDate::from_ymd_opt(2024, 9, day),
            source: Source {
                file: "ours.csv".into(),
                sheet: String::new(),
                row,
            },
            ..Default::default()
        }
    }

    #[test]
    fn problems_come_first_and_unmatched_halves_sit_together() {
        let ours = [
            rec("1", "B", 2, 2),
            rec("2", "A", 2, 3),
            rec("3", "C", 2, 4),
        ];
        let bm = [
            rec("1", "B", 2, 2),
            rec("9", "A", 20, 3),
            rec("3", "C", 4, 4),
        ];
        let pairings = reconcile(&ours, &bm, 3);
        let rejected = [(
            Side::Bm,
            Rejected {
                source: Source {
                    file: "bm.csv".into(),
                    sheet: String::new(),
                    row: 9,
                },
                reason: "bad date".into(),
            },
        )];
        let (lines, counts) = lines(&ours, &bm, &pairings, &rejected);
        let shown: Vec<(&str, &str, &str)> = lines
            .iter()
            .map(|l| {
                (
                    l.cells[0].as_str(),
                    l.cells[5].as_str(),
                    l.cells[2].as_str(),
                )
            })
            .collect();
        assert_eq!(
            shown,
            vec![
                ("ours_only", "A", ""),
                ("bm_only", "A", ""),
                (
                    "matched_with_differences",
                    "C",
                    "start_date: 2024-09-02 ≠ 2024-09-04"
                ),
                ("rejected", "", "bad date"),
                ("matched", "B", ""),
            ]
        );
        assert_eq!(lines[4].cells[1], MatchedBy::MobilityId.as_str());
        assert_eq!(lines[3].cells[18..], ["bm.csv", "", "9"]);
        assert_eq!(counts.unmatched(), 2);
        assert_eq!(counts.fields_text(), "start_date 1");
        assert_eq!(counts.rejected_bm, 1);
    }
}
