//! Yes/no cells in French, English and Spanish, as check marks or as numbers.

use super::text::fold;

/// The text is not a yes/no value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NotABool;

/// Reads a yes/no value: Yes/No, Oui/Non, Sí/No, Y/N, O/N, True/False, Vrai/Faux, 1/0, X.
/// Blank means `Some(false)` is NOT assumed: blank returns `None` and the caller decides.
/// Returns `Err(NotABool)` for text that is none of these.
pub fn parse_bool(text: &str) -> Result<Option<bool>, NotABool> {
    let key = fold(text);
    if key.is_empty() {
        // "X" check-mark columns leave the other rows blank; blank means "not stated".
        return Ok(None);
    }
    match key.as_str() {
        "yes" | "y" | "oui" | "o" | "si" | "s" | "true" | "vrai" | "verdadero" | "1" | "x"
        | "ja" | "ok" => Ok(Some(true)),
        "no" | "n" | "non" | "false" | "faux" | "falso" | "0" | "nein" => Ok(Some(false)),
        _ => Err(NotABool),
    }
}

/// Reads a yes/no value from a number cell: 0 is no, any other number is yes.
pub fn bool_from_number(value: f64) -> bool {
    value != 0.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_usual_spellings() {
        for yes in ["Yes", "OUI", "Sí", "si", "Y", "x", "X", "1", "True", "Vrai"] {
            assert_eq!(parse_bool(yes), Ok(Some(true)), "{yes}");
        }
        for no in ["No", "non", "N", "0", "FALSE", "Faux"] {
            assert_eq!(parse_bool(no), Ok(Some(false)), "{no}");
        }
        assert_eq!(parse_bool(""), Ok(None));
        assert_eq!(parse_bool("  "), Ok(None));
        assert_eq!(parse_bool("maybe"), Err(NotABool));
        assert!(bool_from_number(2.0));
        assert!(!bool_from_number(0.0));
    }
}
