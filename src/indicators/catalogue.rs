//! The indicator catalogue: names, inputs, columns and bilingual definitions, read from
//! `catalogue.toml` (compiled in) so that the texts live in one place.

use crate::i18n::Language;
use crate::schema::TableKind;
use serde::Deserialize;
use std::sync::OnceLock;

/// One indicator as the catalogue describes it.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    /// The table's name: `reports/tables/<name>.csv` and the workbook sheet.
    pub name: String,
    /// Tables it cannot be computed without.
    pub needs: Vec<TableKind>,
    /// Its columns, in order.
    pub columns: Vec<String>,
    pub title_fr: String,
    pub title_en: String,
    pub definition_fr: String,
    pub definition_en: String,
}

impl Entry {
    /// The title in `lang`.
    pub fn title(&self, lang: Language) -> &str {
        match lang {
            Language::Fr => &self.title_fr,
            Language::En => &self.title_en,
        }
    }

    /// The definition in `lang`.
    pub fn definition(&self, lang: Language) -> &str {
        match lang {
            Language::Fr => &self.definition_fr,
            Language::En => &self.definition_en,
        }
    }
}

#[derive(Deserialize)]
struct File {
    indicator: Vec<Entry>,
}

/// Every indicator, in the order reports list them.
pub fn catalogue() -> &'static [Entry] {
    static CATALOGUE: OnceLock<Vec<Entry>> = OnceLock::new();
    CATALOGUE.get_or_init(|| {
        toml::from_str::<File>(include_str!("catalogue.toml"))
            .expect("catalogue.toml is valid (checked by a unit test)")
            .indicator
    })
}

/// The catalogue entry of `name`.
pub fn entry(name: &str) -> Option<&'static Entry> {
    catalogue().iter().find(|e| e.name == name)
}

/// The catalogue as text for `mobistat indicators`: each indicator with its inputs, columns
/// and definition in French and English.
pub fn describe() -> String {
    let mut out = String::new();
    for e in catalogue() {
        let needs: Vec<&str> = e.needs.iter().map(|t| t.as_str()).collect();
        out.push_str(&format!(
            "{}\n  {} / {}\n  inputs: {}\n  columns: {}\n  fr: {}\n  en: {}\n\n",
            e.name,
            e.title_fr,
            e.title_en,
            if needs.is_empty() {
                "the other indicators".to_string()
            } else {
                needs.join(", ")
            },
            e.columns.join(", "),
            e.definition_fr,
            e.definition_en,
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn catalogue_parses_with_unique_names_and_both_languages() {
        let all = catalogue();
        assert_eq!(all.len(), 20);
        let mut names: Vec<&str> = all.iter().map(|e| e.name.as_str()).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), all.len());
        for e in all {
            assert!(!e.definition_fr.is_empty() && !e.definition_en.is_empty());
            assert!(
                e.name.len() <= 31,
                "{} is too long for a sheet name",
                e.name
            );
        }
        assert!(describe().contains("outgoing_rate\n"));
    }

    #[test]
    fn the_readme_documents_every_indicator_with_its_rule() {
        let readme = include_str!("../../README.md");
        for e in catalogue() {
            assert!(
                readme.contains(&e.definition_en),
                "README.md lacks the definition of {}",
                e.name
            );
        }
    }
}
