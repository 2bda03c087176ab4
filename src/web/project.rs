//! The app's project: a folder holding `mobistat.toml` and the exports in `inputs/`. What the
//! inputs screen shows of each file (the table, sheet, header row and column mapping `init`
//! would guess, or those the config already gives). Saving the screen's choices into an
//! ordinary `mobistat.toml` that the command line reads too is config_file.rs.

use crate::i18n::{self, Language};
use crate::init::{propose_input, Hints, CONFIG_HEAD};
use crate::schema::parse::allowed_values;
use crate::schema::TableKind;
use clap::ValueEnum;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use toml_edit::{DocumentMut, Item};

/// The folder of the exports, inside the project folder.
pub const INPUTS: &str = "inputs";
/// The folder of the Beneficiary Module exports dropped on the reconcile screen: not inputs.
pub const BM: &str = "beneficiary-module";
/// The config file, inside the project folder.
pub const CONFIG: &str = "mobistat.toml";

/// How one file is read: what the screen shows and sends back.
#[derive(Debug, Clone, Serialize, Deserialize, Default)]
pub struct FileSetup {
    /// The file's name in `inputs/`.
    pub file: String,
    pub table: String,
    #[serde(default)]
    pub profile: Option<String>,
    /// The sheet ("" for a CSV file, or the first sheet with data).
    #[serde(default)]
    pub sheet: String,
    #[serde(default)]
    pub header_row: Option<u32>,
    /// field → header.
    #[serde(default)]
    pub columns: BTreeMap<String, String>,
    /// field → a value for every row.
    #[serde(default)]
    pub constants: BTreeMap<String, String>,
    #[serde(default)]
    pub programme_columns: Vec<String>,
}

/// What the screen shows of a file besides its setup.
#[derive(Debug, Clone, Serialize)]
pub struct FileView {
    pub setup: FileSetup,
    /// The workbook's sheets (none for a CSV file).
    pub sheets: Vec<String>,
    /// The header row's texts.
    pub headers: Vec<String>,
    /// field → header read by its known spelling.
    pub recognised: BTreeMap<String, String>,
    /// field → header proposed from its words and values, for the person to accept.
    pub proposed: BTreeMap<String, String>,
    /// Headers that match no field.
    pub ignored: Vec<String>,
    /// Required fields without a column or a value.
    pub missing: Vec<String>,
    /// Whether mobistat.toml already had this file.
    pub saved: bool,
    /// Why the file could not be guessed, as one sentence.
    pub error: Option<String>,
}

/// A field of a table, for the screen's mapping rows.
#[derive(Debug, Clone, Serialize)]
pub struct FieldInfo {
    pub name: &'static str,
    pub label: String,
    pub required: bool,
    /// The values a constant may take, when the field has a vocabulary.
    pub allowed: Option<String>,
}

/// The project-wide settings the inputs screen edits.
#[derive(Debug, Clone, Serialize, Deserialize, Default)]
pub struct Globals {
    pub institution: String,
    pub home_country: String,
    pub language: String,
}

/// A project folder.
#[derive(Debug, Clone)]
pub struct Project {
    pub dir: PathBuf,
}

impl Project {
    pub fn inputs(&self) -> PathBuf {
        self.dir.join(INPUTS)
    }

    pub fn bm(&self) -> PathBuf {
        self.dir.join(BM)
    }

    pub fn config(&self) -> PathBuf {
        self.dir.join(CONFIG)
    }

    /// The config as a document, or the commented head `init` writes when there is none.
    pub(super) fn document(&self) -> Result<DocumentMut, String> {
        let text = std::fs::read_to_string(self.config()).unwrap_or_else(|_| CONFIG_HEAD.into());
        text.parse::<DocumentMut>()
            .map_err(|e| format!("{}: {}", self.config().display(), e.message()))
    }

    /// The global settings as the config gives them.
    pub fn globals(&self) -> Globals {
        // Without a config, nothing is set yet (not the head's defaults).
        let doc = match self.config().is_file() {
            true => self.document().unwrap_or_default(),
            false => DocumentMut::new(),
        };
        let text = |key: &str| {
            doc.get(key)
                .and_then(Item::as_str)
                .unwrap_or("")
                .to_string()
        };
        Globals {
            institution: text("institution"),
            home_country: text("home_country"),
            language: text("language"),
        }
    }

    /// Each file of `inputs/` as the screen shows it: as mobistat.toml reads it when it names
    /// the file alone, else as `init` would guess it.
    pub fn files(&self, lang: Language) -> Vec<FileView> {
        let saved = self.saved_setups();
        crate::web::files::listed(&self.inputs())
            .into_iter()
            .map(|name| match saved.get(&name) {
                Some(setup) => self.view(setup.clone(), true, lang),
                None => self.guess(&name, &Hints::default(), lang),
            })
            .collect()
    }

    /// The guess for one file, keeping the table, sheet or header row the person chose.
    pub fn guess(&self, name: &str, hints: &Hints, lang: Language) -> FileView {
        let path = self.inputs().join(name);
        let display = format!("{INPUTS}/{name}");
        let sheets = sheet_names(&path);
        let mut seen = Vec::new();
        match propose_input(&path, &display, hints, &mut seen) {
            Ok(p) => {
                let recognised: BTreeMap<String, String> = p
                    .recognised
                    .iter()
                    .chain(&p.mapped)
                    .map(|(f, h)| (f.to_string(), h.clone()))
                    .collect();
                FileView {
                    setup: FileSetup {
                        file: name.to_string(),
                        table: p.table.to_string(),
                        profile: p.profile.map(|p| p.to_string()),
                        sheet: p.sheet.clone(),
                        header_row: p.header_row,
                        columns: recognised.clone(),
                        constants: BTreeMap::new(),
                        programme_columns: p.programme_columns.clone(),
                    },
                    sheets,
                    headers: p.headers.clone(),
                    recognised,
                    proposed: p
                        .proposed
                        .iter()
                        .map(|(f, h)| (f.to_string(), h.clone()))
                        .collect(),
                    ignored: p.ignored.clone(),
                    missing: p.missing.iter().map(|f| f.to_string()).collect(),
                    saved: false,
                    error: None,
                }
            }
            Err(e) => FileView {
                setup: FileSetup {
                    file: name.to_string(),
                    table: hints.table.unwrap_or(TableKind::Mobilities).to_string(),
                    ..FileSetup::default()
                },
                sheets,
                headers: Vec::new(),
                recognised: BTreeMap::new(),
                proposed: BTreeMap::new(),
                ignored: Vec::new(),
                missing: Vec::new(),
                saved: false,
                error: Some(e.message().render(lang)),
            },
        }
    }

    /// A saved setup, with the headers and guesses of its sheet and header row beside it.
    fn view(&self, setup: FileSetup, saved: bool, lang: Language) -> FileView {
        let hints = Hints {
            table: TableKind::from_str(&setup.table, true).ok(),
            sheet: Some(setup.sheet.clone()).filter(|s| !s.is_empty()),
            header_row: setup.header_row,
        };
        let mut view = self.guess(&setup.file, &hints, lang);
        if view.error.is_none() {
            let mut columns = view.recognised.clone();
            columns.extend(setup.columns.clone());
            let table = TableKind::from_str(&setup.table, true).unwrap_or(TableKind::Mobilities);
            view.missing = table
                .fields()
                .iter()
                .filter(|f| f.required)
                .map(|f| f.name)
                .filter(|f| !columns.contains_key(*f) && !setup.constants.contains_key(*f))
                .map(str::to_string)
                .collect();
            view.setup = FileSetup {
                columns,
                sheet: if setup.sheet.is_empty() {
                    view.setup.sheet.clone()
                } else {
                    setup.sheet
                },
                header_row: setup.header_row.or(view.setup.header_row),
                ..setup
            };
        }
        view.saved = saved;
        view
    }
}

/// The fields of every table, for the screen's mapping rows.
pub fn fields(lang: Language) -> BTreeMap<String, Vec<FieldInfo>> {
    TableKind::value_variants()
        .iter()
        .map(|t| {
            let fields = t
                .fields()
                .iter()
                .map(|f| FieldInfo {
                    name: f.name,
                    label: i18n::text(lang, &format!("field.{}", f.name)),
                    required: f.required,
                    allowed: allowed_values(f.kind),
                })
                .collect();
            (t.to_string(), fields)
        })
        .collect()
}

/// A workbook's sheet names (none for CSV or an unreadable file).
fn sheet_names(path: &Path) -> Vec<String> {
    use calamine::Reader;
    if matches!(
        crate::ingest::Format::of(path),
        None | Some(crate::ingest::Format::Csv) | Some(crate::ingest::Format::Tsv)
    ) {
        return Vec::new();
    }
    std::panic::catch_unwind(|| {
        calamine::open_workbook_auto(path)
            .map(|wb| wb.sheet_names())
            .unwrap_or_default()
    })
    .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn project() -> (tempfile::TempDir, Project) {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join(INPUTS)).unwrap();
        let p = Project {
            dir: dir.path().to_path_buf(),
        };
        (dir, p)
    }

    #[test]
    fn a_guessed_file_saves_into_an_ordinary_config_that_keeps_the_office_s_lines() {
        let (_dir, p) = project();
        std::fs::write(
            p.inputs().join("sortants.csv"),
            "N° étudiant,Établissement d'accueil,Pays,Date de début,Date de fin,Activité,Financement,Statut\n\
             E1,Politecnico di Milano,Italie,01/09/2024,31/01/2025,Études,Erasmus+,x\n",
        )
        .unwrap();
        std::fs::write(
            p.config(),
            "# our config\ninstitution = \"École\"\nhome_country = \"FR\"\n\n[targets]\npartners = 150 # the plan's\n\n[[inputs]]\ntable = \"partners\"\npaths = [\"other/*.xlsx\"]\n",
        )
        .unwrap();
        let views = p.files(Language::En);
        assert_eq!(views.len(), 1);
        let v = &views[0];
        assert_eq!(
            (v.setup.table.as_str(), v.setup.header_row),
            ("mobilities", Some(1))
        );
        assert_eq!(
            v.recognised.get("partner_country").map(String::as_str),
            Some("Pays")
        );
        assert!(
            v.missing.contains(&"direction".to_string()),
            "{:?}",
            v.missing
        );
        assert!(!v.saved);
        // The person sets the direction and reads "Statut" as the level (a field no alias
        // gives it).
        let mut setup = v.setup.clone();
        setup
            .constants
            .insert("direction".into(), "outgoing".into());
        setup.columns.insert("level".into(), "Statut".into());
        p.save(&p.globals(), &[setup], Language::En).unwrap();
        let text = std::fs::read_to_string(p.config()).unwrap();
        assert!(text.starts_with("# our config\n"), "{text}");
        assert!(text.contains("partners = 150 # the plan's"), "{text}");
        assert!(text.contains("paths = [\"other/*.xlsx\"]"), "{text}");
        // Only what the known spellings would not read is written.
        assert!(text.contains("columns = { level = \"Statut\" }"), "{text}");
        assert!(!text.contains("Pays\""), "{text}");
        assert!(
            text.contains("constants = { direction = \"outgoing\" }"),
            "{text}"
        );
        // Read back, the file is saved, with its choices.
        let again = p.files(Language::En);
        assert!(again[0].saved);
        assert_eq!(
            again[0].setup.constants.get("direction").unwrap(),
            "outgoing"
        );
        assert_eq!(again[0].setup.columns.get("level").unwrap(), "Statut");
        assert!(again[0].missing.is_empty(), "{:?}", again[0].missing);
        // Saving twice replaces the file's entry rather than adding one.
        p.save(&p.globals(), &[again[0].setup.clone()], Language::En)
            .unwrap();
        let text = std::fs::read_to_string(p.config()).unwrap();
        assert_eq!(text.matches("[[inputs]]").count(), 2, "{text}");
        // A value outside the vocabulary is refused, and the config is left as it was.
        let mut wrong = again[0].setup.clone();
        wrong
            .constants
            .insert("direction".into(), "sideways".into());
        let refused = p.save(&p.globals(), &[wrong], Language::En).unwrap_err();
        assert!(refused.contains("sideways"), "{refused}");
        assert_eq!(std::fs::read_to_string(p.config()).unwrap(), text);
        // Forgetting the file removes it and its entry.
        p.remove("sortants.csv").unwrap();
        assert!(p.files(Language::En).is_empty());
        let text = std::fs::read_to_string(p.config()).unwrap();
        assert_eq!(text.matches("[[inputs]]").count(), 1, "{text}");
    }
}
