//! Reports of one faculty: the canonical tables cut to a faculty's rows (`report --filter
//! faculty=…`, and each folder of `report --by faculty`), between loading and the indicators.
//!
//! A mobility or an enrolment belongs to the faculty its own `faculty` column, its degree
//! programme (through the programmes list) or, for a mobility, its person's latest enrolment
//! gives (`indicators::faculty`); the rows none of these place form the "faculty not given"
//! report, so that the faculties' figures add up to the institution's. A partner belongs to a
//! faculty when its agreement names one of the faculty's programmes (an agreement naming none
//! belongs to the "not given" report). The KA171 projects and the welcome register are the
//! institution's: a faculty's report leaves them out, and says so.

use crate::error::{Error, Result};
use crate::i18n::Message;
use crate::indicators::base::empty_table;
use crate::indicators::faculty::{enrolments_with_faculty, movements_with_faculty};
use crate::schema::text_column::TextColumn;
use crate::schema::TableKind;
use crate::settings::Settings;
use crate::tables::Tables;
use polars::prelude::*;
use std::collections::BTreeSet;

/// The tables a faculty's report leaves out: they hold the institution's figures, not a
/// faculty's.
pub const INSTITUTION_ONLY: [TableKind; 3] = [
    TableKind::IcmProjects,
    TableKind::Welcome,
    TableKind::Grants,
];

/// Whose figures a faculty report shows.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Faculty {
    /// A faculty, as the inputs name it.
    Named(String),
    /// The rows no input places in a faculty.
    NotGiven,
}

impl Faculty {
    /// Its name in reports: the inputs' name, or "faculty not given" in `lang`.
    pub fn label(&self, lang: crate::i18n::Language) -> String {
        match self {
            Faculty::Named(name) => name.clone(),
            Faculty::NotGiven => crate::i18n::text(lang, "report.scope.not_given"),
        }
    }

    /// Its folder under `by-faculty/`: the label in lower case, accents and punctuation gone
    /// ("Département Numérique" → "departement-numerique").
    pub fn folder(&self, lang: crate::i18n::Language) -> String {
        let folded = crate::normalise::text::fold(&self.label(lang));
        let words: Vec<&str> = folded
            .split(|c: char| !c.is_ascii_alphanumeric())
            .filter(|w| !w.is_empty())
            .collect();
        match words.is_empty() {
            true => "faculty".to_string(),
            false => words.join("-"),
        }
    }

    /// Whether a row whose faculty is `value` belongs here.
    fn holds(&self, value: Option<&str>) -> bool {
        match self {
            Faculty::Named(name) => value == Some(name.as_str()),
            Faculty::NotGiven => value.is_none(),
        }
    }
}

fn polars(table: TableKind) -> impl Fn(PolarsError) -> Error {
    move |source| Error::Polars {
        table: table.to_string(),
        source,
    }
}

fn lazy(tables: &Tables, table: TableKind) -> Result<LazyFrame> {
    Ok(match tables.get(table) {
        Some(df) => df.clone().lazy(),
        None => empty_table(table).map_err(polars(table))?.lazy(),
    })
}

/// The mobilities and the enrolments, each row with its faculty in `faculty` (null when no
/// input gives it); None for a table without input.
fn placed(tables: &Tables) -> Result<(Option<DataFrame>, Option<DataFrame>)> {
    let students = lazy(tables, TableKind::Students)?;
    let programmes = lazy(tables, TableKind::Programmes)?;
    let mobilities = match tables.get(TableKind::Mobilities) {
        Some(df) => Some(
            movements_with_faculty(df.clone().lazy(), students.clone(), programmes.clone())
                .collect()
                .map_err(polars(TableKind::Mobilities))?,
        ),
        None => None,
    };
    let enrolments = match tables.get(TableKind::Students) {
        Some(_) => Some(
            enrolments_with_faculty(students, programmes)
                .collect()
                .map_err(polars(TableKind::Students))?,
        ),
        None => None,
    };
    Ok((mobilities, enrolments))
}

/// A text column's values (None for a missing column).
fn texts(df: &DataFrame, column: &str) -> Vec<Option<String>> {
    match TextColumn::of(df, column) {
        TextColumn::Missing => Vec::new(),
        text => text
            .values(df.height())
            .into_iter()
            .map(|v| v.map(str::to_string))
            .collect(),
    }
}

/// The faculties the inputs name (sorted), then "not given" when some mobility or enrolment
/// is placed in none.
pub fn faculties(tables: &Tables) -> Result<Vec<Faculty>> {
    let (mobilities, enrolments) = placed(tables)?;
    let mut named = BTreeSet::new();
    let mut not_given = false;
    for df in mobilities.iter().chain(&enrolments) {
        for value in texts(df, "faculty") {
            match value {
                Some(name) => {
                    named.insert(name);
                }
                None => not_given = true,
            }
        }
    }
    if let Some(programmes) = tables.get(TableKind::Programmes) {
        named.extend(texts(programmes, "faculty").into_iter().flatten());
    }
    let mut out: Vec<Faculty> = named.into_iter().map(Faculty::Named).collect();
    if not_given {
        out.push(Faculty::NotGiven);
    }
    Ok(out)
}

/// The rows of `df` whose `column` `faculty` holds.
fn rows_of(df: &DataFrame, column: &str, faculty: &Faculty, table: TableKind) -> Result<DataFrame> {
    let mask: BooleanChunked = texts(df, column)
        .iter()
        .map(|v| faculty.holds(v.as_deref()))
        .collect();
    df.filter(&mask).map_err(polars(table))
}

/// `tables` cut to `faculty`'s rows, without the [`INSTITUTION_ONLY`] tables.
pub fn restrict(tables: &Tables, faculty: &Faculty) -> Result<Tables> {
    let (mobilities, enrolments) = placed(tables)?;
    let mut out = Tables::default();
    let mut programmes: BTreeSet<String> = BTreeSet::new();
    if let Some(df) = tables.get(TableKind::Programmes) {
        let mine = rows_of(df, "faculty", faculty, TableKind::Programmes)?;
        programmes.extend(texts(&mine, "programme").into_iter().flatten());
        out.frames.insert(TableKind::Programmes, mine);
    }
    for (table, df) in [
        (TableKind::Mobilities, mobilities),
        (TableKind::Students, enrolments),
    ] {
        if let Some(df) = df {
            let mine = rows_of(&df, "faculty", faculty, table)?;
            programmes.extend(texts(&mine, "home_programme").into_iter().flatten());
            out.frames.insert(table, mine);
        }
    }
    if let Some(df) = tables.get(TableKind::Partners) {
        let lists = df
            .column("programmes")
            .and_then(|c| c.list().cloned())
            .map_err(polars(TableKind::Partners))?;
        let mask: BooleanChunked = (0..lists.len())
            .map(|row| {
                let names: Vec<String> = lists
                    .get_as_series(row)
                    .and_then(|s| s.str().ok().cloned())
                    .map(|s| s.iter().flatten().map(str::to_string).collect())
                    .unwrap_or_default();
                match faculty {
                    Faculty::Named(_) => names.iter().any(|n| programmes.contains(n)),
                    Faculty::NotGiven => names.is_empty(),
                }
            })
            .collect();
        out.frames.insert(
            TableKind::Partners,
            df.filter(&mask).map_err(polars(TableKind::Partners))?,
        );
    }
    Ok(out)
}

/// [`restrict`], once `faculty` is known to be one the inputs name: else one sentence
/// listing those they do.
pub fn restrict_checked(tables: &Tables, faculty: &Faculty, settings: &Settings) -> Result<Tables> {
    let known = faculties(tables)?;
    if !known.contains(faculty) {
        let names: Vec<String> = known
            .iter()
            .filter_map(|f| match f {
                Faculty::Named(n) => Some(format!("\"{n}\"")),
                Faculty::NotGiven => None,
            })
            .collect();
        return Err(Error::Config {
            path: crate::error::COMMAND_LINE.to_string(),
            message: Message::new("config.unknown_faculty")
                .with("faculty", faculty.label(settings.language))
                .with("known", names.join(", ")),
        });
    }
    restrict(tables, faculty)
}

/// The settings of `faculty`'s report: the institution's, named "Institution — Faculty", with
/// the faculty's own targets (none when the config sets none for it).
pub fn settings_for(settings: &Settings, faculty: &Faculty) -> Settings {
    let label = faculty.label(settings.language);
    let targets = match faculty {
        Faculty::Named(name) => settings
            .faculty_targets
            .get(name)
            .cloned()
            .unwrap_or_default(),
        Faculty::NotGiven => Default::default(),
    };
    Settings {
        institution: format!("{} — {label}", settings.institution),
        targets,
        ..settings.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::indicators::testing::canonical;

    /// Programmes: Informatique (Numérique), Mécanique (Industrie). Mobilities: M1 Informatique,
    /// M2 Mécanique, M3 with its own faculty column Numérique, M4 nothing (person P4, enrolled
    /// in Mécanique), M5 nothing at all. Partners: K1 open to Informatique, K2 to Mécanique and
    /// Informatique, K3 naming no programme.
    fn tables() -> Tables {
        let mut t = Tables::default();
        t.frames.insert(
            TableKind::Programmes,
            canonical(
                TableKind::Programmes,
                df!("programme" => ["Informatique", "Mécanique"],
                    "faculty" => ["Numérique", "Industrie"])
                .unwrap(),
            ),
        );
        t.frames.insert(
            TableKind::Mobilities,
            canonical(
                TableKind::Mobilities,
                df!("mobility_id" => ["M1", "M2", "M3", "M4", "M5"],
                    "person_id" => ["P1", "P2", "P3", "P4", "P5"],
                    "home_programme" => [Some("Informatique"), Some("Mécanique"), None, None, None],
                    "faculty" => [None, None, Some("Numérique"), None, None])
                .unwrap(),
            ),
        );
        t.frames.insert(
            TableKind::Students,
            canonical(
                TableKind::Students,
                df!("person_id" => ["P4"], "home_programme" => ["Mécanique"]).unwrap(),
            ),
        );
        let programmes = Series::new(
            "programmes".into(),
            [
                Series::new("".into(), ["Informatique"]),
                Series::new("".into(), ["Mécanique", "Informatique"]),
                Series::new("".into(), Vec::<String>::new()),
            ],
        );
        t.frames.insert(
            TableKind::Partners,
            canonical(
                TableKind::Partners,
                DataFrame::new(
                    3,
                    vec![
                        Column::new("partner_key".into(), ["K1", "K2", "K3"]),
                        programmes.into(),
                    ],
                )
                .unwrap(),
            ),
        );
        t.frames.insert(
            TableKind::Welcome,
            canonical(TableKind::Welcome, df!("value" => [3i64]).unwrap()),
        );
        t
    }

    fn ids(t: &Tables, table: TableKind, column: &str) -> Vec<String> {
        texts(t.get(table).unwrap(), column)
            .into_iter()
            .flatten()
            .collect()
    }

    #[test]
    fn folder_names() {
        let lang = crate::i18n::Language::Fr;
        let named = |n: &str| Faculty::Named(n.into()).folder(lang);
        assert_eq!(named("Département Numérique"), "departement-numerique");
        assert_eq!(
            named("UFR Sciences & Techniques"),
            "ufr-sciences-techniques"
        );
        assert_eq!(named("???"), "faculty");
        assert_eq!(Faculty::NotGiven.folder(lang), "composante-non-precisee");
    }

    #[test]
    fn a_faculty_keeps_its_rows_and_the_rest_adds_up() {
        let t = tables();
        assert_eq!(
            faculties(&t).unwrap(),
            [
                Faculty::Named("Industrie".into()),
                Faculty::Named("Numérique".into()),
                Faculty::NotGiven
            ]
        );
        let numerique = restrict(&t, &Faculty::Named("Numérique".into())).unwrap();
        assert_eq!(
            ids(&numerique, TableKind::Mobilities, "mobility_id"),
            ["M1", "M3"]
        );
        // Each row says its faculty.
        assert_eq!(
            ids(&numerique, TableKind::Mobilities, "faculty"),
            ["Numérique", "Numérique"]
        );
        assert_eq!(
            ids(&numerique, TableKind::Partners, "partner_key"),
            ["K1", "K2"]
        );
        assert!(numerique.get(TableKind::Welcome).is_none());
        let industrie = restrict(&t, &Faculty::Named("Industrie".into())).unwrap();
        // M4 through P4's enrolment in Mécanique.
        assert_eq!(
            ids(&industrie, TableKind::Mobilities, "mobility_id"),
            ["M2", "M4"]
        );
        assert_eq!(ids(&industrie, TableKind::Students, "person_id"), ["P4"]);
        assert_eq!(ids(&industrie, TableKind::Partners, "partner_key"), ["K2"]);
        let rest = restrict(&t, &Faculty::NotGiven).unwrap();
        assert_eq!(ids(&rest, TableKind::Mobilities, "mobility_id"), ["M5"]);
        assert_eq!(ids(&rest, TableKind::Partners, "partner_key"), ["K3"]);
        // 2 + 2 + 1 = the 5 mobilities.
    }
}
