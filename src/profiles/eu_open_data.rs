//! The `eu-open-data` profile: the Commission's Erasmus+ mobility files on data.europa.eu
//! (snake_case or Title Case headers). A row may stand for several participants; dates are
//! months ("2019-09"); "???" and "-" mean unknown. Direction as for the Beneficiary Module:
//! the side that is the institution (Erasmus code) or, else, in its country.
//!
//! Header spellings, all read alike (`Columns` folds case, spaces and punctuation):
//! - the data dictionary published with the 2014-2019 files ("Data dictionary - Mobility
//!   periods.xlsx", export of 11/05/2021): "Mobility Start Month/Year", "Mobility End
//!   Month/Year", "Duration - calendar days", "Sending Organisation name", "Receiving
//!   Organination name" (sic), "Sending Organisation Erasmus code", "Participant  Age";
//! - the snake_case files derived from them (TidyTuesday 2022-03-08): "mobility_start_month",
//!   "mobility_duration", "sending_organization";
//! - the yearly "Erasmus-KA1-YYYY.xlsx" workbooks from 2021 on: "Mobility Start Year/Month",
//!   "Mobility End Year/Month", "Mobility Duration", one sheet per programme period (read
//!   together: a profile's input reads every sheet).

use super::columns::{cell, text, Columns};
use super::sides::{direction_and_partner, SideReader};
use super::{Home, Layout, Note};
use crate::ingest::Cell;
use crate::normalise::text::fold;
use chrono::{Datelike, NaiveDate};

const FIELDS: &[&str] = &[
    "project_reference",
    "academic_year",
    "direction",
    "participant",
    "activity",
    "level",
    "nationality",
    "gender",
    "partner_name",
    "partner_erasmus_code",
    "partner_country",
    "partner_city",
    "start_date",
    "end_date",
    "duration_days",
    "fewer_opportunities",
    "participants",
    "field_of_education",
];

#[derive(Debug, Default, Clone, Copy)]
struct Org {
    name: Option<usize>,
    code: Option<usize>,
    country: Option<usize>,
    city: Option<usize>,
}

impl Org {
    fn find(cols: &mut Columns, side: &str) -> Org {
        Org {
            name: cols.take(&[
                &format!("{side}_organization"),
                &format!("{side}_organisation"),
                &format!("{side} organisation name"),
                &format!("{side} organization name"),
                // The data dictionary's own spelling of the receiving side.
                &format!("{side} organination name"),
            ]),
            code: cols.take(&[
                &format!("{side}_organisation_erasmus_code"),
                &format!("{side}_organization_erasmus_code"),
            ]),
            country: cols.take(&[&format!("{side}_country_code")]),
            city: cols.take(&[&format!("{side}_city")]),
        }
    }
}

#[derive(Debug, Default)]
struct Found {
    cols: Columns,
    project: Option<usize>,
    year: Option<usize>,
    start: Option<usize>,
    end: Option<usize>,
    duration: Option<usize>,
    activity: Option<usize>,
    level: Option<usize>,
    nationality: Option<usize>,
    gender: Option<usize>,
    profile: Option<usize>,
    fewer: Option<usize>,
    participants: Option<usize>,
    field: Option<usize>,
    sending: Org,
    receiving: Org,
}

/// The open-data layout.
pub(crate) struct OpenData {
    home: Home,
    found: Option<Found>,
    sides: SideReader,
}

impl OpenData {
    pub fn new(home: Home) -> Self {
        OpenData {
            home,
            found: None,
            sides: SideReader::default(),
        }
    }
}

/// The Commission's activity labels ("Student mobility for studies between Programme
/// Countries", "Staff mobility for teaching ...") as mobistat's activities; youth, school and
/// adult-education activities are "other".
fn activity(label: &str) -> &'static str {
    let key = fold(label);
    let has = |w: &str| key.split(' ').any(|x| x == w);
    if has("blended") {
        "blended_intensive"
    } else if has("doctoral") {
        "doctoral_short"
    } else if has("studies") || has("study") {
        "study"
    } else if has("traineeship") || has("traineeships") || has("placement") {
        "traineeship"
    } else if has("teaching") {
        "teaching"
    } else if has("training") && has("staff") {
        "training"
    } else {
        "other"
    }
}

/// "ISCED-7 - Master's or equivalent level" → master (EQF levels alike).
fn level(label: &str) -> Option<&'static str> {
    let key = fold(label);
    let level = key
        .split(' ')
        .skip_while(|w| *w != "isced" && *w != "eqf")
        .nth(1)?;
    match level {
        "6" => Some("bachelor"),
        "7" => Some("master"),
        "8" => Some("doctorate"),
        _ => None,
    }
}

/// A month ("2019-09", "2019/09", or a date cell) as its first or last day.
fn month_day(cell: &Cell, last: bool) -> Option<NaiveDate> {
    let first = match cell {
        Cell::Date(d) => d.with_day(1)?,
        _ => {
            let text = cell.display();
            let (y, m) = text.trim().split_once(['-', '/'])?;
            NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, 1)?
        }
    };
    if !last {
        return Some(first);
    }
    let next = first.checked_add_months(chrono::Months::new(1))?;
    next.pred_opt()
}

impl Layout for OpenData {
    fn header(&mut self, cells: &[Cell]) -> bool {
        let mut cols = Columns::new(cells);
        let is_open_data = cols.has(&["project_reference"])
            && cols.has(&["sending_country_code"])
            && cols.has(&["receiving_country_code"]);
        if !is_open_data {
            return false;
        }
        if self.found.is_some() {
            return true;
        }
        self.found = Some(Found {
            project: cols.take(&["project_reference"]),
            year: cols.take(&["academic_year"]),
            start: cols.take(&[
                "mobility_start_month",
                "Mobility Start Month/Year",
                "Mobility Start Year/Month",
            ]),
            end: cols.take(&[
                "mobility_end_month",
                "Mobility End Month/Year",
                "Mobility End Year/Month",
            ]),
            duration: cols.take(&["mobility_duration", "Duration - calendar days"]),
            activity: cols.take(&["activity_mob", "activity"]),
            level: cols.take(&["education_level"]),
            nationality: cols.take(&["participant_nationality"]),
            gender: cols.take(&["participant_gender"]),
            profile: cols.take(&["participant_profile"]),
            fewer: cols.take(&["fewer_opportunities"]),
            participants: cols.take(&["participants"]),
            field: cols.take(&["field_of_education"]),
            sending: Org::find(&mut cols, "sending"),
            receiving: Org::find(&mut cols, "receiving"),
            cols,
        });
        true
    }

    fn fields(&self) -> &'static [&'static str] {
        FIELDS
    }

    fn columns(&self) -> Option<&Columns> {
        self.found.as_ref().map(|f| &f.cols)
    }

    fn row(
        &mut self,
        cells: &[Cell],
        out: &mut Vec<Cell>,
        origin: &mut Vec<Option<usize>>,
        notes: &mut Vec<Note>,
    ) {
        let f = self.found.as_ref().expect("header before rows");
        let mut side = |o: &Org| {
            self.sides
                .read(text(cells, o.code), None, None, text(cells, o.country))
        };
        let (sending, receiving) = (side(&f.sending), side(&f.receiving));
        let (direction, p) = direction_and_partner(
            &self.home,
            (&sending, &receiving),
            (f.sending, f.receiving),
            (f.sending.country, text(cells, f.sending.country)),
            notes,
        );
        let text_cell = |t: Option<&str>| t.map(|t| Cell::Text(t.to_string())).unwrap_or_default();
        // Without an activity column, the key action of the project says nothing finer.
        let activity = text(cells, f.activity).map_or("other", |a| activity(&a));
        let level_text = text(cells, f.level);
        let month = |col: Option<usize>, last: bool| -> Cell {
            let raw = cell(cells, col);
            if raw.is_blank() {
                return Cell::Empty;
            }
            // An unreadable month goes through as written: the row builder names it.
            month_day(&raw, last).map(Cell::Date).unwrap_or(raw)
        };
        let pairs: [(Cell, Option<usize>); 18] = [
            (cell(cells, f.project), f.project),
            (cell(cells, f.year), f.year),
            (Cell::Text(direction.to_string()), None),
            (cell(cells, f.profile), f.profile),
            (Cell::Text(activity.to_string()), f.activity),
            (text_cell(level_text.as_deref().and_then(level)), f.level),
            (cell(cells, f.nationality), f.nationality),
            (cell(cells, f.gender), f.gender),
            (cell(cells, p.name), p.name),
            (cell(cells, p.code), p.code),
            (cell(cells, p.country), p.country),
            (cell(cells, p.city), p.city),
            (month(f.start, false), f.start),
            (month(f.end, true), f.end),
            (cell(cells, f.duration), f.duration),
            (cell(cells, f.fewer), f.fewer),
            (cell(cells, f.participants), f.participants),
            (cell(cells, f.field), f.field),
        ];
        super::emit(pairs, out, origin);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(texts: &[&str]) -> Vec<Cell> {
        texts.iter().map(|t| Cell::Text(t.to_string())).collect()
    }

    #[test]
    fn months_placeholders_and_aggregated_rows() {
        let home = Home {
            country: "DE".into(),
            ..Default::default()
        };
        let mut od = OpenData::new(home);
        // The Commission's Title Case headers fold like the snake_case ones.
        let header = row(&[
            "Project Reference",
            "academic_year",
            "mobility_start_month",
            "mobility_end_month",
            "mobility_duration",
            "activity_mob",
            "sending_country_code",
            "receiving_country_code",
            "receiving_organization",
            "participants",
            "participant_age",
        ]);
        assert!(od.header(&header));
        assert_eq!(od.unused(), vec![10]);
        let (mut out, mut origin, mut notes) = (Vec::new(), Vec::new(), Vec::new());
        let data = row(&[
            "2019-1-DE01-KA103-000001",
            "2019-2020",
            "2020-02",
            "2020-02",
            "29",
            "Student mobility for studies between Programme Countries",
            "DE",
            "FR",
            "???",
            "3",
            "21",
        ]);
        od.row(&data, &mut out, &mut origin, &mut notes);
        assert!(notes.is_empty());
        let at = |f: &str| FIELDS.iter().position(|x| *x == f).unwrap();
        assert_eq!(out[at("direction")], Cell::Text("outgoing".into()));
        assert_eq!(out[at("activity")], Cell::Text("study".into()));
        assert_eq!(out[at("partner_name")], Cell::Empty);
        assert_eq!(out[at("partner_country")], Cell::Text("FR".into()));
        let date = |y, m, d| Cell::Date(NaiveDate::from_ymd_opt(y, m, d).unwrap());
        // February 2020 had 29 days.
        assert_eq!(out[at("start_date")], date(2020, 2, 1));
        assert_eq!(out[at("end_date")], date(2020, 2, 29));
        assert_eq!(out[at("participants")], Cell::Text("3".into()));
        assert_eq!(activity("National youth meetings"), "other");
        assert_eq!(activity("Staff mobility for training"), "training");
        assert_eq!(
            level("ISCED-7 - Master's or equivalent level"),
            Some("master")
        );
        assert_eq!(level("???"), None);
    }
}
