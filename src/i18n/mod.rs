//! Every word the reports show, in French and English, from one translation table
//! (`strings.toml`, compiled in): look-ups, `{placeholder}` filling and number formatting.
//!
//! A key missing from the table comes back as `⟦key⟧`, so that an untranslated label is
//! visible in the output and caught by the tests that scan it, instead of failing a report.

pub mod labels;
mod message;

pub use message::Message;

use serde::Deserialize;
use std::collections::BTreeMap;
use std::sync::OnceLock;

/// The language of reports and of everything they show; settings choose it, every output
/// phrases itself in it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, clap::ValueEnum, Default)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    #[default]
    Fr,
    En,
}

impl Language {
    /// The language's code, as the command line and mobistat.toml write it ("fr", "en").
    pub fn code(self) -> &'static str {
        match self {
            Language::Fr => "fr",
            Language::En => "en",
        }
    }
}

/// What a key missing from the table is rendered as (tests search outputs for it).
pub const MISSING_MARK: char = '⟦';

/// One entry of the table: the same text in each report language.
#[derive(Debug, Clone)]
struct Entry {
    fr: String,
    en: String,
}

/// The translation table: dotted key ("column.partners") → texts.
fn table() -> &'static BTreeMap<String, Entry> {
    static TABLE: OnceLock<BTreeMap<String, Entry>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let raw: toml::Table =
            toml::from_str(include_str!("strings.toml")).expect("src/i18n/strings.toml parses");
        let mut out = BTreeMap::new();
        flatten("", &raw, &mut out);
        out
    })
}

/// Turns nested TOML tables into dotted keys; a table with `fr` and `en` strings is an entry.
fn flatten(prefix: &str, table: &toml::Table, out: &mut BTreeMap<String, Entry>) {
    for (key, value) in table {
        let path = if prefix.is_empty() {
            key.clone()
        } else {
            format!("{prefix}.{key}")
        };
        let toml::Value::Table(inner) = value else {
            panic!("strings.toml: {path} must be a table with fr and en");
        };
        match (inner.get("fr"), inner.get("en")) {
            (Some(toml::Value::String(fr)), Some(toml::Value::String(en))) => {
                out.insert(
                    path,
                    Entry {
                        fr: fr.clone(),
                        en: en.clone(),
                    },
                );
            }
            _ => flatten(&path, inner, out),
        }
    }
}

/// Whether the table has this key.
pub fn has(key: &str) -> bool {
    table().contains_key(key)
}

/// The text of `key` in `lang`, or `⟦key⟧` when the table lacks it.
pub fn text(lang: Language, key: &str) -> String {
    match table().get(key) {
        Some(entry) => match lang {
            Language::Fr => entry.fr.clone(),
            Language::En => entry.en.clone(),
        },
        None => format!("{MISSING_MARK}{key}⟧"),
    }
}

/// The text of `key` with each `{name}` replaced by its value.
pub fn fill(lang: Language, key: &str, args: &[(&str, &str)]) -> String {
    let mut out = text(lang, key);
    for (name, value) in args {
        out = out.replace(&format!("{{{name}}}"), value);
    }
    out
}

/// A number as the report language writes it, with `decimals` digits after the separator:
/// French "1 234,5" (narrow no-break space between thousands), English "1,234.5".
pub fn number(lang: Language, value: f64, decimals: usize) -> String {
    let raw = format!("{:.*}", decimals, value.abs());
    let (int, frac) = raw.split_once('.').unwrap_or((&raw, ""));
    let (group, point) = match lang {
        Language::Fr => ('\u{202f}', ','),
        Language::En => (',', '.'),
    };
    let mut grouped = String::new();
    for (i, digit) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push(group);
        }
        grouped.push(digit);
    }
    // "-0" is not a number anyone writes.
    let negative = value < 0.0 && raw.chars().any(|c| c.is_ascii_digit() && c != '0');
    let mut out = String::from(if negative { "-" } else { "" });
    out.push_str(&grouped);
    if !frac.is_empty() {
        out.push(point);
        out.push_str(frac);
    }
    out
}

/// A number with as many decimals as it needs, up to `max_decimals` (42 → "42", 26.7 → "26,7").
pub fn number_auto(lang: Language, value: f64, max_decimals: usize) -> String {
    let decimals = (0..=max_decimals)
        .find(|&d| {
            let scale = 10f64.powi(d as i32);
            ((value * scale).round() - value * scale).abs() < 1e-6
        })
        .unwrap_or(max_decimals);
    number(lang, value, decimals)
}

/// A change with its sign, to at most `max_decimals`: "+6", "−1.2", "±0" (a true minus sign).
pub fn signed(lang: Language, delta: f64, max_decimals: usize) -> String {
    let sign = if delta > 0.0 {
        "+"
    } else if delta < 0.0 {
        "−"
    } else {
        "±"
    };
    format!("{sign}{}", number_auto(lang, delta.abs(), max_decimals))
}

/// A percentage, always with one decimal so that percentages read alike everywhere (a card,
/// a chart label, a table): "26,7 %", "93,0 %" in French (no-break space before the sign),
/// "26.7%" in English.
pub fn percent(lang: Language, value: f64) -> String {
    let n = number(lang, value, 1);
    match lang {
        Language::Fr => format!("{n}\u{a0}%"),
        Language::En => format!("{n}%"),
    }
}

/// The `{name}` placeholders of a text, sorted.
fn placeholders(text: &str) -> Vec<String> {
    let mut out: Vec<String> = text
        .split('{')
        .skip(1)
        .filter_map(|part| part.split_once('}').map(|(name, _)| name.to_string()))
        .collect();
    out.sort();
    out.dedup();
    out
}

/// Every key of the table (for tests and tools).
pub fn keys() -> impl Iterator<Item = &'static str> {
    table().keys().map(String::as_str)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_entry_is_complete_in_both_languages_with_the_same_placeholders() {
        assert!(table().len() > 100);
        for (key, entry) in table() {
            assert!(!entry.fr.trim().is_empty(), "{key}: French text is empty");
            assert!(!entry.en.trim().is_empty(), "{key}: English text is empty");
            assert_eq!(
                placeholders(&entry.fr),
                placeholders(&entry.en),
                "{key}: placeholders differ between French and English"
            );
        }
    }

    #[test]
    fn look_up_fill_and_missing_keys() {
        assert_eq!(text(Language::Fr, "value.direction.outgoing"), "sortante");
        assert_eq!(text(Language::En, "value.direction.outgoing"), "outgoing");
        assert_eq!(text(Language::En, "no.such.key"), "⟦no.such.key⟧");
        assert_eq!(
            fill(
                Language::En,
                "report.footer",
                &[("source", "a.xlsx"), ("year", "2024-2025")]
            ),
            "Source: a.xlsx · reporting year 2024-2025 · mobistat"
        );
    }

    #[test]
    fn numbers_in_both_languages() {
        assert_eq!(number(Language::Fr, 1234.5, 1), "1\u{202f}234,5");
        assert_eq!(number(Language::En, 1234.5, 1), "1,234.5");
        assert_eq!(number(Language::En, 1234567.0, 0), "1,234,567");
        assert_eq!(number(Language::En, 999.0, 0), "999");
        assert_eq!(number(Language::En, -10.5, 1), "-10.5");
        assert_eq!(number(Language::En, -0.04, 1), "0.0");
        assert_eq!(number_auto(Language::Fr, 42.0, 1), "42");
        assert_eq!(number_auto(Language::Fr, 26.7, 1), "26,7");
        assert_eq!(percent(Language::Fr, 89.5), "89,5\u{a0}%");
        // One style: a whole percentage keeps its decimal, as the tables show it (issue 12:
        // "93 % (53 sur 57)" stood beside "93,3 %").
        assert_eq!(percent(Language::Fr, 93.0), "93,0\u{a0}%");
        assert_eq!(percent(Language::Fr, 93.333), "93,3\u{a0}%");
        assert_eq!(percent(Language::En, 100.0), "100.0%");
        assert_eq!(percent(Language::Fr, 1234.5), "1\u{202f}234,5\u{a0}%");
    }
}
