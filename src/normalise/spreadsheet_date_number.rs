//! Numbers that a spreadsheet turned into dates: a fractional month count such as 9.75 typed
//! into a German-locale Excel becomes "Sep-75" (September 1975), 9.5 becomes "09. Mai" (9 May),
//! 3.25 becomes "Mrz 25". This recognises such cells and gives the number they most likely held,
//! so that the caller can report them with that value instead of reading them as dates or
//! rejecting them silently.
//!
//! Seen in the pre-2014 Erasmus student files (../shared/realdata/erasmus-llp-legacy, column
//! Duration_Abroad): 11,158 cells in 33 spellings, all of the two shapes handled here.

use super::text::fold;

/// Month abbreviations as German and English spreadsheets write them, with their number.
const MONTHS: [(&str, u32); 16] = [
    ("jan", 1),
    ("feb", 2),
    ("mrz", 3),
    ("mar", 3),
    ("apr", 4),
    ("mai", 5),
    ("may", 5),
    ("jun", 6),
    ("jul", 7),
    ("aug", 8),
    ("sep", 9),
    ("okt", 10),
    ("oct", 10),
    ("nov", 11),
    ("dez", 12),
    ("dec", 12),
];

/// The month of a three-letter abbreviation (the spreadsheet formats write no other form).
fn month(word: &str) -> Option<u32> {
    let word = fold(word);
    MONTHS
        .iter()
        .find(|(abbr, _)| word == *abbr)
        .map(|(_, n)| *n)
}

/// How a number was turned into a date, for the message that reports it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mangling {
    /// "Sep-75", "Mrz 25": the whole part became the month, the decimals a two-digit year.
    MonthYear,
    /// "09. Mai": the whole part became the day, a decimal 5 the month (May).
    DayMonth,
}

/// The number a date-looking cell most likely held, with how it was mangled; None when the
/// text is not one of the two shapes (a real date, a plain number, anything else).
///
/// "Sep-75" → 9.75, "Mrz 25" → 3.25, "09. Mai" → 9.5, "12. Mai" → 12.5.
pub fn number_turned_date(text: &str) -> Option<(f64, Mangling)> {
    let text = text.trim();
    // "09. Mai": day, dot, month. Only May is possible: the decimal digit became the month.
    if let Some((day, rest)) = text.split_once('.') {
        let day: u32 = day.trim().parse().ok().filter(|d| (1..=31).contains(d))?;
        let decimal = month(rest.trim())?;
        if decimal > 9 {
            return None;
        }
        return Some((day as f64 + decimal as f64 / 10.0, Mangling::DayMonth));
    }
    // "Sep-75", "Mrz 25": month, dash or space, two-digit year = two decimals.
    let (word, year) = text.split_once(['-', ' '])?;
    let whole = month(word)?;
    let year = year.trim();
    if year.len() != 2 || !year.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let hundredths: u32 = year.parse().ok()?;
    Some((
        whole as f64 + hundredths as f64 / 100.0,
        Mangling::MonthYear,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn month_and_two_digit_year_are_a_whole_and_two_decimals() {
        assert_eq!(
            number_turned_date("Sep-75"),
            Some((9.75, Mangling::MonthYear))
        );
        assert_eq!(
            number_turned_date("Apr-25"),
            Some((4.25, Mangling::MonthYear))
        );
        assert_eq!(
            number_turned_date("Mrz 25"),
            Some((3.25, Mangling::MonthYear))
        );
        assert_eq!(
            number_turned_date("Okt 75"),
            Some((10.75, Mangling::MonthYear))
        );
        assert_eq!(
            number_turned_date("Dez 75"),
            Some((12.75, Mangling::MonthYear))
        );
        assert_eq!(
            number_turned_date("Mai 25"),
            Some((5.25, Mangling::MonthYear))
        );
        assert_eq!(
            number_turned_date("Oct-50"),
            Some((10.5, Mangling::MonthYear))
        );
    }

    #[test]
    fn day_and_may_are_a_whole_and_a_half() {
        assert_eq!(
            number_turned_date("09. Mai"),
            Some((9.5, Mangling::DayMonth))
        );
        assert_eq!(
            number_turned_date("02. Mai"),
            Some((2.5, Mangling::DayMonth))
        );
        assert_eq!(
            number_turned_date("12. Mai"),
            Some((12.5, Mangling::DayMonth))
        );
        assert_eq!(
            number_turned_date("3. Mrz"),
            Some((3.3, Mangling::DayMonth))
        );
    }

    #[test]
    fn other_text_is_not_a_mangled_number() {
        for text in [
            "9",
            "9.75",
            "",
            "Sep",
            "Sep-1975",
            "Sep-7",
            "15/09/2024",
            "Mai",
            "40. Mai",
            "09. Okt",
            "Septembre 75",
            "unknown",
            "x-75",
        ] {
            assert_eq!(number_turned_date(text), None, "{text}");
        }
    }
}
