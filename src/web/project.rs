//! The app's project: a folder holding `mobistat.toml` and the exports in `inputs/`. What the
//! inputs screen shows of each file (the table, sheet, header row and column mapping `init`
//! would guess, or those the config already gives), and saving the screen's choices into an
//! ordinary `mobistat.toml` that the command line reads too.

use crate::i18n::{self, Language};
use crate::init::{propose_input, Hints, CONFIG_HEAD};
use crate::profiles::Profile;
use crate::schema::mapping::field_for_header;
use crate::schema::parse::{allowed_values, parse_cell, ParseContext};
use crate::schema::TableKind;
use clap::ValueEnum;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use toml_edit::{value, Array, ArrayOfTables, DocumentMut, InlineTable, Item, Table};

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
    fn document(&self) -> Result<DocumentMut, String> {
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

    /// The `[[inputs]]` of mobistat.toml that name one file of `inputs/`, by file name.
    fn saved_setups(&self) -> BTreeMap<String, FileSetup> {
        let Ok(doc) = self.document() else {
            return BTreeMap::new();
        };
        let Some(inputs) = doc.get("inputs").and_then(Item::as_array_of_tables) else {
            return BTreeMap::new();
        };
        inputs
            .iter()
            .filter_map(|t| {
                let name = own_file(t)?;
                let text = |k: &str| t.get(k).and_then(Item::as_str).map(str::to_string);
                let map = |k: &str| -> BTreeMap<String, String> {
                    t.get(k)
                        .and_then(Item::as_table_like)
                        .map(|m| {
                            m.iter()
                                .filter_map(|(k, v)| Some((k.to_string(), v.as_str()?.to_string())))
                                .collect()
                        })
                        .unwrap_or_default()
                };
                let setup = FileSetup {
                    file: name.clone(),
                    table: text("table")?,
                    profile: text("profile"),
                    sheet: text("sheet").unwrap_or_default(),
                    header_row: t
                        .get("header_row")
                        .and_then(Item::as_integer)
                        .and_then(|n| u32::try_from(n).ok()),
                    columns: map("columns"),
                    constants: map("constants"),
                    programme_columns: t
                        .get("programme_columns")
                        .and_then(Item::as_array)
                        .map(|a| {
                            a.iter()
                                .filter_map(|v| v.as_str().map(str::to_string))
                                .collect()
                        })
                        .unwrap_or_default(),
                };
                Some((name, setup))
            })
            .collect()
    }

    /// Saves the screen's choices into mobistat.toml: the global settings, and one
    /// `[[inputs]]` per file in place of the entries that named that file alone; the rest of
    /// the file (comments, targets, other inputs) is kept. Written under a temporary name,
    /// then renamed, so that a failed save leaves the previous config whole.
    pub fn save(
        &self,
        globals: &Globals,
        setups: &[FileSetup],
        lang: Language,
    ) -> Result<(), String> {
        let mut doc = self.document()?;
        for (key, given) in [
            ("institution", &globals.institution),
            ("home_country", &globals.home_country),
            ("language", &globals.language),
        ] {
            if !given.trim().is_empty() || doc.contains_key(key) {
                doc[key] = value(given.trim());
            }
        }
        let names: Vec<&str> = setups.iter().map(|s| s.file.as_str()).collect();
        let mut inputs = match doc.remove("inputs") {
            Some(Item::ArrayOfTables(a)) => a,
            _ => ArrayOfTables::new(),
        };
        inputs.retain(|t| own_file(t).is_none_or(|n| !names.contains(&n.as_str())));
        let mut ours = ArrayOfTables::new();
        for setup in setups {
            let table = input_table(setup, lang)?;
            ours.push(table.clone());
            inputs.push(table);
        }
        // What is saved must read back: a wrong value is said now, not at the next run. The
        // office's other inputs are kept as they are, and not judged here.
        let mut check = doc.clone();
        check.insert("inputs", Item::ArrayOfTables(ours));
        let check = check.to_string();
        crate::settings::Settings::from_file(
            toml::from_str(&check).map_err(|e| e.to_string())?,
            &self.dir,
            crate::settings::ConfigSource {
                name: CONFIG,
                text: &check,
                lang,
            },
            &crate::settings::Overrides::default(),
        )
        .map_err(|e| e.message().render(lang))?;
        doc.insert("inputs", Item::ArrayOfTables(inputs));
        let text = doc.to_string();
        let temp = self.dir.join(format!(".{CONFIG}.saving"));
        std::fs::write(&temp, &text)
            .and_then(|_| std::fs::rename(&temp, self.config()))
            .map_err(|e| format!("{}: {e}", self.config().display()))
    }

    /// Forgets a file: deletes it from `inputs/` and its entry from mobistat.toml.
    pub fn remove(&self, name: &str) -> Result<(), String> {
        let path = crate::web::files::inside(&self.inputs(), name)
            .ok_or_else(|| format!("{name}: not a file of the project"))?;
        let mut doc = self.document()?;
        if let Some(inputs) = doc.get_mut("inputs").and_then(Item::as_array_of_tables_mut) {
            inputs.retain(|t| own_file(t).is_none_or(|n| n != name));
            let text = doc.to_string();
            let temp = self.dir.join(format!(".{CONFIG}.saving"));
            std::fs::write(&temp, &text)
                .and_then(|_| std::fs::rename(&temp, self.config()))
                .map_err(|e| format!("{}: {e}", self.config().display()))?;
        }
        std::fs::remove_file(&path).map_err(|e| format!("{}: {e}", path.display()))
    }
}

/// The file of `inputs/` an `[[inputs]]` entry names alone (`paths = ["inputs/x.csv"]`).
fn own_file(table: &Table) -> Option<String> {
    let paths = table.get("paths")?.as_array()?;
    let [only] = paths.iter().collect::<Vec<_>>()[..] else {
        return None;
    };
    let name = only.as_str()?.strip_prefix(&format!("{INPUTS}/"))?;
    (!name.contains('/') && !name.contains('\\')).then(|| name.to_string())
}

/// One `[[inputs]]` entry: only the columns the known spellings would not read are written.
fn input_table(setup: &FileSetup, lang: Language) -> Result<Table, String> {
    let kind = TableKind::from_str(&setup.table, true)
        .map_err(|_| format!("{}: unknown table {:?}", setup.file, setup.table))?;
    let mut t = Table::new();
    t["table"] = value(kind.to_string());
    let mut paths = Array::new();
    paths.push(format!("{INPUTS}/{}", setup.file));
    t["paths"] = value(paths);
    if let Some(profile) = setup.profile.as_deref().filter(|p| !p.is_empty()) {
        let p = Profile::from_str(profile, true)
            .map_err(|_| format!("{}: unknown profile {profile:?}", setup.file))?;
        t["profile"] = value(p.to_string());
        return Ok(t);
    }
    if !setup.sheet.is_empty() {
        t["sheet"] = value(setup.sheet.clone());
    }
    if let Some(row) = setup.header_row {
        t["header_row"] = value(i64::from(row));
    }
    let mut columns = InlineTable::new();
    for (field, header) in &setup.columns {
        let known = kind
            .fields()
            .iter()
            .position(|f| f.name == field)
            .ok_or_else(|| format!("{}: {kind} has no field {field:?}", setup.file))?;
        if !header.is_empty() && field_for_header(kind, header) != Some(known) {
            columns.insert(field, header.as_str().into());
        }
    }
    if !columns.is_empty() {
        t["columns"] = value(columns);
    }
    let mut constants = InlineTable::new();
    for (field, v) in setup.constants.iter().filter(|(_, v)| !v.trim().is_empty()) {
        let spec = kind
            .fields()
            .iter()
            .find(|f| f.name == field)
            .ok_or_else(|| format!("{}: {kind} has no field {field:?}", setup.file))?;
        // A value every row will get is read now as a cell would be: a wrong one is said once.
        let cell = crate::ingest::Cell::Text(v.trim().to_string());
        if let Err(problem) = parse_cell(spec.kind, &cell, ParseContext { first_month: 9 }) {
            let label = i18n::text(lang, &format!("field.{field}"));
            return Err(format!(
                "{}, {label}: {}",
                setup.file,
                problem.message.render(lang)
            ));
        }
        constants.insert(field, v.trim().into());
    }
    if !constants.is_empty() {
        t["constants"] = value(constants);
    }
    if !setup.programme_columns.is_empty() {
        let mut a = Array::new();
        for h in &setup.programme_columns {
            a.push(h.as_str());
        }
        t["programme_columns"] = value(a);
    }
    Ok(t)
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
