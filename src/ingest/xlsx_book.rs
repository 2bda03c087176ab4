//! The workbook part of an xlsx package as calamine finds it: the sheets it lists and the zip
//! entry of each sheet's part.

use super::sheet_xml::{attributes, unescape_into};
use std::io::Read;
use zip::ZipArchive;

/// The text of a zip entry.
pub(super) fn read_entry<R: Read + std::io::Seek>(
    zip: &mut ZipArchive<R>,
    name: &str,
) -> Option<String> {
    let mut text = String::new();
    zip.by_name(name).ok()?.read_to_string(&mut text).ok()?;
    Some(text)
}

/// The start tags named `name` (with any prefix) in `xml`, as their attribute lists.
pub(super) fn tags<'a>(xml: &'a str, name: &str) -> Vec<Vec<(&'a str, &'a str)>> {
    let mut found = Vec::new();
    for (at, _) in xml.match_indices('<') {
        let rest = &xml[at + 1..];
        let end = rest
            .find(['>', ' ', '\t', '\r', '\n', '/'])
            .unwrap_or(rest.len());
        let tag = &rest[..end];
        if tag.rsplit(':').next() != Some(name) {
            continue;
        }
        let close = rest.find('>').unwrap_or(rest.len());
        let attrs = attributes(rest[end..close].trim_end_matches('/').as_bytes())
            .filter_map(|pair| pair.ok())
            .filter_map(|(k, v)| Some((std::str::from_utf8(k).ok()?, std::str::from_utf8(v).ok()?)))
            .collect();
        found.push(attrs);
    }
    found
}

fn get<'a>(attrs: &[(&str, &'a str)], key: &str) -> Option<&'a str> {
    attrs.iter().find(|(k, _)| *k == key).map(|(_, v)| *v)
}

/// An attribute value with its entities replaced (a sheet named "R&D"), as the scanner
/// replaces them in cell texts; left as it is when it holds another.
fn unescape(value: &str) -> String {
    let mut out = String::new();
    if unescape_into(value, &mut out) {
        out
    } else {
        value.to_string()
    }
}

/// The workbook part as calamine finds it (the package's officeDocument relationship): its
/// XML and its relationships' XML.
pub(super) struct Book {
    /// The workbook part's folder ("xl/").
    pub xl: String,
    xml: String,
    rels: String,
}

impl Book {
    /// The workbook part of the package `zip`; `None` when a part is missing.
    pub(super) fn read<R: Read + std::io::Seek>(zip: &mut ZipArchive<R>) -> Option<Book> {
        let root = read_entry(zip, "_rels/.rels")?;
        let target = tags(&root, "Relationship").into_iter().find_map(|attrs| {
            get(&attrs, "Type")
                .filter(|t| t.ends_with("/relationships/officeDocument"))
                .and(get(&attrs, "Target"))
                .map(str::to_string)
        })?;
        let target = target.trim_start_matches('/');
        let (xl, workbook) = match target.rfind('/') {
            Some(i) => (&target[..=i], &target[i + 1..]),
            None => ("", target),
        };
        Some(Book {
            rels: read_entry(zip, &format!("{xl}_rels/{workbook}.rels"))?,
            xml: read_entry(zip, &format!("{xl}{workbook}"))?,
            xl: xl.to_string(),
        })
    }

    /// The names of the sheets the workbook lists, in its order, entities replaced.
    pub(super) fn sheet_names(&self) -> Vec<String> {
        tags(&self.xml, "sheet")
            .into_iter()
            .filter_map(|attrs| get(&attrs, "name").map(unescape))
            .collect()
    }

    /// The zip entry of `sheet`'s part, through the workbook's relationships.
    pub(super) fn sheet_entry(&self, sheet: &str) -> Option<String> {
        let id = tags(&self.xml, "sheet").into_iter().find_map(|attrs| {
            let name = unescape(get(&attrs, "name")?);
            let id = attrs
                .iter()
                .find(|(k, _)| k.rsplit(':').next() == Some("id") && k.contains(':'))?
                .1;
            (name == sheet).then(|| id.to_string())
        })?;
        let part = tags(&self.rels, "Relationship")
            .into_iter()
            .find_map(|attrs| {
                (get(&attrs, "Id")? == id).then(|| get(&attrs, "Target").map(unescape))
            })??;
        Some(match part.strip_prefix('/') {
            Some(absolute) => absolute.to_string(),
            None => format!("{}{part}", self.xl),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn start_tags_are_found_with_or_without_a_prefix() {
        let xml = r#"<workbook><sheets><sheet name="R&amp;D" sheetId="1" r:id="rId3"/><x:sheet name='q'/></sheets></workbook>"#;
        let found = tags(xml, "sheet");
        assert_eq!(found.len(), 2);
        assert_eq!(
            found[0],
            vec![("name", "R&amp;D"), ("sheetId", "1"), ("r:id", "rId3")]
        );
        // Single quotes are not read: that sheet is not found, and calamine alone reads it.
        assert!(found[1].is_empty());
        assert_eq!(unescape("R&amp;D &lt;1&gt;"), "R&D <1>");
        assert!(tags(xml, "sheets").len() == 1);
    }
}
