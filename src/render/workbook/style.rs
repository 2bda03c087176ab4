//! Workbook styling: the cell formats (chosen per column kind and type), the column widths
//! fitted to the texts, the header row, and the row and column numbers Excel accepts.

use crate::schema::ColumnKind;
use rust_xlsxwriter::{ColNum, Format, FormatAlign, FormatBorder, RowNum, Worksheet, XlsxError};

/// Column widths, in characters: narrow columns stay clickable, long texts do not make a
/// column wider than a screen.
const MIN_WIDTH: usize = 8;
const MAX_WIDTH: usize = 60;
/// Room for the autofilter button beside the header text.
const WIDTH_PADDING: usize = 2;

/// The cell formats, built once per workbook.
pub(super) struct Styles {
    pub(super) header: Format,
    /// The cover's first line (the institution) and second (the reporting year).
    pub(super) title: Format,
    pub(super) subtitle: Format,
    /// Counts: "1,234".
    pub(super) integer: Format,
    /// Years and row numbers: "2024", never "2,024".
    pub(super) plain_integer: Format,
    /// Percentages (already ×100) and means: one decimal shown, full value kept.
    pub(super) one_decimal: Format,
    /// Euro amounts.
    pub(super) money: Format,
    /// Other floats: "General" shows 12 as "12" and 12.5 as "12.5", where "#,##0.##" would
    /// show a stray "12.".
    pub(super) general: Format,
    pub(super) date: Format,
    /// Definitions sheet cells: top-aligned so a row reads from its first line.
    pub(super) top: Format,
    pub(super) wrapped_top: Format,
}

impl Styles {
    pub(super) fn new() -> Self {
        Styles {
            header: Format::new()
                .set_bold()
                .set_background_color(0xDDEBF7)
                .set_border_bottom(FormatBorder::Thin),
            title: Format::new().set_bold().set_font_size(16),
            subtitle: Format::new().set_bold().set_font_size(12),
            integer: Format::new().set_num_format("#,##0"),
            plain_integer: Format::new().set_num_format("0"),
            one_decimal: Format::new().set_num_format("0.0"),
            money: Format::new().set_num_format("#,##0.00"),
            general: Format::new(),
            date: Format::new().set_num_format("yyyy-mm-dd"),
            top: Format::new().set_align(FormatAlign::Top),
            wrapped_top: Format::new().set_align(FormatAlign::Top).set_text_wrap(),
        }
    }

    /// The number format of a numeric column, from its kind and whether it holds floats.
    pub(super) fn number(&self, kind: ColumnKind, is_float: bool) -> &Format {
        match kind {
            ColumnKind::Year => &self.plain_integer,
            _ if !is_float => &self.integer,
            ColumnKind::Money => &self.money,
            ColumnKind::Percent | ColumnKind::Decimal => &self.one_decimal,
            _ => &self.general,
        }
    }
}

/// Writes a header row in the header format and counts its texts in the widths.
pub(super) fn write_header<S: AsRef<str>>(
    sheet: &mut Worksheet,
    row: RowNum,
    labels: &[S],
    styles: &Styles,
    widths: &mut Widths,
) -> std::result::Result<(), XlsxError> {
    for (c, label) in labels.iter().enumerate() {
        sheet.write_string_with_format(row, col_num(c)?, label.as_ref(), &styles.header)?;
        widths.see(c, label.as_ref());
    }
    Ok(())
}

/// The longest text seen in each column, in characters, or a width set by hand.
#[derive(Default)]
pub(super) struct Widths {
    chars: Vec<usize>,
    fixed: Vec<(usize, f64)>,
}

impl Widths {
    pub(super) fn see(&mut self, col: usize, text: &str) {
        if self.chars.len() <= col {
            self.chars.resize(col + 1, 0);
        }
        self.chars[col] = self.chars[col].max(text.chars().count());
    }

    /// Gives column `col` this width whatever its texts (a wrapped column).
    pub(super) fn fix(&mut self, col: usize, width: f64) {
        self.see(col, "");
        self.fixed.retain(|(c, _)| *c != col);
        self.fixed.push((col, width));
    }

    /// The width of each column, in characters.
    fn widths(&self) -> impl Iterator<Item = f64> + '_ {
        self.chars.iter().enumerate().map(|(c, chars)| {
            self.fixed
                .iter()
                .find(|(f, _)| *f == c)
                .map_or_else(|| fit(*chars), |(_, w)| *w)
        })
    }

    /// The sheet's width: the sum of its columns', in characters.
    pub(super) fn total(&self) -> f64 {
        self.widths().sum()
    }

    pub(super) fn apply(&self, sheet: &mut Worksheet) -> std::result::Result<(), XlsxError> {
        for (c, width) in self.widths().enumerate() {
            sheet.set_column_width(col_num(c)?, width)?;
        }
        Ok(())
    }
}

/// A column width for a longest text of `chars` characters.
pub(super) fn fit(chars: usize) -> f64 {
    (chars + WIDTH_PADDING).clamp(MIN_WIDTH, MAX_WIDTH) as f64
}

pub(super) fn row_num(row: usize) -> std::result::Result<RowNum, XlsxError> {
    RowNum::try_from(row).map_err(|_| XlsxError::RowColumnLimitError)
}

pub(super) fn col_num(col: usize) -> std::result::Result<ColNum, XlsxError> {
    ColNum::try_from(col).map_err(|_| XlsxError::RowColumnLimitError)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn number_formats_follow_column_kinds() {
        let styles = Styles::new();
        assert_eq!(
            styles.number(ColumnKind::Year, false),
            &styles.plain_integer
        );
        assert_eq!(styles.number(ColumnKind::Count, false), &styles.integer);
        assert_eq!(styles.number(ColumnKind::Rank, false), &styles.integer);
        assert_eq!(
            styles.number(ColumnKind::Percent, true),
            &styles.one_decimal
        );
        assert_eq!(
            styles.number(ColumnKind::Decimal, true),
            &styles.one_decimal
        );
        assert_eq!(styles.number(ColumnKind::Money, true), &styles.money);
        // An amount that happens to be whole is still written as an integer column would be.
        assert_eq!(styles.number(ColumnKind::Money, false), &styles.integer);
        assert_eq!(styles.number(ColumnKind::Number, true), &styles.general);
    }

    #[test]
    fn widths_fit_the_text_within_bounds() {
        // Longest text + 2 for the filter button, between 8 and 60.
        assert_eq!(fit(0), 8.0);
        assert_eq!(fit(10), 12.0);
        assert_eq!(fit(200), 60.0);
    }

    #[test]
    fn total_width_counts_fixed_columns_at_their_width() {
        let mut widths = Widths::default();
        widths.see(0, "abc");
        widths.fix(2, 80.0);
        // 8 (at least) + 8 (the unseen column between) + 80.
        assert_eq!(widths.total(), 96.0);
    }
}
