//! Countries to ISO 3166-1 alpha-2 codes, from codes or names in English, French, Spanish,
//! German and a few more languages, with the EU's own codes (EL, UK) and Kosovo (XK).
//!
//! The names come from the keshvar crate (ISO short and long names, unofficial names and
//! CLDR translations); the lookup table is built once, on first use.

use super::text::fold;
use std::collections::HashMap;
use std::sync::OnceLock;

/// Languages whose country names are recognised. French, English, Spanish and German are the
/// ones our users write; Italian, Portuguese and Dutch cost nothing and appear in exports too.
const LANGUAGES: [&str; 7] = ["en", "fr", "es", "de", "it", "pt", "nl"];

/// Codes and names that are not ISO 3166 but appear in Erasmus+ data, and common short forms.
/// EL and UK are the European Commission's codes for Greece and the United Kingdom
/// (EU Interinstitutional Style Guide, section 7.1); XK is the code the Commission and the
/// ISO user-assigned range use for Kosovo.
const EXTRA: &[(&str, &str)] = &[
    ("EL", "GR"),
    ("UK", "GB"),
    ("XK", "XK"),
    ("Kosovo", "XK"),
    ("Kosova", "XK"),
    ("Kosovë", "XK"),
    ("XKX", "XK"),
    ("KOS", "XK"),
    ("USA", "US"),
    ("U.S.A.", "US"),
    ("EEUU", "US"),
    ("EE.UU.", "US"),
    ("Etats-Unis d'Amérique", "US"),
    ("United States of America", "US"),
    ("Angleterre", "GB"),
    ("England", "GB"),
    ("Scotland", "GB"),
    ("Ecosse", "GB"),
    ("Wales", "GB"),
    ("Pays de Galles", "GB"),
    ("Great Britain", "GB"),
    ("Grande-Bretagne", "GB"),
    ("Gran Bretaña", "GB"),
    ("Reino Unido", "GB"),
    ("Royaume Uni", "GB"),
    ("Korea", "KR"),
    ("South Korea", "KR"),
    ("Corée du Sud", "KR"),
    ("Corea del Sur", "KR"),
    ("Russia", "RU"),
    ("Russie", "RU"),
    ("Turkey", "TR"),
    ("Turquie", "TR"),
    ("Türkiye", "TR"),
    ("Turquía", "TR"),
    ("Czech Republic", "CZ"),
    ("République tchèque", "CZ"),
    ("República Checa", "CZ"),
    ("Holland", "NL"),
    ("Holanda", "NL"),
    ("Hollande", "NL"),
    ("Taiwan", "TW"),
    ("Viet Nam", "VN"),
    ("Vietnam", "VN"),
    ("Macedonia", "MK"),
    ("Macédoine", "MK"),
    ("FYROM", "MK"),
    ("Ivory Coast", "CI"),
    ("Côte d'Ivoire", "CI"),
    ("Cote d Ivoire", "CI"),
    ("Swaziland", "SZ"),
    ("Moldova", "MD"),
    ("Bolivia", "BO"),
    ("Iran", "IR"),
    ("Syria", "SY"),
    ("Laos", "LA"),
    ("Tanzania", "TZ"),
    ("Venezuela", "VE"),
    ("Palestine", "PS"),
    ("Vatican", "VA"),
    ("Cape Verde", "CV"),
];

/// Continents for the codes keshvar does not know.
const EXTRA_CONTINENTS: &[(&str, &str)] = &[("XK", "Europe")];

struct Registry {
    by_key: HashMap<String, &'static str>,
    continents: HashMap<&'static str, &'static str>,
}

fn registry() -> &'static Registry {
    static REGISTRY: OnceLock<Registry> = OnceLock::new();
    REGISTRY.get_or_init(build)
}

fn leak(s: String) -> &'static str {
    // The registry lives for the whole program: a few hundred short strings, leaked once.
    Box::leak(s.into_boxed_str())
}

fn build() -> Registry {
    let mut by_key: HashMap<String, &'static str> = HashMap::new();
    let mut continents = HashMap::new();
    // Official codes first, then names, so that a name never shadows a code.
    let mut names: Vec<(String, &'static str)> = Vec::new();
    for alpha2 in keshvar::SUPPORTED_ALPHA2_LIST {
        let country = alpha2.to_country();
        let code = leak(alpha2.to_string());
        by_key.insert(fold(code), code);
        by_key.insert(fold(&country.alpha3().to_string()), code);
        continents.insert(code, continent_name(country.continent()));
        names.push((country.iso_short_name().to_string(), code));
        names.push((country.iso_long_name().to_string(), code));
        for name in country.unofficial_name_list() {
            names.push((name.to_string(), code));
        }
        for lang in LANGUAGES {
            if let Some(name) = country.translations().get(lang) {
                names.push((name.to_string(), code));
            }
        }
    }
    for (text, code) in EXTRA {
        let code: &'static str = by_key.get(&fold(code)).copied().unwrap_or(code);
        by_key.insert(fold(text), code);
    }
    for (name, code) in names {
        let key = fold(&name);
        // Names of two letters or three would collide with codes ("Io", "Cuba" is fine).
        if key.len() > 3 {
            by_key.entry(key).or_insert(code);
        }
    }
    for (code, continent) in EXTRA_CONTINENTS {
        continents.insert(code, continent);
    }
    Registry { by_key, continents }
}

fn continent_name(continent: keshvar::Continent) -> &'static str {
    use keshvar::Continent::*;
    match continent {
        Africa => "Africa",
        Antarctica => "Antarctica",
        Asia => "Asia",
        Australia => "Oceania",
        Europe => "Europe",
        NorthAmerica => "North America",
        SouthAmerica => "South America",
    }
}

/// Finds the ISO 3166-1 alpha-2 code for a country written as a code (alpha-2, alpha-3, EL,
/// UK, XK) or a name in one of the supported languages, ignoring case, accents and
/// punctuation: "Allemagne", "ALEMANIA", "Royaume-Uni", "deu" and "de" all give "DE".
pub fn country_code(text: &str) -> Option<&'static str> {
    let key = fold(text);
    if key.is_empty() {
        return None;
    }
    let reg = registry();
    if let Some(code) = reg.by_key.get(&key) {
        return Some(code);
    }
    // "France (FR)", "FR - France": try the parts.
    key.split(' ')
        .filter(|part| part.len() >= 2)
        .find_map(|part| reg.by_key.get(part).copied())
        .filter(|_| key.split(' ').count() <= 3)
}

/// The known country spelling nearest to `text` (a slip such as "Germnay"): the spelling,
/// folded, and its code.
pub fn closest_country(text: &str) -> Option<(&'static str, &'static str)> {
    let by_key: &'static HashMap<String, &'static str> = &registry().by_key;
    let spelling = crate::normalise::text::closest(text, by_key.keys().map(String::as_str))?;
    Some((spelling, by_key[spelling]))
}

/// The continent of an alpha-2 code, in English ("Europe", "Asia", "North America", ...).
pub fn continent(code: &str) -> Option<&'static str> {
    registry().continents.get(code).copied()
}

/// Every (alpha-2 code, continent) pair the registry knows, sorted by code.
pub fn continents() -> Vec<(&'static str, &'static str)> {
    let mut pairs: Vec<(&'static str, &'static str)> = registry()
        .continents
        .iter()
        .map(|(code, continent)| (*code, *continent))
        .collect();
    pairs.sort_unstable();
    pairs
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slips_of_the_keyboard_find_their_country() {
        assert_eq!(closest_country("Germnay"), Some(("germany", "DE")));
        assert_eq!(closest_country("Espagnr"), Some(("espagne", "ES")));
        assert_eq!(closest_country("Atlantis"), None);
    }

    #[test]
    fn codes_and_eu_codes() {
        assert_eq!(country_code("DE"), Some("DE"));
        assert_eq!(country_code("deu"), Some("DE"));
        assert_eq!(country_code("EL"), Some("GR"));
        assert_eq!(country_code("UK"), Some("GB"));
        assert_eq!(country_code("XK"), Some("XK"));
        assert_eq!(country_code("GBR"), Some("GB"));
    }

    #[test]
    fn names_in_four_languages() {
        assert_eq!(country_code("Allemagne"), Some("DE"));
        assert_eq!(country_code("ALEMANIA"), Some("DE"));
        assert_eq!(country_code("Deutschland"), Some("DE"));
        assert_eq!(country_code("Germany"), Some("DE"));
        assert_eq!(country_code("Royaume-Uni"), Some("GB"));
        assert_eq!(country_code("BÉLGICA"), Some("BE"));
        assert_eq!(country_code("Suiza"), Some("CH"));
        assert_eq!(country_code("Grèce"), Some("GR"));
        assert_eq!(country_code("Etats-Unis"), Some("US"));
        assert_eq!(country_code("Corée du Sud"), Some("KR"));
        assert_eq!(country_code("Kazakhstan"), Some("KZ"));
        assert_eq!(country_code("Kosovo"), Some("XK"));
        assert_eq!(country_code("Türkiye"), Some("TR"));
        assert_eq!(country_code("Finlandia"), Some("FI"));
        assert_eq!(country_code("Polonia"), Some("PL"));
        assert_eq!(country_code("Rumania"), Some("RO"));
        assert_eq!(country_code("Eslovaquia"), Some("SK"));
    }

    #[test]
    fn unknown_text_is_none() {
        assert_eq!(country_code(""), None);
        assert_eq!(country_code("Atlantis"), None);
        assert_eq!(country_code("ZZ"), None);
    }

    #[test]
    fn continents() {
        assert_eq!(continent("FR"), Some("Europe"));
        assert_eq!(continent("GH"), Some("Africa"));
        assert_eq!(continent("MX"), Some("North America"));
        assert_eq!(continent("BR"), Some("South America"));
        assert_eq!(continent("AU"), Some("Oceania"));
        assert_eq!(continent("XK"), Some("Europe"));
        assert_eq!(continent("TW"), Some("Asia"));
    }
}
