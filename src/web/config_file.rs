//! The project's mobistat.toml as the app reads and writes it: the `[[inputs]]` that name one
//! file of `inputs/`, and the screen's choices saved in their place with `toml_edit`, the rest
//! of the file (comments, targets, other inputs) kept as the office wrote it.

use super::project::{FileSetup, Globals, Project, CONFIG, INPUTS};
use crate::i18n::{self, Language};
use crate::profiles::Profile;
use crate::schema::mapping::field_for_header;
use crate::schema::parse::{parse_cell, ParseContext};
use crate::schema::TableKind;
use clap::ValueEnum;
use std::collections::BTreeMap;
use toml_edit::{value, Array, ArrayOfTables, InlineTable, Item, Table};

impl Project {
    /// The `[[inputs]]` of mobistat.toml that name one file of `inputs/`, by file name.
    pub(super) fn saved_setups(&self) -> BTreeMap<String, FileSetup> {
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
        self.write_config(&text)
    }

    /// Forgets a file: deletes it from `inputs/` and its entry from mobistat.toml.
    pub fn remove(&self, name: &str) -> Result<(), String> {
        let path = crate::web::files::inside(&self.inputs(), name)
            .ok_or_else(|| format!("{name}: not a file of the project"))?;
        let mut doc = self.document()?;
        if let Some(inputs) = doc.get_mut("inputs").and_then(Item::as_array_of_tables_mut) {
            inputs.retain(|t| own_file(t).is_none_or(|n| n != name));
            self.write_config(&doc.to_string())?;
        }
        std::fs::remove_file(&path).map_err(|e| format!("{}: {e}", path.display()))
    }

    /// Replaces mobistat.toml by `text`, written under a temporary name and then renamed, so
    /// that a failed write leaves the previous config whole.
    fn write_config(&self, text: &str) -> Result<(), String> {
        let temp = self.dir.join(format!(".{CONFIG}.saving"));
        std::fs::write(&temp, text)
            .and_then(|_| std::fs::rename(&temp, self.config()))
            .map_err(|e| format!("{}: {e}", self.config().display()))
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
