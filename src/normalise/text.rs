//! Text folding shared by every matcher: header aliases, enum aliases, country names.

/// Folds text to a comparison key: accents removed (via deunicode), lowercase, every run of
/// non-alphanumeric characters (punctuation, non-breaking spaces, tabs) made one space, trimmed.
/// "Date de début" and "DATE_DE_DEBUT " both fold to "date de debut".
pub fn fold(text: &str) -> String {
    let ascii = if text.is_ascii() {
        std::borrow::Cow::Borrowed(text)
    } else {
        // deunicode spells "°" as "deg": "N° étudiant" must fold like "N étudiant".
        let text = text.replace(['°', 'º', '№'], " ");
        std::borrow::Cow::Owned(deunicode::deunicode(&text))
    };
    let mut out = String::with_capacity(ascii.len());
    let mut pending_space = false;
    for ch in ascii.chars() {
        if ch.is_ascii_alphanumeric() {
            if pending_space && !out.is_empty() {
                out.push(' ');
            }
            pending_space = false;
            out.push(ch.to_ascii_lowercase());
        } else {
            pending_space = true;
        }
    }
    out
}

/// Trims a cell's text, treating non-breaking and other Unicode spaces as whitespace, and
/// collapses inner runs of whitespace to one ASCII space. Returns `None` for blank text.
pub fn clean(text: &str) -> Option<String> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return None;
    }
    if trimmed.chars().all(|c| !c.is_whitespace() || c == ' ') && !trimmed.contains("  ") {
        return Some(trimmed.to_string());
    }
    let mut out = String::with_capacity(trimmed.len());
    for word in trimmed.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    Some(out)
}

/// Spreadsheet error values and placeholders that mean "no value" rather than a value.
pub fn is_placeholder(text: &str) -> bool {
    matches!(
        text.trim(),
        "#N/A"
            | "#N/D"
            | "#NV"
            | "#NA"
            | "N/A"
            | "n/a"
            | "NA"
            | "-"
            | "--"
            | "???"
            | "#VALUE!"
            | "#REF!"
            | "#DIV/0!"
            | "#NAME?"
            | "NULL"
            | "null"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fold_ignores_case_accents_and_punctuation() {
        assert_eq!(fold("Date de début"), "date de debut");
        assert_eq!(fold("  DATE_DE_DÉBUT: "), "date de debut");
        assert_eq!(fold("País"), "pais");
        assert_eq!(fold("Código"), "codigo");
        assert_eq!(fold("A\u{a0} WIEN02"), "a wien02");
        assert_eq!(fold("Straße"), "strasse");
        assert_eq!(fold("N° étudiant"), "n etudiant");
        assert_eq!(fold(""), "");
    }

    #[test]
    fn clean_collapses_unicode_spaces() {
        assert_eq!(clean("  a  b "), Some("a b".to_string()));
        assert_eq!(clean("A\u{a0} WIEN02"), Some("A WIEN02".to_string()));
        assert_eq!(clean(" \u{a0} "), None);
        assert_eq!(clean("plain"), Some("plain".to_string()));
    }

    #[test]
    fn placeholders_are_not_values() {
        assert!(is_placeholder("#N/A"));
        assert!(is_placeholder(" ??? "));
        assert!(!is_placeholder("NAP"));
    }
}
