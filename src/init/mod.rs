//! `mobistat init DIR`: looks at every export in DIR, guesses its table, header row and column
//! mapping, and writes a commented mobistat.toml to start from.

mod propose;

use crate::error::{Error, Result};
use crate::guess::{profile_of, sample, table_of};
use crate::i18n::Message;
use crate::ingest::Format;
use crate::normalise::text::fold;
use crate::profiles::Profile;
use crate::schema::mapping::{
    field_for_header, header_texts, is_header, MappingConfig, HEADER_SEARCH_ROWS,
};
use crate::schema::parse::{allowed_values, number_of};
use crate::schema::TableKind;
use crate::settings::is_lock_file;
use std::fmt::Write as _;
use std::path::Path;

/// The commented head of every generated config: each global key with what it means.
pub const CONFIG_HEAD: &str = r#"# mobistat configuration. Paths are relative to this file.

# TODO: the name of the institution, printed on reports.
institution = ""
# TODO: the institution's country (name or ISO code, e.g. "FR"): nationalities other than
# this are international, and in two-sided exports the side in this country is ours.
home_country = ""
# Language of reports: "fr" or "en".
language = "fr"
# First month of the academic year: a mobility starting on or after the 1st of this month
# belongs to the year that starts then (9: September, so 2024-09-02 is in 2024-2025).
academic_year_first_month = 9
# Folder the reports are written to.
output_dir = "reports"
# Reporting year of the per-year indicators (default: the latest year in the data).
# reporting_year = "2024-2025"
# CSV layout: "standard" (comma, UTF-8) or "excel-fr" (semicolon, BOM, decimal comma).
csv_dialect = "standard"
# Sections of report.html: "full", "erasmus" (annual Erasmus+ report), "bienvenue-en-france"
# (the label dossier, by the label's domains) or "leadership" (the one-pager).
preset = "full"

[rules]
# Minimum total days abroad for a graduate to count as mobile (one person's periods add up).
min_outgoing_days = 60
# Student mobilities longer than this many days get a warning (check the dates).
max_duration_days = 730
# Staff mobilities longer than this many days get a warning.
max_staff_duration_days = 60
# An agreement with no mobility either way in this many years up to the reporting year is
# listed as dormant.
dormant_years = 3

# Targets: a key figure (see `mobistat indicators`) = the value to reach in the reporting year.
[targets]
# partners = 150
# outgoing_rate_pct = 100
# international_students_share_pct = 25

# A faculty's own targets, for its report (report --by faculty, or --filter faculty="..."):
# [faculty_targets."Faculty name as the inputs give it"]
# outgoing_rate_pct = 100

# Each [[inputs]] is one export: which table it feeds and where its files are.
#   table        = "mobilities", "partners", "icm_projects", "students", "programmes", "welcome"
#                  or "grants"
#   paths        = files, folders or globs, e.g. ["exports/2024/*.xlsx"]
#   sheet        = sheet name (default: the first sheet with data)
#   sheets       = "all" (every sheet with data; the default with a profile) or ["A", "B"]
#   header_row   = row number of the header (default: found in the first 30 rows)
#   columns      = { field = "Header in the file" } for headers mobistat does not know
#   constants    = { field = "value" } for fields the file lacks (direction = "outgoing")
#   programme_columns = ["Header", ...]: partner lists with one column per degree programme
"#;

/// Writes the guessed config for the exports in `dir` to `target`.
pub fn init(dir: &Path, target: &Path, force: bool, out: &mut dyn std::io::Write) -> Result<()> {
    if target.exists() && !force {
        return Err(Error::Config {
            path: target.display().to_string(),
            message: Message::new("config.already_exists"),
        });
    }
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .map_err(|source| Error::Io {
            path: dir.to_path_buf(),
            source,
        })?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file() && Format::of(p).is_some())
        .collect();
    files.sort();
    // "~$x.xlsx" and ".~lock.x.ods#" sit beside a workbook open in a spreadsheet program:
    // not exports, said once each.
    files.retain(|p| {
        let lock = is_lock_file(p);
        if lock {
            let _ = writeln!(
                out,
                "skipped {}: a lock file, left while the workbook is open in a spreadsheet program",
                p.display()
            );
        }
        !lock
    });
    let base = target
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let mut text = CONFIG_HEAD.to_string();
    let mut nationalities = Vec::new();
    for path in &files {
        let display = pathdiff(path, base);
        match describe(path, &display, &mut nationalities) {
            Ok(section) => text.push_str(&section),
            Err(e) => {
                let _ = writeln!(text, "\n# {display}: not added ({e})");
            }
        }
    }
    if let Some(home) = home_country_of(&nationalities) {
        text = text.replacen(
            "home_country = \"\"",
            &format!(
                "# (guessed: most of the mobility lists' sampled rows are of nationality {home};\n\
                 # check it)\nhome_country = \"{home}\""
            ),
            1,
        );
    }
    std::fs::write(target, &text).map_err(|e| Error::Write {
        path: target.display().to_string(),
        reason: e.to_string(),
    })?;
    let _ = writeln!(
        out,
        "wrote {} with {} input files from {}; check the lines marked TODO",
        target.display(),
        files.len(),
        dir.display()
    );
    Ok(())
}

fn pathdiff(path: &Path, base: &Path) -> String {
    let abs = |p: &Path| std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf());
    let (p, b) = (abs(path), abs(base));
    p.strip_prefix(&b)
        .map(|r| r.display().to_string())
        .unwrap_or_else(|_| p.display().to_string())
}

/// How `init`'s comment names a profile's layout.
fn profile_label(profile: Profile) -> &'static str {
    match profile {
        Profile::BeneficiaryModule => "Erasmus+ Beneficiary Module export",
        Profile::EuOpenData => "Commission's open-data mobility file",
        Profile::LlpLegacy => "pre-2014 LLP student file",
    }
}

/// The institution's country, when the mobility lists' nationalities make it evident: one
/// nationality holds at least a quarter of the rows and three times the next one (outgoing
/// students are mostly nationals; incoming ones come from everywhere).
fn home_country_of(nationalities: &[&'static str]) -> Option<&'static str> {
    let mut counts: std::collections::BTreeMap<&str, usize> = Default::default();
    for n in nationalities {
        *counts.entry(n).or_default() += 1;
    }
    let mut ranked: Vec<(&str, usize)> = counts.into_iter().collect();
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let (first, n) = *ranked.first()?;
    let second = ranked.get(1).map_or(0, |r| r.1);
    (n * 4 >= nationalities.len() && n >= 3 * second.max(1) && n >= 5)
        .then(|| nationalities.iter().copied().find(|c| *c == first))
        .flatten()
}

/// What `init` (and the app's inputs screen) guesses of one file: its table or import profile,
/// sheet, header row and how each header is read.
#[derive(Debug, Clone)]
pub struct Proposal {
    pub table: TableKind,
    /// A known export layout: its profile reads the file, and no mapping is needed.
    pub profile: Option<Profile>,
    /// The sheet read ("" for a CSV file).
    pub sheet: String,
    /// The header row (1-based), None when no row looks like one.
    pub header_row: Option<u32>,
    /// The header row's texts, column by column ("" for a blank header).
    pub headers: Vec<String>,
    /// Fields read from a header by its known spelling: (field, header).
    pub recognised: Vec<(&'static str, String)>,
    /// Fields read from a header that must be named in `columns`: a "Programme" column of
    /// degree programmes, read as the home programme.
    pub mapped: Vec<(&'static str, String)>,
    /// A partner list's one-column-per-programme headers.
    pub programme_columns: Vec<String>,
    /// Fields a person would map at once from the header's words and values, left for the
    /// person to accept: (field, header).
    pub proposed: Vec<(&'static str, String)>,
    /// Headers that match no field.
    pub ignored: Vec<String>,
    /// Required fields without a column.
    pub missing: Vec<&'static str>,
}

impl Proposal {
    fn new(table: TableKind, sheet: &str) -> Proposal {
        Proposal {
            table,
            profile: None,
            sheet: sheet.to_string(),
            header_row: None,
            headers: Vec::new(),
            recognised: Vec::new(),
            mapped: Vec::new(),
            programme_columns: Vec::new(),
            proposed: Vec::new(),
            ignored: Vec::new(),
            missing: Vec::new(),
        }
    }
}

/// What a person already chose of a file, which the guess then keeps (the app's inputs
/// screen, when its table, sheet or header row is changed).
#[derive(Debug, Clone, Default)]
pub struct Hints {
    pub table: Option<TableKind>,
    pub sheet: Option<String>,
    pub header_row: Option<u32>,
}

/// Guesses how to read the file at `path` (named `display`), keeping what `hints` say; the
/// nationalities of a mobility list's sampled rows are added to `nationalities`.
pub fn propose_input(
    path: &Path,
    display: &str,
    hints: &Hints,
    nationalities: &mut Vec<&'static str>,
) -> Result<Proposal> {
    let rows = HEADER_SEARCH_ROWS.max(hints.header_row.unwrap_or(0) as usize) + 20;
    let sample = sample(path, display, hints.sheet.as_deref(), rows)?;
    // A known export layout needs no mapping: its profile reads it.
    if let Some(profile) = profile_of(&sample).filter(|_| hints.table.is_none()) {
        let mut proposal = Proposal::new(profile.table(), &sample.sheet);
        proposal.profile = Some(profile);
        return Ok(proposal);
    }
    let table = match hints.table {
        Some(table) => table,
        None => table_of(&sample, display)?.0,
    };
    let config = MappingConfig::default();
    let header_index = match hints.header_row {
        Some(row) => sample.rows.iter().position(|(n, _)| *n == row),
        None => sample
            .rows
            .iter()
            .position(|(_, cells)| is_header(table, cells, &config)),
    };
    let mut proposal = Proposal::new(table, &sample.sheet);
    let Some(h) = header_index else {
        return Ok(proposal);
    };
    let (header_row, cells) = &sample.rows[h];
    proposal.header_row = Some(*header_row);
    let headers = header_texts(cells);
    let data = &sample.rows[h + 1..];
    if table == TableKind::Mobilities {
        let nationality = TableKind::Mobilities
            .fields()
            .iter()
            .position(|f| f.name == "nationality");
        if let Some(col) = headers
            .iter()
            .position(|h| nationality.is_some() && field_for_header(table, h) == nationality)
        {
            nationalities.extend(data.iter().filter_map(|(_, cells)| {
                crate::normalise::country::country_code(cells.get(col)?.as_text()?)
            }));
        }
    }
    let values = |col: usize| -> Vec<&crate::ingest::Cell> {
        data.iter()
            .filter_map(|(_, cells)| cells.get(col))
            .filter(|c| !c.is_blank())
            .collect()
    };
    let mut found = vec![false; table.fields().len()];
    let mut unknown = Vec::new();
    for (col, header) in headers.iter().enumerate() {
        if header.is_empty() {
            continue;
        }
        match field_for_header(table, header) {
            // "Programme" is read as funding: unless its values are degree programmes.
            Some(i)
                if table.fields()[i].name == "funding"
                    && matches!(fold(header).as_str(), "programme" | "program" | "programa")
                    && !propose::holds_funding(&values(col)) =>
            {
                proposal.mapped.push(("home_programme", header.clone()));
            }
            Some(i) if !found[i] => {
                found[i] = true;
                proposal
                    .recognised
                    .push((table.fields()[i].name, header.clone()));
            }
            _ => unknown.push((col, header.clone())),
        }
    }
    for (field, _) in &proposal.mapped {
        if let Some(i) = table.fields().iter().position(|f| f.name == *field) {
            found[i] = true;
        }
    }
    // In partner lists, unknown columns holding only numbers are one-column-per-programme;
    // blank columns between two of them are programmes without places this year.
    let is_numeric = |col: usize| {
        let v = values(col);
        !v.is_empty() && v.iter().all(|c| number_of(c, c.as_text()).is_some())
    };
    let numeric_cols: Vec<usize> = unknown
        .iter()
        .map(|(c, _)| *c)
        .filter(|c| is_numeric(*c))
        .collect();
    let numeric: Vec<&String> = match (numeric_cols.first(), numeric_cols.last()) {
        (Some(&lo), Some(&hi)) => unknown
            .iter()
            .filter(|(c, _)| (lo..=hi).contains(c) && (is_numeric(*c) || values(*c).is_empty()))
            .map(|(_, h)| h)
            .collect(),
        _ => Vec::new(),
    };
    if table == TableKind::Partners
        && !numeric.is_empty()
        && !found[table
            .fields()
            .iter()
            .position(|f| f.name == "programmes")
            .unwrap_or(0)]
    {
        proposal.programme_columns = numeric.iter().map(|h| h.to_string()).collect();
    }
    // Headers a person would map at once, proposed from their words and values.
    for (col, header) in unknown
        .iter()
        .filter(|(_, h)| !numeric.contains(&h) || table != TableKind::Partners)
    {
        let free = |field: &str| {
            let taken = table
                .fields()
                .iter()
                .position(|f| f.name == field)
                .is_none_or(|i| found[i]);
            !taken && !proposal.proposed.iter().any(|(f, _)| *f == field)
        };
        match propose::propose(table, header, &values(*col), free) {
            Some(field) => proposal.proposed.push((field, header.clone())),
            None => proposal.ignored.push(header.clone()),
        }
    }
    proposal.missing = table
        .fields()
        .iter()
        .enumerate()
        .filter(|(i, f)| f.required && !found[*i])
        .map(|(_, f)| f.name)
        .collect();
    proposal.headers = headers;
    Ok(proposal)
}

/// One [[inputs]] section for a file, with the guessed mapping as comments; the nationalities
/// of a mobility list's sampled rows are added to `nationalities`.
fn describe(path: &Path, display: &str, nationalities: &mut Vec<&'static str>) -> Result<String> {
    let proposal = propose_input(path, display, &Hints::default(), nationalities)?;
    let table = proposal.table;
    let mut s = String::new();
    if let Some(profile) = proposal.profile {
        let _ = writeln!(
            s,
            "\n[[inputs]]\ntable = \"{}\"\npaths = [{}]\n# the header is the {} layout: its profile reads it (direction from erasmus_code/oid/pic or home_country)\nprofile = \"{profile}\"",
            profile.table(),
            quote(display),
            profile_label(profile)
        );
        return Ok(s);
    }
    let _ = writeln!(
        s,
        "\n[[inputs]]\ntable = \"{table}\"\npaths = [{}]",
        quote(display)
    );
    if !proposal.sheet.is_empty() {
        let _ = writeln!(s, "sheet = {}", quote(&proposal.sheet));
    }
    let Some(header_row) = proposal.header_row else {
        let _ = writeln!(
            s,
            "# TODO: no header row recognised; set header_row and columns"
        );
        return Ok(s);
    };
    let _ = writeln!(s, "header_row = {header_row}");
    for (field, header) in &proposal.recognised {
        let _ = writeln!(s, "# column {header:?} is read as {field}");
    }
    if !proposal.mapped.is_empty() {
        let _ = writeln!(
            s,
            "# column(s) {} hold degree programmes, not funding labels: read as such",
            proposal
                .mapped
                .iter()
                .map(|(_, h)| quote(h))
                .collect::<Vec<_>>()
                .join(", ")
        );
        let _ = writeln!(s, "columns = {{ {} }}", inline_table(&proposal.mapped));
    }
    if !proposal.programme_columns.is_empty() {
        let _ = writeln!(
            s,
            "programme_columns = [{}]",
            proposal
                .programme_columns
                .iter()
                .map(|h| quote(h))
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    for header in &proposal.ignored {
        let _ = writeln!(s, "# column {header:?} matches no field and will be ignored (map it under columns if it should not)");
    }
    if !proposal.proposed.is_empty() {
        let _ = writeln!(
            s,
            "# proposed from the headers and their values: remove the # to read them so"
        );
        let _ = writeln!(s, "# columns = {{ {} }}", inline_table(&proposal.proposed));
    }
    let missing = &proposal.missing;
    if !missing.is_empty() {
        let _ = writeln!(
            s,
            "# TODO: required fields without a column: {}",
            missing.join(", ")
        );
        let _ = writeln!(
            s,
            "# give each a column (columns = {{ field = \"Header\" }}) or a value for every row:"
        );
        let examples: Vec<String> = missing
            .iter()
            .map(|f| {
                format!(
                    "{f} = \"{}\"",
                    match *f {
                        "direction" => "outgoing",
                        "agreement" => "erasmus",
                        _ => "...",
                    }
                )
            })
            .collect();
        let _ = writeln!(s, "# constants = {{ {} }}", examples.join(", "));
        for name in missing {
            let field = table.fields().iter().find(|f| f.name == *name);
            if let Some(values) = field.and_then(|f| allowed_values(f.kind)) {
                let _ = writeln!(s, "#   {name} takes one of: {values}");
            }
        }
    }
    Ok(s)
}

/// `field = "Header", ...` for an inline TOML table.
fn inline_table(pairs: &[(&'static str, String)]) -> String {
    pairs
        .iter()
        .map(|(field, header)| format!("{field} = {}", quote(header)))
        .collect::<Vec<_>>()
        .join(", ")
}

fn quote(text: &str) -> String {
    format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
}

#[cfg(test)]
mod tests {
    use super::home_country_of;

    #[test]
    fn the_home_country_when_the_nationalities_make_it_evident() {
        // 15 FR among 50 rows (30 %), then 4 DE at most: FR.
        let mut outgoing = vec!["FR"; 15];
        outgoing.extend(
            [
                "DE", "MA", "CN", "US", "JP", "KR", "SN", "TN", "BR", "IT", "ES",
            ]
            .iter()
            .cycle()
            .take(35),
        );
        assert_eq!(home_country_of(&outgoing), Some("FR"));
        // An incoming list alone: no nationality dominates.
        let incoming = ["IT", "ES", "DE", "BR", "IT", "ES", "DE", "BR"];
        assert_eq!(home_country_of(&incoming), None);
        // Too few rows to tell.
        assert_eq!(home_country_of(&[]), None);
        assert_eq!(home_country_of(&["FR", "FR"]), None);
    }
}
