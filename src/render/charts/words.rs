//! Words of titles, labels and alternative texts, from the translation table: the chart's own
//! entries (`chart.<name>.<what>`), numbers as the report language writes them, and lists
//! ("Italie (42) et Espagne (39)").

use crate::i18n;
use crate::i18n::Language;

/// `chart.<name>.<what>`, its placeholders filled.
pub(crate) fn chart(lang: Language, name: &str, what: &str, args: &[(&str, &str)]) -> String {
    i18n::fill(lang, &format!("chart.{name}.{what}"), args)
}

/// A shared `chart.<what>` entry, its placeholders filled.
pub(crate) fn shared(lang: Language, what: &str, args: &[(&str, &str)]) -> String {
    i18n::fill(lang, &format!("chart.{what}"), args)
}

/// A count or amount: "1 234", "12,5".
pub(crate) fn num(lang: Language, v: f64) -> String {
    i18n::number_auto(lang, v, 1)
}

/// A percentage: "12,5 %".
pub(crate) fn pct(lang: Language, v: f64) -> String {
    i18n::percent(lang, v)
}

/// "A", "A et B", "A, B et C".
pub(crate) fn list(lang: Language, items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [head @ .., last] => shared(lang, "and", &[("list", &head.join(", ")), ("last", last)]),
    }
}

/// ", devant A (3) et B (2)" after the leader of a ranking, or nothing when it is alone.
pub(crate) fn ahead_of(lang: Language, rest: &[String]) -> String {
    if rest.is_empty() {
        String::new()
    } else {
        shared(lang, "ahead_of", &[("list", &list(lang, rest))])
    }
}

/// " (objectif : 100)" when there is a target.
pub(crate) fn target_suffix(lang: Language, target: Option<String>) -> String {
    target
        .map(|value| shared(lang, "target_suffix", &[("value", &value)]))
        .unwrap_or_default()
}

/// The label with a capital first letter, for legends ("études" → "Études").
pub(crate) fn capitalise(label: &str) -> String {
    let mut chars = label.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_in_both_languages() {
        let items: Vec<String> = ["Italie (42)", "Espagne (39)", "Canada (30)"]
            .map(String::from)
            .to_vec();
        assert_eq!(list(Language::Fr, &items[..1]), "Italie (42)");
        assert_eq!(
            list(Language::Fr, &items),
            "Italie (42), Espagne (39) et Canada (30)"
        );
        assert_eq!(
            ahead_of(Language::En, &items[..2]),
            ", ahead of Italie (42) and Espagne (39)"
        );
        assert_eq!(ahead_of(Language::En, &[]), "");
        assert_eq!(
            target_suffix(Language::Fr, Some("100".into())),
            " (objectif : 100)"
        );
        assert_eq!(num(Language::Fr, 1234.0), "1\u{202f}234");
        assert_eq!(pct(Language::En, 12.5), "12.5%");
        assert_eq!(capitalise("études"), "Études");
    }
}
