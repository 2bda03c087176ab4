//! Rows that are not data: a copy of the header further down (two exports pasted together)
//! and totals rows ("Total", "TOTAL GIF", "Sous-total", "PLAZAS TOTALES"). Both tests run on
//! every row, so they must not allocate for ordinary rows.

use crate::ingest::Cell;
use crate::normalise::text::fold;

/// Words that open a totals row, after folding.
const TOTAL_WORDS: &[&str] = &[
    "total",
    "totals",
    "totaux",
    "sous total",
    "subtotal",
    "sub total",
    "grand total",
    "plazas totales",
    "suma",
    "somme",
    "summe",
    "gesamt",
    "totales",
];

/// True when most non-blank cells repeat the header's text in the same columns (compared as
/// written, ignoring ASCII case).
pub fn is_repeated_header(cells: &[Cell], header: &[String]) -> bool {
    let mut same = 0;
    let mut other = 0;
    for (i, cell) in cells.iter().enumerate() {
        let text = match cell {
            Cell::Empty => continue,
            Cell::Text(t) => match t.trim() {
                "" => continue,
                t => Some(t),
            },
            _ => None,
        };
        match (text, header.get(i)) {
            (Some(t), Some(h)) if t.eq_ignore_ascii_case(h) => same += 1,
            _ => other += 1,
        }
        // Half the cells differ: the rest cannot outnumber them (most rows stop here).
        if 2 * other >= cells.len() {
            return false;
        }
    }
    same >= 2 && same > other
}

/// The label of a totals row: one of its first four non-blank text cells that opens with a
/// totals word.
pub fn totals_label(cells: &[Cell]) -> Option<String> {
    cells
        .iter()
        .filter(|c| !c.is_blank())
        .take(4)
        .filter_map(Cell::as_text)
        // Every totals word starts with one of these letters: fold only those cells.
        .filter(|t| {
            t.trim_start()
                .starts_with(['t', 'T', 's', 'S', 'g', 'G', 'p', 'P'])
        })
        .find(|t| {
            let key = fold(t);
            TOTAL_WORDS.iter().any(|w| {
                key == *w
                    || key
                        .strip_prefix(w)
                        .is_some_and(|rest| rest.starts_with(' '))
            })
        })
        .map(str::to_string)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::testing::cells;

    #[test]
    fn totals_rows_in_three_languages() {
        assert_eq!(
            totals_label(&cells(&["", "", "TOTAL GITST/MASTER", "125"])).as_deref(),
            Some("TOTAL GITST/MASTER")
        );
        assert_eq!(
            totals_label(&cells(&["PLAZAS TOTALES", "319"])).as_deref(),
            Some("PLAZAS TOTALES")
        );
        assert_eq!(
            totals_label(&cells(&["Sous-total", "12"])).as_deref(),
            Some("Sous-total")
        );
        assert_eq!(totals_label(&cells(&["Total"])).as_deref(), Some("Total"));
        // A word that only starts like one is data.
        assert_eq!(totals_label(&cells(&["Totalenergies SA", "FR"])), None);
        assert_eq!(totals_label(&cells(&["TU Wien", "AT"])), None);
    }

    #[test]
    fn repeated_headers_match_the_header_row() {
        let header = vec!["Pays".to_string(), "Code".to_string(), "Nom".to_string()];
        assert!(is_repeated_header(
            &cells(&["Pays", "CODE", "Nom"]),
            &header
        ));
        assert!(!is_repeated_header(
            &cells(&["Pays", "A WIEN02", "TU Wien"]),
            &header
        ));
        assert!(!is_repeated_header(
            &cells(&["Nom", "Code", "Pays"]),
            &header
        ));
    }
}
