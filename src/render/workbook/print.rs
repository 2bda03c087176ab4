//! Print setup shared by every sheet: A4, one page wide, landscape when the columns are wider
//! than a portrait page, the header row repeated on every page, and a page header and footer
//! naming the institution, the reporting year, the sheet and "page x of y" in the report
//! language.

use super::style::Widths;
use crate::i18n::{self, Language};
use rust_xlsxwriter::{RowNum, Worksheet, XlsxError};

/// Excel's paper code for A4.
const A4: u8 = 9;
/// The width a portrait A4 page holds at 100 %, in column-width characters: 210 mm less
/// Excel's default 0.7 in margins leaves 174 mm, about 660 pixels of 7 pixels a character.
/// Wider sheets print landscape, so that fitting them to one page shrinks them less.
const PORTRAIT_CHARS: f64 = 90.0;
/// Room left for the institution in the 255 characters Excel allows a header.
const MAX_INSTITUTION_CHARS: usize = 120;

/// The page header and footer, the same on every sheet.
pub(super) struct PageText {
    header: String,
    footer: String,
}

impl PageText {
    /// The header (institution on the left, reporting year on the right) and footer (sheet
    /// name on the left, "page x of y" on the right) in `lang`.
    pub(super) fn new(lang: Language, institution: &str, year: &str) -> Self {
        let institution: String = institution.chars().take(MAX_INSTITUTION_CHARS).collect();
        let year = i18n::fill(lang, "workbook.print.year", &[("year", year)]);
        let page = i18n::fill(
            lang,
            "workbook.print.page",
            &[("page", "&P"), ("pages", "&N")],
        );
        PageText {
            header: format!("&L{}&R{}", escape(&institution), escape(&year)),
            // &A is the sheet's name; the page codes are filled in after escaping.
            footer: format!("&L&A&R{page}"),
        }
    }
}

/// Sets up `sheet` for printing: A4, one page wide and as many long as needed, landscape
/// when its columns (`widths`) are wider than a portrait page, `header_row` repeated at the
/// top of every page, and the header and footer of `text`.
pub(super) fn set_up(
    sheet: &mut Worksheet,
    widths: &Widths,
    header_row: RowNum,
    text: &PageText,
) -> Result<(), XlsxError> {
    sheet.set_paper_size(A4);
    sheet.set_print_fit_to_pages(1, 0);
    if is_wide(widths) {
        sheet.set_landscape();
    } else {
        sheet.set_portrait();
    }
    sheet.set_repeat_rows(header_row, header_row)?;
    sheet.set_header(&text.header);
    sheet.set_footer(&text.footer);
    Ok(())
}

/// Whether the columns are wider than a portrait A4 page.
fn is_wide(widths: &Widths) -> bool {
    widths.total() > PORTRAIT_CHARS
}

/// A text shown as it is in a page header: "&" starts a code there, "&&" is a "&".
fn escape(text: &str) -> String {
    text.replace('&', "&&")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_and_footer_in_the_report_language_with_ampersands_escaped() {
        let fr = PageText::new(Language::Fr, "Arts & Métiers", "2024-2025");
        assert_eq!(fr.header, "&LArts && Métiers&RAnnée de référence 2024-2025");
        assert_eq!(fr.footer, "&L&A&RPage &P sur &N");
        let en = PageText::new(Language::En, "A", "2024-2025");
        assert_eq!(en.footer, "&L&A&RPage &P of &N");
        // A long name is cut so that the header stays within Excel's 255 characters.
        let long = PageText::new(Language::En, &"x".repeat(300), "2024-2025");
        assert!(long.header.chars().count() < 255, "{}", long.header);
    }

    #[test]
    fn sheets_wider_than_a_portrait_page_are_wide() {
        let mut narrow = Widths::default();
        // Four columns of 20 characters: fit() adds 2 each, 88 in all.
        for c in 0..4 {
            narrow.see(c, &"x".repeat(20));
        }
        assert!(!is_wide(&narrow));
        let mut wide = Widths::default();
        // Five of them: 110.
        for c in 0..5 {
            wide.see(c, &"x".repeat(20));
        }
        assert!(is_wide(&wide));
    }
}
