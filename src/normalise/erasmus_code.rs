//! Erasmus institution codes ("A  WIEN02", "D  BERLIN02", "UK LONDON01") in their official form.

/// Normalises an Erasmus code to its official form: uppercase, every kind of whitespace
/// (non-breaking spaces included) treated alike, the country prefix padded with spaces to
/// three characters, then the city and number. "A WIEN02", "A\u{a0} WIEN02" and "a  wien02"
/// all become "A  WIEN02". Returns `None` when the text does not look like an Erasmus code
/// (a letter prefix of 1 to 3 letters, then letters and a number).
pub fn normalise_erasmus_code(text: &str) -> Option<String> {
    let upper = text.trim().to_uppercase();
    let mut parts = upper.split(|c: char| c.is_whitespace()).filter(|p| !p.is_empty());
    let first = parts.next()?;
    let rest: String = parts.collect::<Vec<_>>().join("");
    if rest.is_empty() {
        // Written without any space ("AWIEN02"): the prefix cannot be told from the city.
        return None;
    }
    let (prefix, body) = (first.to_string(), rest);
    let prefix_ok = (1..=3).contains(&prefix.chars().count()) && prefix.chars().all(|c| c.is_ascii_alphabetic());
    let body_ok = body.len() >= 2
        && body.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        && body.chars().next().is_some_and(|c| c.is_ascii_alphabetic());
    if !prefix_ok || !body_ok {
        return None;
    }
    Some(format!("{prefix:<3}{body}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spellings_of_one_code_compare_equal() {
        let official = Some("A  WIEN02".to_string());
        assert_eq!(normalise_erasmus_code("A WIEN02"), official);
        assert_eq!(normalise_erasmus_code("A\u{a0} WIEN02"), official);
        assert_eq!(normalise_erasmus_code("a  wien02"), official);
        assert_eq!(normalise_erasmus_code(" A\u{a0}\u{a0}WIEN02 "), official);
    }

    #[test]
    fn prefixes_are_padded_to_three() {
        assert_eq!(normalise_erasmus_code("D BERLIN02").as_deref(), Some("D  BERLIN02"));
        assert_eq!(normalise_erasmus_code("UK LONDON01").as_deref(), Some("UK LONDON01"));
        assert_eq!(normalise_erasmus_code("SF ESPOO12").as_deref(), Some("SF ESPOO12"));
        assert_eq!(normalise_erasmus_code("IRL DUBLIN01").as_deref(), Some("IRLDUBLIN01"));
    }

    #[test]
    fn rejects_text_that_is_not_a_code() {
        assert_eq!(normalise_erasmus_code(""), None);
        assert_eq!(normalise_erasmus_code("0"), None);
        assert_eq!(normalise_erasmus_code("TOTAL GIF"), None);
        assert_eq!(normalise_erasmus_code("12 34"), None);
        assert_eq!(normalise_erasmus_code("ABCD WIEN02"), None);
    }
}
