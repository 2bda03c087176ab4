//! Labels of table columns and of the values inside them (directions, activities, continents,
//! country names...) in the report language, for charts, the HTML report and the card.

use super::{has, text};
use crate::i18n::Language;
use crate::schema::ColumnKind;

/// The header label of a column ("partners" → "Partenaires").
pub fn column(lang: Language, name: &str) -> String {
    text(lang, &format!("column.{name}"))
}

/// A cell of `column`, whose values are of `kind`, as the report shows it: country codes
/// become names, vocabulary values, continents and regions their label, the institution's own
/// words stay as they are but for mobistat's few ("all", "unspecified"); anything else is
/// returned unchanged.
pub fn value(lang: Language, column: &str, kind: ColumnKind, raw: &str) -> String {
    match kind {
        ColumnKind::Country => country(lang, raw),
        ColumnKind::Continent => continent(lang, raw),
        ColumnKind::Region => text(lang, &crate::reference::regions::translation_key(raw)),
        ColumnKind::Vocabulary => vocabulary(lang, column, raw),
        ColumnKind::OwnWords => {
            let key = format!("value.{column}.{raw}");
            if has(&key) {
                text(lang, &key)
            } else {
                raw.to_string()
            }
        }
        _ => raw.to_string(),
    }
}

/// A value of the vocabulary held in `column` ("outgoing" → "sortante"): `value.<column>.<v>`.
pub fn vocabulary(lang: Language, column: &str, raw: &str) -> String {
    text(lang, &format!("value.{column}.{raw}"))
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
    use crate::indicators::Indicator;
    use crate::normalise::country::continents;

    #[test]
    fn every_catalogue_column_has_a_label() {
        for indicator in Indicator::ALL {
            for col in indicator.columns() {
                let name = col.name;
                assert!(has(&format!("column.{name}")), "no label for column {name}");
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
        keys.extend(
            InstructionLanguage::ALL
                .iter()
                .map(|v| format!("value.language.{}", v.as_str())),
        );
        keys.extend(
            WelcomeKind::ALL
                .iter()
                .map(|v| format!("value.kind.{}", v.as_str())),
        );
        keys.extend(
            Measure::ALL
                .iter()
                .map(|v| format!("value.measure.{}", v.as_str())),
        );
        // Every field of every table is named in messages ("the field « formation »").
        for table in crate::schema::TableKind::ALL {
            keys.push(format!("workbook.table.{table}"));
            keys.extend(table.fields().iter().map(|f| format!("field.{}", f.name)));
        }
        for key in keys {
            assert!(has(&key), "no label for {key}");
        }
        for (_, name) in continents() {
            assert!(!continent(Language::Fr, name).contains('⟦'), "{name}");
        }
        for status in crate::indicators::words::TargetStatus::ALL {
            let status = status.as_str();
            assert!(has(&format!("value.status.{status}")), "{status}");
        }
    }

    #[test]
    fn countries_and_values() {
        assert_eq!(country(Language::Fr, "DE"), "Allemagne");
        assert_eq!(country(Language::En, "DE"), "Germany");
        assert_eq!(country(Language::Fr, "XK"), "Kosovo");
        assert_eq!(country(Language::Fr, "other"), "autres pays");
        assert_eq!(
            value(Language::Fr, "nationality", ColumnKind::Country, "ES"),
            "Espagne"
        );
        assert_eq!(
            value(
                Language::Fr,
                "continent",
                ColumnKind::Continent,
                "North America"
            ),
            "Amérique du Nord"
        );
        assert_eq!(
            value(
                Language::Fr,
                "direction",
                ColumnKind::Vocabulary,
                "incoming"
            ),
            "entrante"
        );
        assert_eq!(
            value(
                Language::Fr,
                "programme",
                ColumnKind::OwnWords,
                "Génie civil"
            ),
            "Génie civil"
        );
        assert_eq!(
            value(Language::Fr, "programme", ColumnKind::OwnWords, "all"),
            "toutes formations"
        );
        assert_eq!(
            value(
                Language::En,
                "academic_year",
                ColumnKind::AcademicYear,
                "2024-2025"
            ),
            "2024-2025"
        );
        assert_eq!(column(Language::Fr, "partners"), "Partenaires");
        // Project references are data, but the report tables' "unspecified" is ours.
        let reference = "2023-1-FR01-KA171-HED-000137562";
        assert_eq!(
            value(
                Language::Fr,
                "project_reference",
                ColumnKind::OwnWords,
                reference
            ),
            reference
        );
        assert_eq!(
            value(
                Language::Fr,
                "project_reference",
                ColumnKind::OwnWords,
                "unspecified"
            ),
            "projet non précisé"
        );
        assert_eq!(
            value(
                Language::Fr,
                "region_name",
                ColumnKind::Region,
                "Latin America"
            ),
            "Amérique latine"
        );
    }
}
