//! Import profiles: known export layouts (the Erasmus+ Beneficiary Module, the Commission's
//! open-data mobility files, pre-2014 LLP student files) translated row by row into the
//! canonical mobilities layout before the row builder reads them.

mod beneficiary_module;
mod columns;
mod eu_open_data;
mod llp_legacy;
mod sides;
mod sink;

pub use sink::ProfileSink;

use crate::i18n::Message;
use crate::ingest::Cell;
use crate::schema::TableKind;
use crate::validate::{Rule, Severity};

/// A known export layout, chosen with `profile = "..."` on an input.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize, clap::ValueEnum)]
#[serde(rename_all = "kebab-case")]
pub enum Profile {
    /// The Erasmus+ Beneficiary Module's mobility export.
    BeneficiaryModule,
    /// The Commission's mobility files on data.europa.eu (aggregated rows).
    EuOpenData,
    /// Pre-2014 Lifelong Learning Programme student files.
    LlpLegacy,
}

impl Profile {
    /// Every profile, in the order `init` tries them.
    pub const ALL: [Profile; 3] = [
        Profile::BeneficiaryModule,
        Profile::EuOpenData,
        Profile::LlpLegacy,
    ];

    /// The name written in `mobistat.toml`.
    pub fn as_str(self) -> &'static str {
        match self {
            Profile::BeneficiaryModule => "beneficiary-module",
            Profile::EuOpenData => "eu-open-data",
            Profile::LlpLegacy => "llp-legacy",
        }
    }

    /// The canonical table the profile fills.
    pub fn table(self) -> TableKind {
        TableKind::Mobilities
    }

    /// Required fields the layout cannot supply: its rows are kept with them empty.
    pub fn relaxed(self) -> Vec<&'static str> {
        match self {
            Profile::BeneficiaryModule => vec![],
            // Aggregated rows may leave the host organisation as "???" or "-"; some extracts
            // keep only the academic year, not the months.
            Profile::EuOpenData => vec!["partner_name", "start_date", "end_date"],
            // The LLP student files name neither the host nor the dates.
            Profile::LlpLegacy => vec!["partner_name", "partner_country", "start_date", "end_date"],
        }
    }

    /// A fresh translator for one file.
    pub(crate) fn layout(self, home: &Home) -> Box<dyn Layout> {
        match self {
            Profile::BeneficiaryModule => Box::new(beneficiary_module::Bm::new(home.clone())),
            Profile::EuOpenData => Box::new(eu_open_data::OpenData::new(home.clone())),
            Profile::LlpLegacy => Box::new(llp_legacy::Llp::default()),
        }
    }

    /// The profile whose layout this header row is, if any (for `init`).
    pub fn recognise(cells: &[Cell]) -> Option<Profile> {
        Profile::ALL
            .into_iter()
            .find(|p| p.layout(&Home::default()).header(cells))
    }
}

impl std::fmt::Display for Profile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Who the institution is: what tells its own side from the partner's in two-sided exports.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Home {
    /// ISO alpha-2 code of the home country.
    pub country: String,
    /// The institution's Erasmus code, official form.
    pub erasmus_code: Option<String>,
    /// Its organisation ID (OID), upper case.
    pub oid: Option<String>,
    /// Its PIC.
    pub pic: Option<String>,
}

/// Something a profile noticed in a row: on the export's column `column` (0-based).
#[derive(Debug, Clone, PartialEq)]
pub struct Note {
    pub column: Option<usize>,
    pub severity: Severity,
    pub rule: Rule,
    pub value: String,
    pub message: Message,
}

/// One export layout's translator.
pub(crate) trait Layout: Send {
    /// Whether `cells` is the export's header row; if so, remembers where its columns are.
    fn header(&mut self, cells: &[Cell]) -> bool;
    /// The canonical fields of the translated rows, in order.
    fn fields(&self) -> &'static [&'static str];
    /// The export's header, once found.
    fn columns(&self) -> Option<&columns::Columns>;
    /// The export's named columns the profile does not read (reported as ignored).
    fn unused(&self) -> Vec<usize> {
        self.columns().map(|c| c.unused()).unwrap_or_default()
    }
    /// Whether a data row is not a row of the table (a sub-row of another): `Some` with the
    /// rule, the cell's text and why, and the row is counted as skipped.
    fn skip(&mut self, _cells: &[Cell]) -> Option<(Rule, String, Message)> {
        None
    }
    /// Translates one data row into `out` (one cell per field) and `origin` (for each field,
    /// the export's column it came from), noting in `notes` what it changed.
    fn row(
        &mut self,
        cells: &[Cell],
        out: &mut Vec<Cell>,
        origin: &mut Vec<Option<usize>>,
        notes: &mut Vec<Note>,
    );
}

/// Writes a translated row: each (cell, the export's column it came from).
fn emit(
    pairs: impl IntoIterator<Item = (Cell, Option<usize>)>,
    out: &mut Vec<Cell>,
    origin: &mut Vec<Option<usize>>,
) {
    for (cell, col) in pairs {
        out.push(cell);
        origin.push(col);
    }
}
