//! The indicator catalogue: each indicator's title and definition in French and English, read
//! from `catalogue.toml` (compiled in) so that the texts live in one place. What an indicator
//! reads and writes is declared in the registry ([`Indicator`]).

use super::registry::Indicator;
use crate::i18n::Language;
use serde::Deserialize;
use std::sync::OnceLock;

/// One indicator's texts, as the catalogue gives them.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    /// The indicator's id ([`Indicator::id`]).
    pub name: String,
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

/// Every entry, in the order of [`Indicator::ALL`] (checked by a unit test).
fn catalogue() -> &'static [Entry] {
    static CATALOGUE: OnceLock<Vec<Entry>> = OnceLock::new();
    CATALOGUE.get_or_init(|| {
        toml::from_str::<File>(include_str!("catalogue.toml"))
            .expect("catalogue.toml is valid (checked by a unit test)")
            .indicator
    })
}

/// The catalogue entry of `indicator`.
pub fn entry(indicator: Indicator) -> &'static Entry {
    catalogue()
        .iter()
        .find(|e| e.name == indicator.id())
        .expect("every indicator is in the catalogue (checked by a unit test)")
}

/// The catalogue as text for `mobistat indicators`: each indicator with its inputs, columns
/// and definition in French and English.
pub fn describe() -> String {
    let mut out = String::new();
    for &indicator in Indicator::ALL {
        let e = entry(indicator);
        let needs: Vec<&str> = indicator.needs().iter().map(|t| t.as_str()).collect();
        let columns: Vec<&str> = indicator.columns().iter().map(|c| c.name).collect();
        out.push_str(&format!(
            "{}\n  {} / {}\n  inputs: {}\n  columns: {}\n  fr: {}\n  en: {}\n\n",
            indicator.id(),
            e.title_fr,
            e.title_en,
            if needs.is_empty() {
                "the other indicators".to_string()
            } else {
                needs.join(", ")
            },
            columns.join(", "),
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
    fn the_catalogue_lists_the_registry_in_order_with_both_languages() {
        let ids: Vec<&str> = catalogue().iter().map(|e| e.name.as_str()).collect();
        let registry: Vec<&str> = Indicator::ALL.iter().map(|i| i.id()).collect();
        assert_eq!(ids, registry);
        for e in catalogue() {
            assert!(!e.title_fr.is_empty() && !e.title_en.is_empty());
            assert!(!e.definition_fr.is_empty() && !e.definition_en.is_empty());
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
