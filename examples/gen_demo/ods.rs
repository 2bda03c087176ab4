//! The ods writer: a one-sheet OpenDocument spreadsheet written by hand (a zip of XML parts).

use crate::calendar::fr_date;
use crate::cells::{cell_number, Value};
use anyhow::{anyhow, Context, Result};
use std::io::Write as _;
use std::path::Path;

/// Writes a one-sheet OpenDocument spreadsheet by hand: the `mimetype` entry first and
/// stored (the format requires it), then the manifest, styles and content, with a fixed
/// timestamp on every entry.
pub fn write_ods(path: &Path, sheet: &str, rows: &[Vec<Value>]) -> Result<()> {
    use zip::write::SimpleFileOptions;
    use zip::CompressionMethod;
    let fixed = zip::DateTime::from_date_and_time(2025, 9, 15, 0, 0, 0)
        .map_err(|e| anyhow!("zip date: {e:?}"))?;
    let stored = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Stored)
        .last_modified_time(fixed);
    let deflated = stored.compression_method(CompressionMethod::Deflated);
    let file =
        std::fs::File::create(path).with_context(|| format!("creating {}", path.display()))?;
    let mut zip = zip::ZipWriter::new(file);
    let entries: [(&str, String, SimpleFileOptions); 4] = [
        (
            "mimetype",
            "application/vnd.oasis.opendocument.spreadsheet".into(),
            stored,
        ),
        ("META-INF/manifest.xml", ODS_MANIFEST.into(), deflated),
        ("styles.xml", ODS_STYLES.into(), deflated),
        ("content.xml", ods_content(sheet, rows), deflated),
    ];
    for (name, body, options) in entries {
        zip.start_file(name, options)?;
        zip.write_all(body.as_bytes())?;
    }
    zip.finish()?;
    Ok(())
}

const ODS_MANIFEST: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">
 <manifest:file-entry manifest:full-path="/" manifest:version="1.2" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>
 <manifest:file-entry manifest:full-path="styles.xml" manifest:media-type="text/xml"/>
 <manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>
</manifest:manifest>
"#;

const ODS_STYLES: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<office:document-styles xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" office:version="1.2"><office:styles><style:default-style style:family="table-cell"/></office:styles></office:document-styles>
"#;

const ODS_CONTENT_HEAD: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:number="urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0" xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" office:version="1.2">
<office:automatic-styles>
<number:date-style style:name="N1"><number:day number:style="long"/><number:text>/</number:text><number:month number:style="long"/><number:text>/</number:text><number:year number:style="long"/></number:date-style>
<style:style style:name="ce1" style:family="table-cell" style:data-style-name="N1"/>
<style:style style:name="ce2" style:family="table-cell"><style:text-properties fo:font-weight="bold"/></style:style>
</office:automatic-styles>
<office:body><office:spreadsheet>
"#;

fn ods_content(sheet: &str, rows: &[Vec<Value>]) -> String {
    let width = rows.iter().map(Vec::len).max().unwrap_or(0);
    let mut xml = String::from(ODS_CONTENT_HEAD);
    xml.push_str(&format!(
        "<table:table table:name=\"{}\">",
        xml_escape(sheet)
    ));
    xml.push_str(&format!(
        "<table:table-column table:number-columns-repeated=\"{width}\"/>\n"
    ));
    for (i, row) in rows.iter().enumerate() {
        xml.push_str("<table:table-row>");
        for value in row {
            xml.push_str(&ods_cell(value, i == 0));
        }
        xml.push_str("</table:table-row>\n");
    }
    xml.push_str("</table:table></office:spreadsheet></office:body></office:document-content>\n");
    xml
}

fn ods_cell(value: &Value, header: bool) -> String {
    let style = if header {
        " table:style-name=\"ce2\""
    } else {
        ""
    };
    match value {
        Value::Empty => "<table:table-cell/>".into(),
        Value::Text(s) => {
            let s = xml_escape(s);
            format!("<table:table-cell{style} office:value-type=\"string\"><text:p>{s}</text:p></table:table-cell>")
        }
        Value::Number(n) | Value::Formula(_, n) => {
            let n = cell_number(*n);
            format!("<table:table-cell office:value-type=\"float\" office:value=\"{n}\"><text:p>{n}</text:p></table:table-cell>")
        }
        Value::Date(d) => format!(
            "<table:table-cell table:style-name=\"ce1\" office:value-type=\"date\" office:date-value=\"{}\"><text:p>{}</text:p></table:table-cell>",
            d.format("%Y-%m-%d"),
            fr_date(*d)
        ),
    }
}

fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}
