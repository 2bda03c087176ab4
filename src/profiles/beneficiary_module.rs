//! The `beneficiary-module` profile: the Erasmus+ Beneficiary Module's mobility export, with
//! both organisations on every row. The institution's side (its Erasmus code, OID or PIC, else
//! its country) gives the direction; the other side is the partner.
//!
//! Two generations of the export are read alike:
//! - the Mobility Tool+ export ("Mobility ID", "Project Code", "Activity Type", "Duration
//!   Calculated (days)");
//! - the Beneficiary Module's current import-export template (data dictionaries for KA121,
//!   KA122, KA131 and KA171 published on 06/11/2024; Commission wiki pages "Export and import
//!   mobility activities or participations using xlsx files" and "Data dictionary and Mobility
//!   Import-Export templates", wikis.ec.europa.eu/display/NAITDOC). Its mandatory key columns
//!   are "Data type", "Grant Agreement No." and "Mobility activity ID" (an ID such as
//!   "005041-MOB-00001"); the main row of a mobility is followed by sub-rows of the same
//!   mobility activity ID holding up to 10 itineraries ("Receiving Organisation OID",
//!   "Receiving country", "Receiving city", "Funded duration including travel days (in
//!   days)"), 3 certifications and 3 languages. Sub-rows are read with their mobility and
//!   counted as skipped (rule sub_row), never as mobilities; the main row's funded and
//!   interrupted durations are kept.

use super::columns::{cell, text, Columns};
use super::sides::{direction_and_partner, Side, SideReader};
use super::{Home, Layout, Note};
use crate::i18n::Message;
use crate::ingest::Cell;
use crate::normalise::text::fold;
use crate::validate::Rule;

/// Fields of the translated rows.
const FIELDS: &[&str] = &[
    "mobility_id",
    "project_reference",
    "person_id",
    "direction",
    "activity",
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
    "green_travel",
    "funded_days",
    "interrupted_days",
    "zero_grant",
    "distance_band",
];

/// One organisation's columns.
#[derive(Debug, Default, Clone, Copy)]
struct Org {
    name: Option<usize>,
    code: Option<usize>,
    oid: Option<usize>,
    pic: Option<usize>,
    country: Option<usize>,
    city: Option<usize>,
}

impl Org {
    fn find(cols: &mut Columns, side: &str) -> Org {
        let names = |suffixes: &[&str]| -> Vec<String> {
            ["Organisation", "Organization", ""]
                .iter()
                .flat_map(|o| suffixes.iter().map(move |s| format!("{side} {o} {s}")))
                .collect()
        };
        let mut take = |suffixes: &[&str]| {
            let list = names(suffixes);
            let refs: Vec<&str> = list.iter().map(String::as_str).collect();
            cols.take(&refs)
        };
        Org {
            name: take(&["Name", "Legal Name", ""]),
            code: take(&["Erasmus Code", "Erasmus ID"]),
            oid: take(&["OID", "ID"]),
            pic: take(&["PIC"]),
            country: take(&["Country", "Country Code"]),
            city: take(&["City"]),
        }
    }

    fn side(&self, reader: &mut SideReader, cells: &[Cell]) -> Side {
        reader.read(
            text(cells, self.code),
            text(cells, self.oid),
            text(cells, self.pic),
            text(cells, self.country),
        )
    }
}

/// Where the export's columns are, once its header is found.
#[derive(Debug, Default)]
struct Found {
    cols: Columns,
    mobility_id: Option<usize>,
    project: Option<usize>,
    person: Option<usize>,
    activity: Option<usize>,
    nationality: Option<usize>,
    gender: Option<usize>,
    start: Option<usize>,
    end: Option<usize>,
    duration: Option<usize>,
    fewer: Option<usize>,
    green: Option<usize>,
    /// The current template's "Data type": the mobility's main row, or one of its sub-rows.
    data_type: Option<usize>,
    funded: Option<usize>,
    interrupted: Option<usize>,
    /// The grant columns the Erasmus+ grant rules read (`grants::rules`).
    zero_grant: Option<usize>,
    band: Option<usize>,
    sending: Org,
    receiving: Org,
}

/// The Beneficiary Module layout.
pub(crate) struct Bm {
    home: Home,
    found: Option<Found>,
    sides: SideReader,
}

impl Bm {
    pub fn new(home: Home) -> Self {
        Bm {
            home,
            found: None,
            sides: SideReader::default(),
        }
    }
}

/// Whether the template's "Data type" names a mobility's main row ("Mobility", "Mobility
/// activity") rather than one of its sub-rows ("Itinerary", "Certification", "Language").
fn is_main_row(kind: &str) -> bool {
    let key = fold(kind);
    key.split(' ').any(|w| w == "mobility" || w == "main")
}

/// The BM's activity cell: its HE-xxx code when it starts with one ("HE-SMS - Student
/// mobility for studies"), else the text as written.
fn activity_code(text: &str) -> String {
    let first = text.split([' ', '-', '–']).collect::<Vec<_>>();
    match first.as_slice() {
        [he, code, ..] if he.eq_ignore_ascii_case("HE") && !code.is_empty() => {
            format!("HE-{}", code.to_ascii_uppercase())
        }
        _ => text.to_string(),
    }
}

impl Layout for Bm {
    fn header(&mut self, cells: &[Cell]) -> bool {
        let mut cols = Columns::new(cells);
        let mobility_tool = cols.has(&["Activity Type", "Activity"])
            && cols.has(&["Start Date", "Mobility Start Date"])
            && cols.has(&["Sending Country", "Sending Organisation Country"])
            && cols.has(&["Receiving Country", "Receiving Organisation Country"]);
        // The current template's mandatory keys.
        let template = cols.has(&["Grant Agreement No."]) && cols.has(&["Mobility activity ID"]);
        let is_bm = mobility_tool || template;
        if !is_bm {
            return false;
        }
        if self.found.is_some() {
            return true;
        }
        self.found = Some(Found {
            mobility_id: cols.take(&["Mobility ID", "Mobility activity ID", "Mobility Identifier"]),
            project: cols.take(&[
                "Project Code",
                "Grant Agreement No.",
                "Grant Agreement Number",
                "Project Reference",
                "Project Number",
                "Project",
            ]),
            person: cols.take(&[
                "Participant ID",
                "Participant Identifier",
                "Participant Email",
                "Participant E-mail",
            ]),
            activity: cols.take(&["Activity Type", "Activity"]),
            nationality: cols.take(&["Participant Nationality", "Nationality"]),
            gender: cols.take(&["Participant Gender", "Gender"]),
            start: cols.take(&["Start Date", "Mobility Start Date"]),
            end: cols.take(&["End Date", "Mobility End Date"]),
            duration: cols.take(&[
                "Duration Calculated (days)",
                "Duration Calculated",
                "Duration (days)",
                "Actual Duration (days)",
            ]),
            fewer: cols.take(&[
                "Participant With Fewer Opportunities",
                "Fewer Opportunities",
            ]),
            green: cols.take(&["Green Travel"]),
            data_type: cols.take(&["Data type"]),
            funded: cols.take(&[
                "Funded duration including travel days (in days)",
                "Funded duration including travel days",
                "Funded Duration (days)",
                "Funded Duration",
            ]),
            interrupted: cols.take(&[
                "Interrupted duration (in days)",
                "Interrupted Duration (days)",
                "Interrupted Duration",
                "Duration of interruption",
            ]),
            zero_grant: cols.take(&["Zero Grant", "Zero grant participant", "Zero EU Grant"]),
            band: cols.take(&["Distance Band", "Travel distance band", "Distance band"]),
            sending: Org::find(&mut cols, "Sending"),
            receiving: Org::find(&mut cols, "Receiving"),
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

    fn skip(&mut self, cells: &[Cell]) -> Option<(Rule, String, Message)> {
        let f = self.found.as_ref()?;
        let kind = text(cells, f.data_type)?;
        if is_main_row(&kind) {
            return None;
        }
        let mobility = text(cells, f.mobility_id).unwrap_or_else(|| "?".into());
        let reason = Message::new("profile.bm_sub_row")
            .with("kind", &kind)
            .with("mobility", mobility);
        Some((Rule::SubRow, kind, reason))
    }

    fn row(
        &mut self,
        cells: &[Cell],
        out: &mut Vec<Cell>,
        origin: &mut Vec<Option<usize>>,
        notes: &mut Vec<Note>,
    ) {
        let f = self.found.as_ref().expect("header before rows");
        let sending = f.sending.side(&mut self.sides, cells);
        let receiving = f.receiving.side(&mut self.sides, cells);
        let (direction, p) = direction_and_partner(
            &self.home,
            (&sending, &receiving),
            (f.sending, f.receiving),
            (f.sending.country, text(cells, f.sending.country)),
            notes,
        );
        // A partner known by its code alone (no name column, or a blank name) is named by it.
        let name_col = [p.name, p.code, p.oid]
            .into_iter()
            .find(|c| text(cells, *c).is_some())
            .flatten();
        let activity = text(cells, f.activity).map(|a| Cell::Text(activity_code(&a)));
        let pairs: [(Cell, Option<usize>); 20] = [
            (cell(cells, f.mobility_id), f.mobility_id),
            (cell(cells, f.project), f.project),
            (cell(cells, f.person), f.person),
            (Cell::Text(direction.to_string()), None),
            (activity.unwrap_or_default(), f.activity),
            (cell(cells, f.nationality), f.nationality),
            (cell(cells, f.gender), f.gender),
            (cell(cells, name_col), name_col),
            (cell(cells, p.code), p.code),
            (cell(cells, p.country), p.country),
            (cell(cells, p.city), p.city),
            (cell(cells, f.start), f.start),
            (cell(cells, f.end), f.end),
            (cell(cells, f.duration), f.duration),
            (cell(cells, f.fewer), f.fewer),
            (cell(cells, f.green), f.green),
            (cell(cells, f.funded), f.funded),
            (cell(cells, f.interrupted), f.interrupted),
            (cell(cells, f.zero_grant), f.zero_grant),
            (cell(cells, f.band), f.band),
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
    fn direction_from_the_home_side_and_the_partner_is_the_other() {
        let home = Home {
            country: "FR".into(),
            erasmus_code: Some("F  PARIS001".into()),
            ..Default::default()
        };
        let mut bm = Bm::new(home);
        let header = row(&[
            "Mobility ID",
            "Activity Type",
            "Sending Organisation Erasmus Code",
            "Sending Country",
            "Receiving Organisation Erasmus Code",
            "Receiving Organisation Name",
            "Receiving Country",
            "Start Date",
            "End Date",
            "Duration Calculated (days)",
            "Participant Age",
        ]);
        assert!(bm.header(&header));
        assert_eq!(bm.unused(), vec![10]);
        let (mut out, mut origin, mut notes) = (Vec::new(), Vec::new(), Vec::new());
        let data = row(&[
            "M-1",
            "HE-SMS - Student mobility for studies",
            "F PARIS001",
            "FR",
            "D BERLIN01",
            "FU Berlin",
            "DE",
            "2024-09-01",
            "2025-01-31",
            "153",
            "21",
        ]);
        bm.row(&data, &mut out, &mut origin, &mut notes);
        assert!(notes.is_empty());
        let at = |f: &str| FIELDS.iter().position(|x| *x == f).unwrap();
        assert_eq!(out[at("direction")], Cell::Text("outgoing".into()));
        assert_eq!(out[at("activity")], Cell::Text("HE-SMS".into()));
        assert_eq!(out[at("partner_name")], Cell::Text("FU Berlin".into()));
        assert_eq!(out[at("partner_country")], Cell::Text("DE".into()));
        assert_eq!(origin[at("partner_country")], Some(6));
        // An incoming row: the sending side is the partner (no name column here: its code names it).
        let (mut out, mut origin) = (Vec::new(), Vec::new());
        let data = row(&[
            "M-2",
            "HE-STA",
            "D BERLIN01",
            "DE",
            "F PARIS001",
            "Us",
            "FR",
            "2024-10-01",
            "2024-10-05",
            "5",
            "",
        ]);
        bm.row(&data, &mut out, &mut origin, &mut notes);
        assert_eq!(out[at("direction")], Cell::Text("incoming".into()));
        assert_eq!(out[at("partner_country")], Cell::Text("DE".into()));
        assert_eq!(out[at("partner_name")], Cell::Text("D BERLIN01".into()));
        // A title row is not the header.
        assert!(!Bm::new(Home::default()).header(&row(&["Mobility report", "2024"])));
    }

    #[test]
    fn the_current_template_keys_and_sub_rows() {
        let home = Home {
            country: "FR".into(),
            ..Default::default()
        };
        let mut bm = Bm::new(home);
        // The current template's key columns (the Commission's wiki, data dictionaries of
        // 06/11/2024) and an itinerary's columns.
        let header = row(&[
            "Data type",
            "Grant Agreement No.",
            "Mobility activity ID",
            "Activity type",
            "Sending Organisation OID",
            "Sending country",
            "Receiving Organisation OID",
            "Receiving country",
            "Receiving city",
            "Start date",
            "End date",
            "Funded duration including travel days (in days)",
            "Interrupted duration (in days)",
            "Zero Grant",
            "Distance Band",
        ]);
        assert!(bm.header(&header));
        assert!(bm.unused().is_empty(), "{:?}", bm.unused());
        let main = row(&[
            "Mobility",
            "2024-1-FR01-KA131-HED-000123456",
            "123456-MOB-00001",
            "HE-SMS",
            "E10000001",
            "FR",
            "E20000002",
            "DE",
            "Berlin",
            "2024-09-01",
            "2025-01-31",
            "155",
            "0",
            "No",
            "500-1999 km",
        ]);
        assert_eq!(bm.skip(&main), None);
        let (mut out, mut origin, mut notes) = (Vec::new(), Vec::new(), Vec::new());
        bm.row(&main, &mut out, &mut origin, &mut notes);
        let at = |f: &str| FIELDS.iter().position(|x| *x == f).unwrap();
        assert_eq!(
            out[at("mobility_id")],
            Cell::Text("123456-MOB-00001".into())
        );
        assert_eq!(
            out[at("project_reference")],
            Cell::Text("2024-1-FR01-KA131-HED-000123456".into())
        );
        assert_eq!(out[at("direction")], Cell::Text("outgoing".into()));
        assert_eq!(out[at("funded_days")], Cell::Text("155".into()));
        assert_eq!(out[at("interrupted_days")], Cell::Text("0".into()));
        // The grant rules' columns.
        assert_eq!(out[at("zero_grant")], Cell::Text("No".into()));
        assert_eq!(out[at("distance_band")], Cell::Text("500-1999 km".into()));
        // The partner has no name column: its OID names it.
        assert_eq!(out[at("partner_name")], Cell::Text("E20000002".into()));
        let mut itinerary = main.clone();
        itinerary[0] = Cell::Text("Itinerary".into());
        let (rule, value, reason) = bm.skip(&itinerary).unwrap();
        assert_eq!((rule, value.as_str()), (Rule::SubRow, "Itinerary"));
        assert_eq!(
            reason.en(),
            "a row of data type \"Itinerary\" of mobility 123456-MOB-00001 (an itinerary, a \
             certification or a language): read with its mobility, it is not another one"
        );
        assert!(is_main_row("Mobility activity"));
        assert!(!is_main_row("Certification"));
    }
}
