//! What the fast sheet scanner (`sheet_xml`) needs from the rest of an xlsx workbook, learned
//! from calamine itself so that every value means what it means to calamine: the sheet's part
//! in the zip, the shared strings, and the styles that make a number a date or a duration.
//!
//! calamine keeps its string table and formats private, so they are read back through it: a
//! copy of the workbook whose sheet part is replaced by a probe sheet (one cell per style,
//! then one per shared string) is opened with calamine, and the probe's cells are the answers.
//! The copy holds the other parts as they are stored (no inflating), and the probe proves that
//! the part found is the one calamine reads for the sheet.

use super::xlsx_book::{read_entry, tags, Book};
use calamine::{DataRef, ExcelDateTimeType, Reader, Xlsx};
use std::fmt::Write as _;
use std::fs::File;
use std::io::{BufReader, Cursor, Read, Write};
use std::path::Path;
use zip::ZipArchive;

/// A style's meaning for numbers.
pub(super) type Format = Option<ExcelDateTimeType>;

/// What the scanner's cells are read with.
pub(super) struct Parts {
    /// The zip entry of the sheet's XML.
    pub entry: String,
    /// The shared strings, in order.
    pub strings: Strings,
    /// By style index: `None` a plain number, else the date or duration type.
    pub formats: Vec<Format>,
    pub is_1904: bool,
}

/// The shared strings end to end in one buffer, in index order: a sheet mostly asks for them in
/// that order (each new text takes the next index), so reading them walks memory forwards
/// (a `Vec<String>` cost a cache miss per cell on a million-row sheet).
#[derive(Default)]
pub(super) struct Strings {
    text: String,
    ends: Vec<usize>,
}

impl Strings {
    /// Appends a string with its NUL characters dropped, as `workbook::text_cell` drops them
    /// (some old workbooks store UTF-16 text), so that cells need no check of their own.
    fn push(&mut self, s: &str) {
        if s.as_bytes().contains(&0) {
            self.text.push_str(&s.replace('\0', ""));
        } else {
            self.text.push_str(s);
        }
        self.ends.push(self.text.len());
    }

    /// The string at `index`, if the table has one.
    pub(super) fn get(&self, index: usize) -> Option<&str> {
        let end = *self.ends.get(index)?;
        let start = if index == 0 { 0 } else { self.ends[index - 1] };
        Some(&self.text[start..end])
    }
}

const MARKER: &str = "mobistat-probe";
/// Shared strings probed at most: the probe sheet takes about 33 bytes a string (beside
/// calamine's own table of them); a larger table leaves the sheet to calamine alone.
const MAX_STRINGS: usize = 4_000_000;
/// Styles probed beyond the count calamine reports: a style index past all of them is left to
/// calamine.
const EXTRA_STYLES: usize = 64;

/// Learns the parts for `sheet` of the xlsx at `path`, whose style table calamine read as
/// `styles` entries. `None` when any step fails: the sheet is then read by calamine alone.
pub(super) fn learn(path: &Path, sheet: &str, styles: usize) -> Option<Parts> {
    let mut zip = ZipArchive::new(BufReader::new(File::open(path).ok()?)).ok()?;
    let book = Book::read(&mut zip)?;
    let entry = book.sheet_entry(sheet)?;
    learn_in(&mut zip, &book.xl, entry, sheet, styles)
}

/// Parts learned before calamine has opened the workbook, for the sheet they were learned for.
pub(super) struct Early {
    pub sheet: String,
    /// `None` when the sheet is to be read by calamine alone.
    pub parts: Option<Parts>,
}

/// Learns the parts for the sheet that `choose` picks among the names the workbook part lists,
/// without calamine's style count: every `xf` element of the styles part is probed (the cell
/// formats' are among them), so no style calamine has is missed. Run beside calamine's own
/// opening of the workbook: each parses the shared strings, half a second apiece on a
/// million-row sheet. `None` when no sheet is chosen.
pub(super) fn learn_early(
    path: &Path,
    choose: impl FnOnce(&[String]) -> Option<String>,
) -> Option<Early> {
    let mut zip = ZipArchive::new(BufReader::new(File::open(path).ok()?)).ok()?;
    let book = Book::read(&mut zip)?;
    let sheet = choose(&book.sheet_names())?;
    let parts = book.sheet_entry(&sheet).and_then(|entry| {
        let styles = read_entry(&mut zip, &format!("{}styles.xml", book.xl))
            .map_or(0, |xml| tags(&xml, "xf").len());
        learn_in(&mut zip, &book.xl, entry, &sheet, styles)
    });
    Some(Early { sheet, parts })
}

/// Learns the parts for `sheet`, whose part is `entry`, probing `styles` style indices.
fn learn_in<R: Read + std::io::Seek>(
    zip: &mut ZipArchive<R>,
    xl: &str,
    entry: String,
    sheet: &str,
    styles: usize,
) -> Option<Parts> {
    let shared = count_items(zip, &format!("{xl}sharedStrings.xml"));
    if shared > MAX_STRINGS {
        return None;
    }
    let probe = probe_sheet(styles + EXTRA_STYLES, shared);
    let copy = replace_part(zip, &entry, probe.as_bytes())?;
    drop(probe);
    let mut wb = Xlsx::new(Cursor::new(copy)).ok()?;
    let is_1904 = wb.has_1904_epoch();
    let mut reader = wb.worksheet_cells_reader(sheet).ok()?;
    // The marker proves the probe is what calamine reads for this sheet.
    match reader.next_cell().ok()??.get_value() {
        DataRef::String(s) if s == MARKER => {}
        _ => return None,
    }
    let mut formats = Vec::with_capacity(styles + EXTRA_STYLES);
    for _ in 0..styles + EXTRA_STYLES {
        let cell = reader.next_cell().ok()??;
        formats.push(match cell.get_value() {
            DataRef::Float(_) => None,
            DataRef::DateTime(dt) if dt.is_datetime() => Some(ExcelDateTimeType::DateTime),
            DataRef::DateTime(_) => Some(ExcelDateTimeType::TimeDelta),
            _ => return None,
        });
    }
    let mut strings = Strings::default();
    strings.ends.reserve(shared);
    // The count is an upper bound: the first index calamine does not have ends the table.
    while let Ok(Some(cell)) = reader.next_cell() {
        match cell.get_value() {
            DataRef::SharedString(s) => strings.push(s),
            _ => return None,
        }
    }
    Some(Parts {
        entry,
        strings,
        formats,
        is_1904,
    })
}

/// An upper bound of the `<si>` items of a part (0 when it is missing).
fn count_items<R: Read + std::io::Seek>(zip: &mut ZipArchive<R>, name: &str) -> usize {
    let Ok(mut file) = zip.by_name(name) else {
        return 0;
    };
    let mut count = 0;
    let mut buf = vec![0u8; 1 << 16];
    let mut carry = 0;
    loop {
        let n = match file.read(&mut buf[carry..]) {
            Ok(0) | Err(_) => break,
            Ok(n) => n,
        };
        let filled = carry + n;
        let text = &buf[..filled];
        count += memchr::memmem::find_iter(text, b"<si>").count()
            + memchr::memmem::find_iter(text, b"<si ").count();
        // Keep the last 3 bytes: a tag may straddle two reads (counted once, in the next).
        let keep = filled.min(3);
        buf.copy_within(filled - keep..filled, 0);
        carry = keep;
    }
    count
}

/// Cells per row of the probe's strings: calamine's reader then spends its time on cells, not
/// on row elements.
const CELLS_PER_ROW: usize = 1024;

/// The probe sheet: the marker, `styles` numbers each in its style, and `strings` cells of the
/// shared strings in order.
fn probe_sheet(styles: usize, strings: usize) -> String {
    let mut xml = String::with_capacity(24 * (styles + strings) + 256);
    xml.push_str(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<worksheet \
         xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>",
    );
    // Rows and cells without references: calamine counts them (a million strings make a
    // part of 26 MB, against 60 with references and 37 with a row each).
    let _ = write!(xml, "<row><c t=\"str\"><v>{MARKER}</v></c></row>");
    let mut number = itoa::Buffer::new();
    for s in 0..styles {
        xml.push_str("<row><c s=\"");
        xml.push_str(number.format(s));
        xml.push_str("\"><v>1</v></c></row>");
    }
    for i in 0..strings {
        if i % CELLS_PER_ROW == 0 {
            xml.push_str(if i == 0 { "<row>" } else { "</row><row>" });
        }
        xml.push_str("<c t=\"s\"><v>");
        xml.push_str(number.format(i));
        xml.push_str("</v></c>");
    }
    if strings > 0 {
        xml.push_str("</row>");
    }
    xml.push_str("</sheetData></worksheet>");
    xml
}

/// Folders of parts that calamine does not read when it opens a workbook (other sheets, their
/// drawings, pictures, pivot caches...): left out of the copy, which then stays small whatever
/// the number and size of the other sheets.
const NOT_COPIED: [&str; 9] = [
    "worksheets/",
    "chartsheets/",
    "dialogsheets/",
    "media/",
    "pivotcache/",
    "drawings/",
    "embeddings/",
    "charts/",
    "externallinks/",
];

/// A copy of the zip in memory with the entry `name` holding `content` (stored), and the other
/// entries calamine reads when it opens a workbook copied as stored, compressed.
fn replace_part<R: Read + std::io::Seek>(
    zip: &mut ZipArchive<R>,
    name: &str,
    content: &[u8],
) -> Option<Vec<u8>> {
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let mut replaced = false;
    for i in 0..zip.len() {
        let file = zip.by_index_raw(i).ok()?;
        let entry = file.name().ok()?.to_ascii_lowercase();
        if entry == name.to_ascii_lowercase() {
            replaced = true;
            continue;
        }
        if NOT_COPIED.iter().any(|folder| entry.contains(folder)) {
            continue;
        }
        out.raw_copy_file(file).ok()?;
    }
    if !replaced {
        return None;
    }
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Stored)
        .large_file(content.len() as u64 >= u32::MAX as u64);
    out.start_file(name, options).ok()?;
    out.write_all(content).ok()?;
    Some(out.finish().ok()?.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_end_to_end_without_nul_characters() {
        let mut strings = Strings::default();
        for s in ["Lyon", "", "P\0A\0I\0S\0", "Liège"] {
            strings.push(s);
        }
        assert_eq!(strings.get(0), Some("Lyon"));
        assert_eq!(strings.get(1), Some(""));
        assert_eq!(strings.get(2), Some("PAIS"));
        assert_eq!(strings.get(3), Some("Liège"));
        assert_eq!(strings.get(4), None);
    }

    #[test]
    fn the_copy_holds_the_probe_and_the_parts_calamine_opens_with_only() {
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        for (name, text) in [
            ("[Content_Types].xml", "types"),
            ("xl/workbook.xml", "book"),
            ("xl/styles.xml", "styles"),
            ("xl/worksheets/sheet1.xml", "the big sheet"),
            ("xl/worksheets/sheet2.xml", "another sheet"),
            ("xl/worksheets/_rels/sheet2.xml.rels", "its links"),
            ("xl/media/image1.png", "a picture"),
        ] {
            zip.start_file(name, zip::write::SimpleFileOptions::default())
                .unwrap();
            zip.write_all(text.as_bytes()).unwrap();
        }
        let bytes = zip.finish().unwrap().into_inner();
        let mut archive = ZipArchive::new(Cursor::new(bytes)).unwrap();
        let copy = replace_part(&mut archive, "xl/worksheets/sheet1.xml", b"probe").unwrap();
        let mut copy = ZipArchive::new(Cursor::new(copy)).unwrap();
        let mut names: Vec<String> = copy.file_names().map(|n| n.unwrap().to_string()).collect();
        names.sort();
        assert_eq!(
            names,
            [
                "[Content_Types].xml",
                "xl/styles.xml",
                "xl/workbook.xml",
                "xl/worksheets/sheet1.xml"
            ]
        );
        assert_eq!(
            read_entry(&mut copy, "xl/worksheets/sheet1.xml").unwrap(),
            "probe"
        );
        assert_eq!(read_entry(&mut copy, "xl/styles.xml").unwrap(), "styles");
        // A part that is not there: no copy (calamine alone reads the sheet).
        assert!(replace_part(&mut archive, "xl/worksheets/sheet9.xml", b"probe").is_none());
    }

    #[test]
    fn the_probe_sheet_lists_the_marker_then_styles_then_strings() {
        let xml = probe_sheet(2, 2);
        assert!(xml.contains(concat!(
            r#"<sheetData><row><c t="str"><v>mobistat-probe</v></c></row>"#,
            r#"<row><c s="0"><v>1</v></c></row><row><c s="1"><v>1</v></c></row>"#,
            r#"<row><c t="s"><v>0</v></c><c t="s"><v>1</v></c></row></sheetData>"#
        )));
        // 1,025 strings: a row of 1,024, then a row of one.
        let xml = probe_sheet(0, 1025);
        assert_eq!(xml.matches("<row>").count(), 3);
        assert!(xml.ends_with(concat!(
            r#"<v>1023</v></c></row><row><c t="s"><v>1024</v></c></row>"#,
            "</sheetData></worksheet>"
        )));
    }

    #[test]
    fn parts_learned_early_are_the_parts_learned_with_calamines_style_count() {
        use calamine::open_workbook;
        let dir = Path::new(env!("CARGO_MANIFEST_DIR"));
        for file in ["inputs/inscrits.xlsx", "inputs/partenaires.xlsx"] {
            let path = dir.join(file);
            let mut wb: Xlsx<_> = open_workbook(&path).unwrap();
            let first = wb.sheet_names()[0].clone();
            let styles = wb.worksheet_cells_reader(&first).unwrap().styles().len();
            let late = learn(&path, &first, styles).unwrap();
            let early = learn_early(&path, |names| names.first().cloned()).unwrap();
            assert_eq!(early.sheet, first);
            let early = early.parts.unwrap();
            assert_eq!((&early.entry, early.is_1904), (&late.entry, late.is_1904));
            assert_eq!(early.strings.text, late.strings.text);
            assert_eq!(early.strings.ends, late.strings.ends);
            // Every xf element is probed: at least calamine's cell formats, each the same.
            assert!(early.formats.len() >= late.formats.len(), "{file}");
            assert_eq!(early.formats[..late.formats.len()], late.formats[..]);
        }
        // No sheet chosen: nothing learned.
        assert!(learn_early(&dir.join("inputs/inscrits.xlsx"), |_| None).is_none());
    }
}
