//! `init`'s proposals for headers no alias matches: a field guessed from the header's words
//! and the column's values ("Date de début" holding dates in a partner list is valid_from),
//! and a "Programme" column read as the degree programme when its values are not funding
//! labels.

use crate::ingest::Cell;
use crate::normalise::academic_year::{AcademicYear, BareYear};
use crate::normalise::date::parse_date_text;
use crate::normalise::text::fold;
use crate::schema::vocab::Funding;
use crate::schema::TableKind;

/// Words saying a column starts or ends a period, in French, English and Spanish.
const STARTS: &[&str] = &[
    "debut",
    "start",
    "from",
    "depuis",
    "begin",
    "inicio",
    "desde",
    "signature",
    "signe",
    "signed",
];
const ENDS: &[&str] = &[
    "fin",
    "end",
    "to",
    "until",
    "jusqu",
    "expiry",
    "expiration",
    "hasta",
    "echeance",
];
/// Words naming a faculty, school or department: the mobility's or enrolment's faculty.
const FACULTY: &[&str] = &[
    "faculty",
    "faculte",
    "composante",
    "ufr",
    "departement",
    "department",
    "facultad",
    "school",
    "ecole",
    "escuela",
    "institut",
];
/// Words naming the degree programmes an agreement covers.
const PROGRAMMES: &[&str] = &[
    "filiere",
    "filieres",
    "formation",
    "formations",
    "programme",
    "programmes",
    "diplome",
    "diplomes",
    "concernees",
    "concernes",
    "titulaciones",
    "specialites",
];

/// Whether most of the column's non-blank values satisfy `test` (at least 80 %).
fn mostly(values: &[&Cell], test: impl Fn(&Cell) -> bool) -> bool {
    !values.is_empty() && values.iter().filter(|c| test(c)).count() * 5 >= values.len() * 4
}

fn is_date(c: &Cell) -> bool {
    matches!(c, Cell::Date(_)) || c.as_text().and_then(parse_date_text).is_some()
}

fn is_academic_year(c: &Cell) -> bool {
    c.as_text()
        .and_then(|t| AcademicYear::parse(t, BareYear::Starts))
        .is_some()
}

/// Whether the column holds funding labels (Erasmus+, Bilatéral, BCI...).
pub fn holds_funding(values: &[&Cell]) -> bool {
    mostly(values, |c| {
        c.as_text()
            .is_some_and(|t| Funding::parse_label(t).is_some())
    })
}

/// The field a person would map this header to, if its words and values say so clearly;
/// `free` tells whether a field is still without a column.
pub fn propose(
    table: TableKind,
    header: &str,
    values: &[&Cell],
    free: impl Fn(&str) -> bool,
) -> Option<&'static str> {
    let key = fold(header);
    let has = |words: &[&str]| key.split(' ').any(|w| words.contains(&w));
    let (starts, ends) = (has(STARTS), has(ENDS));
    let dated = mostly(values, is_date);
    let yearly = mostly(values, is_academic_year);
    let field = match table {
        TableKind::Partners if (dated || yearly) && starts => "valid_from",
        TableKind::Partners if (dated || yearly) && ends => "valid_to",
        TableKind::Partners if has(PROGRAMMES) => "programmes",
        TableKind::Mobilities if dated && starts => "start_date",
        TableKind::Mobilities if dated && ends => "end_date",
        TableKind::Mobilities if yearly => "academic_year",
        TableKind::Mobilities | TableKind::Students if has(FACULTY) => "faculty",
        _ => return None,
    };
    free(field).then_some(field)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(values: &[&str]) -> Vec<Cell> {
        values.iter().map(|t| Cell::Text(t.to_string())).collect()
    }

    #[test]
    fn headers_a_person_maps_at_once() {
        let dates = texts(&["01/09/2022", "01/09/2023"]);
        let refs: Vec<&Cell> = dates.iter().collect();
        let any = |_: &str| true;
        let p = |h: &str, v: &[&Cell]| propose(TableKind::Partners, h, v, any);
        assert_eq!(p("Date de début", &refs), Some("valid_from"));
        assert_eq!(p("Date de fin", &refs), Some("valid_to"));
        let lists = texts(&["Génie civil; Informatique"]);
        let lists: Vec<&Cell> = lists.iter().collect();
        assert_eq!(p("Filières concernées", &lists), Some("programmes"));
        let faculties = texts(&["Sciences", "Lettres"]);
        let faculties: Vec<&Cell> = faculties.iter().collect();
        let m = |h: &str| propose(TableKind::Mobilities, h, &faculties, any);
        assert_eq!(m("Faculté d'origine"), Some("faculty"));
        assert_eq!(m("École interne de rattachement"), Some("faculty"));
        assert_eq!(m("Remarques"), None);
        // A field that already has a column is not proposed again.
        assert_eq!(
            propose(TableKind::Partners, "Date de début", &refs, |_| false),
            None
        );
    }

    #[test]
    fn a_programme_column_of_funding_labels_or_of_degree_programmes() {
        let funding = texts(&["Erasmus+", "Bilatéral", "BCI", "Erasmus+ KA171"]);
        assert!(holds_funding(&funding.iter().collect::<Vec<_>>()));
        let degrees = texts(&["Génie civil", "Informatique", "Mécanique"]);
        assert!(!holds_funding(&degrees.iter().collect::<Vec<_>>()));
    }
}
