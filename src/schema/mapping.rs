//! Header rows: finding them among the first rows of a sheet, and mapping their columns to a
//! table's fields through built-in aliases, the config's explicit mapping and its constants.

use super::fields::{FieldSpec, TableKind};
use crate::error::{column_letter, Error, Location, Result};
use crate::i18n::Message;
use crate::ingest::Cell;
use crate::normalise::text::fold;
use std::collections::{BTreeMap, HashMap};
use std::sync::OnceLock;

/// How many rows from the top are searched for the header row.
pub const HEADER_SEARCH_ROWS: usize = 30;

/// Where a field's values come from.
#[derive(Debug, Clone, PartialEq)]
pub enum Source {
    /// The 0-based column holding it.
    Column(usize),
    /// A fixed value for every row, from the config.
    Constant(String),
}

/// What the config says about one input's columns.
#[derive(Debug, Clone, Default)]
pub struct MappingConfig {
    /// field name → header text, overriding the aliases.
    pub columns: BTreeMap<String, String>,
    /// field name → fixed value for fields the file lacks.
    pub constants: BTreeMap<String, String>,
    /// Wide partner lists: headers of the one-column-per-programme layout.
    pub programme_columns: Vec<String>,
    /// The 1-based header row, when not found automatically.
    pub header_row: Option<u32>,
    /// Required fields this input may lack (an import profile whose layout has no such
    /// column, e.g. the host of pre-2014 files): their rows are kept with the field empty.
    pub relaxed: Vec<&'static str>,
}

impl MappingConfig {
    /// Whether a row must have this field: required by the table and not relaxed here.
    pub fn requires(&self, field: &super::FieldSpec) -> bool {
        field.required && !self.relaxed.contains(&field.name)
    }
}

/// The columns of one sheet, matched to one table's fields.
#[derive(Debug, Clone)]
pub struct ColumnMap {
    /// For each field of the table (in `TableKind::fields` order), where its values come from.
    pub sources: Vec<Option<Source>>,
    /// Wide programme columns: (0-based column, programme name).
    pub programme_columns: Vec<(usize, String)>,
    /// The header texts, by column ("" for blank header cells).
    pub headers: Vec<String>,
    /// Headers that match no field, with their columns.
    pub ignored: Vec<(usize, String)>,
    /// The 1-based header row.
    pub header_row: u32,
    /// Set to the partner_country field's index when the file has an Erasmus code column: a
    /// row without a country (no country column, or a blank cell) takes its code's prefix.
    pub country_from_code: Option<usize>,
}

impl ColumnMap {
    /// The column name for messages: "D (Pays)".
    pub fn column_label(&self, col: usize) -> String {
        match self.headers.get(col).filter(|h| !h.is_empty()) {
            Some(h) => format!("{} ({})", column_letter(col), h),
            None => column_letter(col),
        }
    }
}

/// Folded alias → field index, per table, built once.
fn alias_index(table: TableKind) -> &'static HashMap<String, usize> {
    static INDEX: OnceLock<Vec<HashMap<String, usize>>> = OnceLock::new();
    let all = INDEX.get_or_init(|| {
        TableKind::ALL
            .iter()
            .map(|t| {
                let mut map = HashMap::new();
                for (i, f) in t.fields().iter().enumerate() {
                    map.entry(fold(f.name)).or_insert(i);
                    for a in f.aliases {
                        map.entry(fold(a)).or_insert(i);
                    }
                }
                map
            })
            .collect()
    });
    let pos = TableKind::ALL
        .iter()
        .position(|t| *t == table)
        .expect("listed table");
    &all[pos]
}

/// The field a header names, through the aliases.
pub fn field_for_header(table: TableKind, header: &str) -> Option<usize> {
    alias_index(table).get(&fold(header)).copied()
}

/// The text of the header cells of a row (numbers and dates displayed as text).
pub fn header_texts(cells: &[Cell]) -> Vec<String> {
    cells
        .iter()
        .map(|c| c.display().trim().to_string())
        .collect()
}

/// How well a row looks like a header row for `table`: (distinct fields matched, required
/// fields among them). Explicitly mapped headers count too.
pub fn header_score(table: TableKind, cells: &[Cell], config: &MappingConfig) -> (usize, usize) {
    let explicit: Vec<String> = config.columns.values().map(|h| fold(h)).collect();
    let mut seen = vec![false; table.fields().len()];
    for cell in cells {
        let Some(text) = cell.as_text() else { continue };
        let key = fold(text);
        let hit = config
            .columns
            .iter()
            .zip(&explicit)
            .find(|(_, h)| **h == key)
            .and_then(|((field, _), _)| table.fields().iter().position(|f| f.name == field))
            .or_else(|| field_for_header(table, text));
        if let Some(i) = hit {
            seen[i] = true;
        }
    }
    let fields = table.fields();
    let matched = seen.iter().filter(|s| **s).count();
    let required = seen
        .iter()
        .zip(fields)
        .filter(|(s, f)| **s && f.required)
        .count();
    (matched, required)
}

/// True when a row is good enough to be the header: at least two known headers, at least one
/// of them a required field (title rows and data rows rarely manage both).
pub fn is_header(table: TableKind, cells: &[Cell], config: &MappingConfig) -> bool {
    let (matched, required) = header_score(table, cells, config);
    matched >= 2 && required >= 1
}

/// Maps the header row to the table's fields. Fails, naming the file and sheet, when a
/// required field has neither a column nor a constant, or a configured header is absent.
pub fn map_columns(
    table: TableKind,
    header_row: u32,
    cells: &[Cell],
    config: &MappingConfig,
    at: &Location,
) -> Result<ColumnMap> {
    let headers = header_texts(cells);
    let fields = table.fields();
    let mut sources: Vec<Option<Source>> = vec![None; fields.len()];
    let mut used = vec![false; headers.len()];
    let found_list = || {
        headers
            .iter()
            .filter(|h| !h.is_empty())
            .map(|h| format!("\"{h}\""))
            .collect::<Vec<_>>()
            .join(", ")
    };
    // 1. Explicit mapping from the config wins.
    for (field, header) in &config.columns {
        let Some(i) = fields.iter().position(|f| f.name == field) else {
            return Err(Error::Config {
                path: at.file.clone(),
                message: Message::new("config.not_a_field")
                    .with("field", field)
                    .with("table", table)
                    .with("fields", field_names(fields)),
            });
        };
        match headers.iter().position(|h| fold(h) == fold(header)) {
            Some(col) => {
                sources[i] = Some(Source::Column(col));
                used[col] = true;
            }
            None => {
                return Err(Error::MappedColumnNotFound {
                    location: Box::new(at.clone()),
                    field: field.clone(),
                    header: header.clone(),
                    found: found_list(),
                })
            }
        }
    }
    // 2. Programme columns of wide partner lists.
    let mut programme_columns = Vec::new();
    for name in &config.programme_columns {
        match headers.iter().position(|h| fold(h) == fold(name)) {
            Some(col) => {
                programme_columns.push((col, headers[col].clone()));
                used[col] = true;
            }
            None => {
                return Err(Error::MappedColumnNotFound {
                    location: Box::new(at.clone()),
                    field: "programmes".into(),
                    header: name.clone(),
                    found: found_list(),
                })
            }
        }
    }
    // 3. Aliases, first column wins.
    for (col, header) in headers.iter().enumerate() {
        if used[col] || header.is_empty() {
            continue;
        }
        if let Some(i) = field_for_header(table, header) {
            if sources[i].is_none() {
                sources[i] = Some(Source::Column(col));
                used[col] = true;
            }
        }
    }
    // 4. Constants fill what is still missing (a column in the file wins over a constant,
    //    unless the config mapped nothing: then the constant is the user's explicit wish).
    for (field, value) in &config.constants {
        let Some(i) = fields.iter().position(|f| f.name == field) else {
            return Err(Error::Config {
                path: at.file.clone(),
                message: Message::new("config.constant_not_a_field")
                    .with("field", field)
                    .with("table", table)
                    .with("fields", field_names(fields)),
            });
        };
        sources[i] = Some(Source::Constant(value.clone()));
    }
    let has = |name: &str| {
        fields
            .iter()
            .position(|f| f.name == name)
            .is_some_and(|i| sources[i].is_some())
    };
    let country_from_code = has("partner_erasmus_code")
        .then(|| fields.iter().position(|f| f.name == "partner_country"))
        .flatten();
    for (i, f) in fields.iter().enumerate() {
        if config.requires(f) && sources[i].is_none() && country_from_code != Some(i) {
            return Err(Error::MissingColumn {
                location: Box::new(at.clone()),
                field: f.name.to_string(),
                found: found_list(),
                hint: suggestion(f, &headers, &used),
            });
        }
    }
    let ignored = headers
        .iter()
        .enumerate()
        .filter(|(col, h)| !used[*col] && !h.is_empty())
        .map(|(col, h)| (col, h.clone()))
        .collect();
    Ok(ColumnMap {
        sources,
        programme_columns,
        headers,
        ignored,
        header_row,
        country_from_code,
    })
}

fn field_names(fields: &[FieldSpec]) -> String {
    fields.iter().map(|f| f.name).collect::<Vec<_>>().join(", ")
}

/// "; did you mean \"Pays hôte\"? Map it with ..." for the unused header closest to the field.
fn suggestion(field: &FieldSpec, headers: &[String], used: &[bool]) -> Message {
    let names: Vec<String> = std::iter::once(field.name)
        .chain(field.aliases.iter().copied())
        .map(fold)
        .collect();
    let best = headers
        .iter()
        .enumerate()
        .filter(|(col, h)| !used[*col] && !h.is_empty())
        .map(|(_, h)| {
            let key = fold(h);
            let score = names
                .iter()
                .map(|n| {
                    let s = strsim::jaro_winkler(&key, n);
                    // A header that contains an alias ("pays hote" holds "pays") is a strong hint.
                    if key
                        .split(' ')
                        .any(|w| n.split(' ').any(|nw| nw == w && w.len() > 2))
                    {
                        s.max(0.85)
                    } else {
                        s
                    }
                })
                .fold(0.0, f64::max);
            (score, h)
        })
        .max_by(|a, b| a.0.total_cmp(&b.0));
    match best {
        Some((score, h)) if score >= 0.75 => Message::new("error.hint_did_you_mean")
            .with("header", h)
            .with("field", field.name),
        _ => {
            let aliases: Vec<String> = field
                .aliases
                .iter()
                .take(3)
                .map(|a| format!("\"{a}\""))
                .collect();
            Message::new("error.hint_add_column").with("aliases", aliases.join(", "))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::testing::cells;

    fn at() -> Location {
        Location::sheet("in.xlsx", "Feuil1")
    }

    #[test]
    fn aliases_in_three_languages_find_the_fields() {
        for (header, field) in [
            ("Pays", "partner_country"),
            ("Pays de destination", "partner_country"),
            ("Country", "partner_country"),
            ("País", "partner_country"),
            ("Date de début", "start_date"),
            ("Start date", "start_date"),
            ("Fecha inicio", "start_date"),
            ("Code Erasmus", "partner_erasmus_code"),
            ("Erasmus code", "partner_erasmus_code"),
            ("Código", "partner_erasmus_code"),
            ("Sens", "direction"),
            ("Direction", "direction"),
            ("Type de flux", "direction"),
        ] {
            let i = field_for_header(TableKind::Mobilities, header)
                .unwrap_or_else(|| panic!("{header}"));
            assert_eq!(TableKind::Mobilities.fields()[i].name, field, "{header}");
        }
    }

    #[test]
    fn title_rows_are_not_headers() {
        let cfg = MappingConfig::default();
        assert!(!is_header(
            TableKind::Partners,
            &cells(&["", "Lista DEFINITIVA destinos Erasmus 2026-2027"]),
            &cfg
        ));
        assert!(is_header(
            TableKind::Partners,
            &cells(&["Nombre Universidad", "Código", "País"]),
            &cfg
        ));
    }

    #[test]
    fn maps_columns_and_lists_the_ignored_ones() {
        let cfg = MappingConfig {
            constants: BTreeMap::from([("agreement".to_string(), "erasmus".to_string())]),
            ..Default::default()
        };
        let map = map_columns(
            TableKind::Partners,
            2,
            &cells(&["", "Zona idioma", "Nombre Universidad", "Código", "País"]),
            &cfg,
            &at(),
        )
        .unwrap();
        let f = |name| {
            TableKind::Partners
                .fields()
                .iter()
                .position(|f| f.name == name)
                .unwrap()
        };
        assert_eq!(map.sources[f("partner_name")], Some(Source::Column(2)));
        assert_eq!(map.sources[f("partner_country")], Some(Source::Column(4)));
        assert_eq!(
            map.sources[f("agreement")],
            Some(Source::Constant("erasmus".into()))
        );
        assert_eq!(map.ignored, vec![(1, "Zona idioma".to_string())]);
        assert_eq!(map.column_label(4), "E (País)");
    }

    #[test]
    fn a_missing_required_column_says_what_was_found_and_suggests() {
        let err = map_columns(
            TableKind::Partners,
            1,
            &cells(&["Nom", "Pays hôte du partenaire", "Type d'accord"]),
            &MappingConfig::default(),
            &at(),
        )
        .unwrap_err();
        let text = err.to_string();
        assert!(text.contains("in.xlsx, sheet \"Feuil1\""), "{text}");
        assert!(text.contains("\"partner_country\" is missing"), "{text}");
        assert!(
            text.contains("did you mean \"Pays hôte du partenaire\""),
            "{text}"
        );
    }

    #[test]
    fn explicit_mapping_wins_and_must_exist() {
        let cfg = MappingConfig {
            columns: BTreeMap::from([("partner_country".to_string(), "Land".to_string())]),
            constants: BTreeMap::from([("agreement".to_string(), "erasmus".to_string())]),
            ..Default::default()
        };
        let map = map_columns(
            TableKind::Partners,
            1,
            &cells(&["Pays", "Nom", "Land"]),
            &cfg,
            &at(),
        )
        .unwrap();
        assert_eq!(map.sources[1], Some(Source::Column(2)));
        assert_eq!(map.ignored, vec![(0, "Pays".to_string())]);
        let missing = map_columns(
            TableKind::Partners,
            1,
            &cells(&["Pays", "Nom"]),
            &cfg,
            &at(),
        )
        .unwrap_err();
        assert!(missing.to_string().contains("\"Land\""));
    }
}
