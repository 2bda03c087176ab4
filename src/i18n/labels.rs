//! Labels of table columns and of the values inside them (directions, activities, continents,
//! country names...) in the report language, for charts, the HTML report and the card.

use super::{has, text};
use crate::i18n::Language;

/// Columns whose values are ISO alpha-2 country codes.
const COUNTRY_COLUMNS: [&str; 2] = ["country", "nationality"];

/// Columns whose values come from a fixed vocabulary, each translated as `value.<column>.<v>`.
/// Other columns (programme names, years, numbers) are data and are shown as they are.
const VOCABULARY_COLUMNS: [&str; 12] = [
    "direction",
    "participant",
    "activity",
    "agreement",
    "funding",
    "status",
    "target",
    "level",
    "programme",
    "home_programme",
    "severity",
    "project_reference",
];

/// The header label of a column ("partners" → "Partenaires").
pub fn column(lang: Language, name: &str) -> String {
    text(lang, &format!("column.{name}"))
}

/// A cell of `column` as the report shows it: country codes become names, vocabulary values
/// their label; anything else is returned unchanged.
pub fn value(lang: Language, column: &str, raw: &str) -> String {
    if COUNTRY_COLUMNS.contains(&column) {
        return country(lang, raw);
    }
    if column == "continent" {
        return continent(lang, raw);
    }
    if column == "region_name" {
        return text(lang, &crate::reference::regions::translation_key(raw));
    }
    if VOCABULARY_COLUMNS.contains(&column) {
        let key = format!("value.{column}.{raw}");
        // Programme names and project references are the institution's own words; only "all"
        // and "unspecified" are ours.
        if has(&key) || !matches!(column, "programme" | "home_programme" | "project_reference") {
            return text(lang, &key);
        }
    }
    raw.to_string()
}

/// A continent's name ("North America" → "Amérique du Nord").
pub fn continent(lang: Language, english: &str) -> String {
    text(lang, &format!("continent.{}", english.replace(' ', "_")))
}

/// A country's short name from its alpha-2 code, from the CLDR translations keshvar carries;
/// codes keshvar lacks (Kosovo) and "other" come from the translation table.
pub fn country(lang: Language, code: &str) -> String {
    let key = format!("country.{code}");
    if has(&key) {
        return text(lang, &key);
    }
    let Ok(alpha2) = keshvar::Alpha2::try_from(code) else {
        return code.to_string();
    };
    let country = alpha2.to_country();
    let tag = match lang {
        Language::Fr => "fr",
        Language::En => "en",
    };
    country
        .translations()
        .get(tag)
        .copied()
        .unwrap_or_else(|| country.iso_short_name())
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::indicators::catalogue;
    use crate::normalise::country::continents;

    #[test]
    fn every_catalogue_column_has_a_label() {
        for entry in catalogue::catalogue() {
            for col in &entry.columns {
                assert!(has(&format!("column.{col}")), "no label for column {col}");
            }
        }
    }

    #[test]
    fn every_vocabulary_value_and_continent_has_a_label() {
        use crate::schema::vocab::*;
        let mut keys: Vec<String> = Vec::new();
        keys.extend(
            Direction::ALL
                .iter()
                .map(|v| format!("value.direction.{}", v.as_str())),
        );
        keys.extend(
            Participant::ALL
                .iter()
                .map(|v| format!("value.participant.{}", v.as_str())),
        );
        keys.extend(
            Activity::ALL
                .iter()
                .map(|v| format!("value.activity.{}", v.as_str())),
        );
        keys.extend(
            Agreement::ALL
                .iter()
                .map(|v| format!("value.agreement.{}", v.as_str())),
        );
        keys.extend(
            Funding::ALL
                .iter()
                .map(|v| format!("value.funding.{}", v.as_str())),
        );
        keys.extend(
            Level::ALL
                .iter()
                .map(|v| format!("value.level.{}", v.as_str())),
        );
        keys.extend(
            StudentStatus::ALL
                .iter()
                .map(|v| format!("value.status.{}", v.as_str())),
        );
        for key in keys {
            assert!(has(&key), "no label for {key}");
        }
        for (_, name) in continents() {
            assert!(!continent(Language::Fr, name).contains('⟦'), "{name}");
        }
        for status in ["met", "not met", "no data"] {
            assert!(has(&format!("value.status.{status}")), "{status}");
        }
    }

    #[test]
    fn countries_and_values() {
        assert_eq!(country(Language::Fr, "DE"), "Allemagne");
        assert_eq!(country(Language::En, "DE"), "Germany");
        assert_eq!(country(Language::Fr, "XK"), "Kosovo");
        assert_eq!(country(Language::Fr, "other"), "autres pays");
        assert_eq!(value(Language::Fr, "nationality", "ES"), "Espagne");
        assert_eq!(
            value(Language::Fr, "continent", "North America"),
            "Amérique du Nord"
        );
        assert_eq!(value(Language::Fr, "direction", "incoming"), "entrante");
        assert_eq!(
            value(Language::Fr, "programme", "Génie civil"),
            "Génie civil"
        );
        assert_eq!(value(Language::Fr, "programme", "all"), "toutes formations");
        assert_eq!(
            value(Language::En, "academic_year", "2024-2025"),
            "2024-2025"
        );
        assert_eq!(column(Language::Fr, "partners"), "Partenaires");
        // Project references are data, but the report tables' "unspecified" is ours.
        let reference = "2023-1-FR01-KA171-HED-000137562";
        assert_eq!(
            value(Language::Fr, "project_reference", reference),
            reference
        );
        assert_eq!(
            value(Language::Fr, "project_reference", "unspecified"),
            "projet non précisé"
        );
        assert_eq!(
            value(Language::Fr, "region_name", "Latin America"),
            "Amérique latine"
        );
    }
}
