//! Erasmus institution codes ("A  WIEN02", "D  BERLIN02", "UK LONDON01") in their official form.

/// Normalises an Erasmus code to its official form: uppercase, every kind of whitespace
/// (non-breaking spaces included) treated alike, the country prefix padded with spaces to
/// three characters, then the city and number. "A WIEN02", "A\u{a0} WIEN02" and "a  wien02"
/// all become "A  WIEN02". Returns `None` when the text does not look like an Erasmus code
/// (a letter prefix of 1 to 3 letters, then letters and a number).
pub fn normalise_erasmus_code(text: &str) -> Option<String> {
    let upper = text.trim().to_uppercase();
    let mut parts = upper
        .split(|c: char| c.is_whitespace())
        .filter(|p| !p.is_empty());
    let first = parts.next()?;
    let rest: String = parts.collect::<Vec<_>>().join("");
    let (prefix, body) = if rest.is_empty() {
        // Three-letter prefixes fill their three places, so the official form has no space
        // ("IRLDUBLIN01", "LUXLUX-VIL01"); other codes without a space ("AWIEN02") are
        // ambiguous: the prefix cannot be told from the city.
        match ["IRL", "LUX"]
            .iter()
            .find(|p| first.starts_with(**p) && first.len() > 4)
        {
            Some(p) => (p.to_string(), first[3..].to_string()),
            None => return None,
        }
    } else {
        (first.to_string(), rest)
    };
    let prefix_ok = (1..=3).contains(&prefix.chars().count())
        && prefix.chars().all(|c| c.is_ascii_alphabetic());
    let body_ok = body.len() >= 2
        && body
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '.'))
        && body.chars().next().is_some_and(|c| c.is_ascii_alphabetic());
    if !prefix_ok || !body_ok {
        return None;
    }
    Some(format!("{prefix:<3}{body}"))
}

/// The country an Erasmus code's prefix stands for ("D  BERLIN02" → "DE"), from the list of
/// prefixes in the Erasmus+ institution codes (the Commission's ECHE holder list uses them).
/// Takes the code in the official form that [`normalise_erasmus_code`] gives.
pub fn country_of_code(code: &str) -> Option<&'static str> {
    let prefix = code.get(..3)?.trim();
    let country = match prefix {
        "A" => "AT",
        "B" => "BE",
        "BG" => "BG",
        "CH" => "CH",
        "CY" => "CY",
        "CZ" => "CZ",
        "D" => "DE",
        "DK" => "DK",
        "E" => "ES",
        "EE" => "EE",
        "F" => "FR",
        "G" => "GR",
        "HR" => "HR",
        "HU" => "HU",
        "I" => "IT",
        "IRL" => "IE",
        "IS" => "IS",
        "LI" => "LI",
        "LT" => "LT",
        "LUX" => "LU",
        "LV" => "LV",
        "MK" => "MK",
        "MT" => "MT",
        "N" => "NO",
        "NL" => "NL",
        "P" => "PT",
        "PL" => "PL",
        "RO" => "RO",
        "RS" => "RS",
        "S" => "SE",
        "SF" => "FI",
        "SI" => "SI",
        "SK" => "SK",
        "TR" => "TR",
        "UK" => "GB",
        _ => return None,
    };
    Some(country)
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
        assert_eq!(
            normalise_erasmus_code("D BERLIN02").as_deref(),
            Some("D  BERLIN02")
        );
        assert_eq!(
            normalise_erasmus_code("UK LONDON01").as_deref(),
            Some("UK LONDON01")
        );
        assert_eq!(
            normalise_erasmus_code("SF ESPOO12").as_deref(),
            Some("SF ESPOO12")
        );
        assert_eq!(
            normalise_erasmus_code("IRL DUBLIN01").as_deref(),
            Some("IRLDUBLIN01")
        );
        assert_eq!(
            normalise_erasmus_code("IRLDUBLIN01").as_deref(),
            Some("IRLDUBLIN01")
        );
        assert_eq!(normalise_erasmus_code("AWIEN02"), None);
        assert_eq!(
            normalise_erasmus_code("CH ST.GALL08").as_deref(),
            Some("CH ST.GALL08")
        );
    }

    #[test]
    fn prefixes_name_countries() {
        assert_eq!(country_of_code("A  WIEN02"), Some("AT"));
        assert_eq!(country_of_code("SF ESPOO12"), Some("FI"));
        assert_eq!(country_of_code("UK LONDON01"), Some("GB"));
        assert_eq!(country_of_code("IRLDUBLIN01"), Some("IE"));
        assert_eq!(country_of_code("X NOWHERE"), None);
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
