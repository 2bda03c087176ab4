//! What a file's first bytes say it is, checked against what its extension announces before a
//! reader opens it: a CSV renamed `.xlsx` is named as CSV text, not reported as a damaged zip.
//! Input: the format of the extension and the file's first bytes; output: `None` when they
//! agree, else the [`Content`] found, which `Error::ContentMismatch` phrases.

use super::Format;

/// How many first bytes [`sniff`] looks at.
pub const HEAD: usize = 512;

/// What a file's first bytes show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Content {
    /// No bytes at all.
    Empty,
    /// A zip archive holding an OpenDocument spreadsheet (.ods).
    Ods,
    /// Another zip archive: an Excel workbook (.xlsx, .xlsm, .xlsb).
    Zip,
    /// A Compound File: an Excel 97-2003 workbook, or a password-protected .xlsx.
    Ole,
    /// A web page, as some software exports under an Excel name.
    Html,
    /// An XML document (Excel 2003's XML spreadsheet).
    Xml,
    /// Plain text: a CSV or TSV file.
    Text,
    /// Some other binary content: left to the reader to judge.
    Other,
}

impl Content {
    /// The translation key (`message.content.*`) of the phrase completing "this .xlsx file
    /// is …", with what to do.
    pub fn phrase(self, format: Format) -> &'static str {
        let workbook_wanted = !matches!(format, Format::Csv | Format::Tsv);
        match self {
            Content::Empty => "message.content.empty",
            Content::Ods => "message.content.ods",
            Content::Zip => "message.content.zip",
            Content::Ole if format == Format::Xlsx || format == Format::Xlsb => {
                "message.content.ole_or_password"
            }
            Content::Ole => "message.content.ole",
            Content::Html => "message.content.html",
            Content::Xml => "message.content.xml",
            Content::Text if workbook_wanted => "message.content.csv_text",
            Content::Text => "message.content.text",
            Content::Other => "message.content.other",
        }
    }
}

/// What `head` (a file's first bytes, up to [`HEAD`]) shows.
pub fn sniff(head: &[u8]) -> Content {
    const ZIP: &[u8] = b"PK\x03\x04";
    const EMPTY_ZIP: &[u8] = b"PK\x05\x06";
    const OLE: &[u8] = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";
    if head.is_empty() {
        return Content::Empty;
    }
    if head.starts_with(ZIP) || head.starts_with(EMPTY_ZIP) {
        // An OpenDocument file stores its media type first, uncompressed (ODF 1.2, part 3,
        // 3.3): name "mimetype" at offset 30, then the type.
        let ods = head.get(30..38) == Some(b"mimetype".as_slice())
            && contains(head, b"opendocument.spreadsheet");
        return if ods { Content::Ods } else { Content::Zip };
    }
    if head.starts_with(OLE) {
        return Content::Ole;
    }
    let text = super::encoding::decode(head).text;
    let start: String = text
        .trim_start_matches(['\u{feff}', ' ', '\t', '\r', '\n'])
        .chars()
        .take(64)
        .collect::<String>()
        .to_ascii_lowercase();
    let start = start.as_str();
    if start.starts_with("<!doctype html")
        || start.starts_with("<html")
        || start.starts_with("<table")
        || start.starts_with("<meta")
    {
        return Content::Html;
    }
    if start.starts_with("<?xml") {
        // Excel's 2003 XML and HTML exports both may start with a declaration.
        return if text.to_ascii_lowercase().contains("<html") {
            Content::Html
        } else {
            Content::Xml
        };
    }
    // UTF-16 text was decoded above; other text holds no NUL and few control bytes.
    let controls = text
        .chars()
        .filter(|c| c.is_control() && !matches!(c, '\t' | '\r' | '\n'))
        .count();
    if controls * 20 <= text.chars().count() {
        Content::Text
    } else {
        Content::Other
    }
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// The content found when it is not what `format` (the extension) announces, else `None`.
/// Only clear disagreements count: text in a workbook's name, a workbook in a text file's
/// name, one kind of workbook in another's; unknown binary content is left to the reader.
pub fn mismatch(format: Format, head: &[u8]) -> Option<Content> {
    let content = sniff(head);
    let agrees = match format {
        Format::Csv | Format::Tsv => !matches!(content, Content::Zip | Content::Ods | Content::Ole),
        Format::Xlsx | Format::Xlsb => matches!(content, Content::Zip | Content::Other),
        Format::Ods => matches!(content, Content::Ods | Content::Zip | Content::Other),
        Format::Xls => matches!(content, Content::Ole | Content::Other),
    };
    (!agrees).then_some(content)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_bytes_name_the_content() {
        assert_eq!(sniff(b""), Content::Empty);
        assert_eq!(sniff(b"PK\x03\x04\x14\x00"), Content::Zip);
        let mut ods = b"PK\x03\x04".to_vec();
        ods.resize(30, 0);
        ods.extend(b"mimetypeapplication/vnd.oasis.opendocument.spreadsheet");
        assert_eq!(sniff(&ods), Content::Ods);
        assert_eq!(
            sniff(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\x00\x00"),
            Content::Ole
        );
        assert_eq!(sniff(b"<html><body><table>"), Content::Html);
        assert_eq!(
            sniff(b"\xEF\xBB\xBF<?xml version=\"1.0\"?>\n<Workbook"),
            Content::Xml
        );
        assert_eq!(sniff(b"name;country\nTU Wien;AT\n"), Content::Text);
        // UTF-16 LE with its BOM is text too.
        assert_eq!(sniff(b"\xFF\xFEn\x00a\x00m\x00e\x00"), Content::Text);
        assert_eq!(sniff(&[0, 1, 2, 3, 4, 5, 6, 7]), Content::Other);
    }

    #[test]
    fn only_clear_disagreements_count() {
        let zip = b"PK\x03\x04\x14\x00".as_slice();
        let csv = b"name;country\n".as_slice();
        assert_eq!(mismatch(Format::Xlsx, csv), Some(Content::Text));
        assert_eq!(mismatch(Format::Csv, zip), Some(Content::Zip));
        assert_eq!(mismatch(Format::Xls, zip), Some(Content::Zip));
        assert_eq!(mismatch(Format::Xlsx, zip), None);
        assert_eq!(mismatch(Format::Csv, csv), None);
        assert_eq!(mismatch(Format::Xlsx, &[0, 1, 2, 3]), None);
        assert_eq!(
            crate::i18n::text(
                crate::i18n::Language::En,
                Content::Text.phrase(Format::Xlsx)
            ),
            "a CSV text file: rename it to .csv"
        );
    }
}
