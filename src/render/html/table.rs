//! Tables as the HTML report shows them: a Polars frame (restricted to the reporting year when
//! it has a year column) turned into rows of translated, language-formatted strings.

use crate::i18n::Language;
use crate::i18n::{self, fill, labels, number};
use crate::indicators::privacy::Mask;
use crate::indicators::Indicator;
use crate::schema::ColumnKind;
use polars::prelude::*;
use serde::Serialize;

/// One table of the page, every cell already formatted.
#[derive(Debug, Serialize)]
pub(crate) struct TableView {
    pub caption: String,
    /// A second line of the caption ("reporting year only; …").
    pub note: Option<String>,
    pub columns: Vec<ColumnView>,
    pub rows: Vec<Vec<CellView>>,
    /// Whether each row's first cell names the row (`<th scope="row">`).
    pub row_header: bool,
    /// A totals row, in `<tfoot>`.
    pub totals: Option<Vec<CellView>>,
}

/// A column header.
#[derive(Debug, Serialize)]
pub(crate) struct ColumnView {
    pub label: String,
    /// Right-aligned.
    pub numeric: bool,
}

/// A cell: its text, and whether it is a number (right-aligned) or a status badge.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct CellView {
    pub text: String,
    pub numeric: bool,
    /// The badge's CSS class suffix ("met", "not-met", "no-data"), for status cells.
    pub badge: Option<&'static str>,
    /// A symbol shown before the badge's text and hidden from screen readers.
    pub mark: Option<&'static str>,
}

impl CellView {
    /// A text cell.
    pub fn text(text: impl Into<String>) -> Self {
        CellView {
            text: text.into(),
            numeric: false,
            badge: None,
            mark: None,
        }
    }

    /// A right-aligned cell.
    pub fn number(text: impl Into<String>) -> Self {
        CellView {
            numeric: true,
            ..CellView::text(text)
        }
    }
}

/// What an indicator's table becomes on the page.
pub(crate) enum Shown {
    Table(TableView),
    /// No row to show: the sentence that says so.
    Nothing(String),
}

/// The table of `indicator`, restricted to `year` when it has an academic-year column (that
/// column is then left out: the caption gives the year).
pub(crate) fn indicator_table(
    lang: Language,
    indicator: Indicator,
    title: &str,
    df: &DataFrame,
    year: &str,
    (hidden, marker): (&Mask, String),
) -> Shown {
    let year_column = df
        .get_column_names()
        .into_iter()
        .map(|c| c.as_str())
        .find(|c| indicator.column_kind(c).is_academic_year());
    let rows: Vec<usize> = match year_column {
        Some(col) => {
            let values = df.column(col).ok().and_then(|c| c.str().ok().cloned());
            values
                .map(|v| {
                    v.iter()
                        .enumerate()
                        .filter(|(_, y)| *y == Some(year))
                        .map(|(i, _)| i)
                        .collect()
                })
                .unwrap_or_default()
        }
        None => (0..df.height()).collect(),
    };
    if rows.is_empty() {
        return Shown::Nothing(match year_column {
            Some(_) => fill(lang, "report.table.no_rows", &[("year", year)]),
            None => i18n::text(lang, "report.table.empty"),
        });
    }
    let columns: Vec<&Column> = df
        .columns()
        .iter()
        .filter(|c| Some(c.name().as_str()) != year_column)
        .collect();
    let note = if rows.len() < df.height() {
        i18n::text(lang, "report.table.year_only")
    } else {
        i18n::text(lang, "report.table.files")
    };
    Shown::Table(TableView {
        caption: fill(
            lang,
            "report.table.caption",
            &[("title", title), ("year", year)],
        ),
        note: Some(note),
        columns: columns
            .iter()
            .map(|c| ColumnView {
                label: labels::column(lang, c.name().as_str()),
                numeric: c.dtype().is_primitive_numeric(),
            })
            .collect(),
        rows: rows
            .iter()
            .map(|&row| {
                columns
                    .iter()
                    .map(|c| {
                        if hidden.contains(row, c.name()) {
                            return CellView::number(marker.clone());
                        }
                        cell_at(lang, c, indicator.column_kind(c.name()), row)
                    })
                    .collect()
            })
            .collect(),
        row_header: columns
            .first()
            .is_some_and(|c| matches!(c.dtype(), DataType::String)),
        totals: None,
    })
}

/// The cell of `column`, of `kind`, at `row`.
fn cell_at(lang: Language, column: &Column, kind: ColumnKind, row: usize) -> CellView {
    let value = column.get(row).unwrap_or(AnyValue::Null);
    cell(lang, column.name().as_str(), kind, &value)
}

/// One value as the report shows it: vocabulary and countries translated, numbers in the
/// language's format (floats with their kind's decimals, counts with none), null as "–".
fn cell(lang: Language, column: &str, kind: ColumnKind, value: &AnyValue) -> CellView {
    match value {
        AnyValue::Null => CellView::text("–"),
        AnyValue::String(s) => CellView::text(labels::value(lang, column, kind, s)),
        AnyValue::StringOwned(s) => CellView::text(labels::value(lang, column, kind, s)),
        AnyValue::Boolean(b) => CellView::text(i18n::text(
            lang,
            if *b { "report.yes" } else { "report.no" },
        )),
        AnyValue::Float64(_) | AnyValue::Float32(_) => match value.extract::<f64>() {
            Some(f) if f.is_finite() => CellView::number(number(lang, f, kind.decimals())),
            _ => CellView::number("–"),
        },
        other => match other.extract::<f64>() {
            Some(n) if other.dtype().is_integer() => CellView::number(number(lang, n, 0)),
            _ => CellView::text(other.to_string()),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn none() -> (&'static Mask, String) {
        static EMPTY: Mask = Mask::EMPTY;
        (&EMPTY, "< 5".into())
    }

    fn table(shown: Shown) -> TableView {
        match shown {
            Shown::Table(t) => t,
            Shown::Nothing(why) => panic!("no table: {why}"),
        }
    }

    #[test]
    fn keeps_the_reporting_year_and_formats_per_language() {
        let df = df!(
            "academic_year" => ["2023-2024", "2024-2025", "2024-2025"],
            "country" => ["DE", "DE", "ES"],
            "mobilities" => [Some(1200i64), Some(1234), None],
            "share_pct" => [10.0, 12.34, 8.0],
        )
        .unwrap();
        let top = Indicator::TopDestinations;
        let t = table(indicator_table(
            Language::Fr,
            top,
            "Destinations",
            &df,
            "2024-2025",
            none(),
        ));
        // Two rows of 2024-2025; the year column is left out.
        assert_eq!(t.rows.len(), 2);
        let labels: Vec<&str> = t.columns.iter().map(|c| c.label.as_str()).collect();
        assert_eq!(labels, ["Pays", "Mobilités", "Part (%)"]);
        let texts: Vec<&str> = t.rows[0].iter().map(|c| c.text.as_str()).collect();
        // 12.34 to one decimal is 12,3.
        assert_eq!(texts, ["Allemagne", "1\u{202f}234", "12,3"]);
        assert_eq!(t.rows[1][1].text, "–");
        assert!(t.rows[0][1].numeric && !t.rows[0][0].numeric);
        assert!(t.row_header);
        assert_eq!(
            t.note.as_deref(),
            Some("Année de référence seulement ; toutes les années figurent dans le classeur mobistat.xlsx.")
        );
        let en = table(indicator_table(
            Language::En,
            top,
            "T",
            &df,
            "2024-2025",
            none(),
        ));
        assert_eq!(en.rows[0][0].text, "Germany");
        assert_eq!(en.rows[0][1].text, "1,234");
    }

    #[test]
    fn a_hidden_count_reads_less_than_5_whatever_its_value() {
        let df = df!(
            "academic_year" => ["2024-2025", "2024-2025"],
            "country" => ["DE", "ES"],
            "mobilities" => [Some(120i64), None],
            "share_pct" => [Some(96.8), None],
        )
        .unwrap();
        // Row 1's count was emptied by the suppression: it shows the marker, not "–".
        let hidden = Mask::new([(1, "mobilities"), (1, "share_pct")]);
        let top = Indicator::TopDestinations;
        let t = table(indicator_table(
            Language::Fr,
            top,
            "T",
            &df,
            "2024-2025",
            (&hidden, "< 5".into()),
        ));
        let texts: Vec<&str> = t.rows[1].iter().map(|c| c.text.as_str()).collect();
        assert_eq!(texts, ["Espagne", "< 5", "< 5"]);
        assert!(t.rows[1][1].numeric);
        assert_eq!(t.rows[0][1].text, "120");
    }

    #[test]
    fn money_keeps_its_cents() {
        let df = df!("country" => ["BR"], "budget_eur" => [28000.5]).unwrap();
        let icm = Indicator::IcmByCountry;
        let fr = table(indicator_table(
            Language::Fr,
            icm,
            "ICM",
            &df,
            "2024-2025",
            none(),
        ));
        assert_eq!(fr.rows[0][1].text, "28\u{202f}000,50");
        let en = table(indicator_table(
            Language::En,
            icm,
            "ICM",
            &df,
            "2024-2025",
            none(),
        ));
        assert_eq!(en.rows[0][1].text, "28,000.50");
    }

    #[test]
    fn a_year_without_rows_and_a_table_without_years() {
        let df = df!("academic_year" => ["2023-2024"], "partners" => [3i64]).unwrap();
        let partners = Indicator::PartnersByCountry;
        let Shown::Nothing(why) =
            indicator_table(Language::En, partners, "P", &df, "2024-2025", none())
        else {
            panic!("a table for a year with no row");
        };
        assert!(why.contains("no row for 2024-2025"), "{why}");
        let df = df!("country" => ["BR"], "projects" => [2i64]).unwrap();
        let icm = Indicator::IcmByCountry;
        let t = table(indicator_table(
            Language::En,
            icm,
            "ICM",
            &df,
            "2024-2025",
            none(),
        ));
        assert_eq!(t.rows.len(), 1);
        assert_eq!(t.columns.len(), 2);
    }
}
