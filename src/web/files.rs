//! Where uploaded files go: a name made safe from the browser's file name (its last part only,
//! no folder, no character a file system refuses), into a folder of the project, written under
//! a temporary name and renamed once whole and within the size limit.

use crate::ingest::Format;
use std::path::{Path, PathBuf};

/// The most files one upload may hold.
pub const MAX_FILES: usize = 50;

/// Names Windows refuses whatever their extension.
const RESERVED: [&str; 22] = [
    "con", "prn", "aux", "nul", "com1", "com2", "com3", "com4", "com5", "com6", "com7", "com8",
    "com9", "lpt1", "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9",
];

/// A safe file name for an uploaded file named `raw` by the browser (which may hold folders,
/// "..", a drive letter or control characters): its last part, with the characters file
/// systems refuse replaced; None when nothing usable is left or mobistat does not read the
/// format (the extension).
pub fn safe_name(raw: &str) -> Option<String> {
    let last = raw.rsplit(['/', '\\']).next().unwrap_or("");
    let cleaned: String = last
        .chars()
        .map(|c| match c {
            '<' | '>' | ':' | '"' | '|' | '?' | '*' => '_',
            c if c.is_control() => '_',
            c => c,
        })
        .collect();
    // Leading dots would hide the file (or be "." and ".."); trailing dots and spaces are
    // dropped by Windows.
    let trimmed = cleaned
        .trim_start_matches(['.', ' '])
        .trim_end_matches(['.', ' ']);
    let mut name: String = trimmed.to_string();
    // Long names are cut before the extension, on a character boundary.
    if name.chars().count() > 120 {
        let (stem, ext) = match name.rsplit_once('.') {
            Some((s, e)) if e.len() <= 5 => (s.to_string(), format!(".{e}")),
            _ => (name.clone(), String::new()),
        };
        name = stem.chars().take(110).collect::<String>() + &ext;
    }
    let stem = name.split('.').next().unwrap_or("").to_ascii_lowercase();
    if RESERVED.contains(&stem.as_str()) {
        name = format!("_{name}");
    }
    (!name.is_empty() && Format::of(Path::new(&name)).is_some()).then_some(name)
}

/// The path of `name` (already made safe) in `folder`, checked to stay inside it.
pub fn inside(folder: &Path, name: &str) -> Option<PathBuf> {
    let path = folder.join(name);
    let only_a_name = Path::new(name).components().count() == 1
        && matches!(
            Path::new(name).components().next(),
            Some(std::path::Component::Normal(_))
        );
    (only_a_name && path.parent() == Some(folder)).then_some(path)
}

/// The file names of a folder that mobistat reads, sorted; lock files and hidden files left
/// out.
pub fn listed(folder: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(folder)
        .into_iter()
        .flatten()
        .filter_map(|e| e.ok())
        .filter(|e| e.path().is_file())
        .filter_map(|e| e.file_name().to_str().map(str::to_string))
        .filter(|n| !n.starts_with('.') && !crate::settings::is_lock_file(Path::new(n)))
        .filter(|n| Format::of(Path::new(n)).is_some())
        .collect();
    names.sort();
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_from_the_browser_are_cut_to_a_safe_last_part() {
        assert_eq!(safe_name("../../x.csv").as_deref(), Some("x.csv"));
        assert_eq!(safe_name("..\\..\\x.csv").as_deref(), Some("x.csv"));
        assert_eq!(
            safe_name("C:\\Users\\Marie\\Mobilités 2024.xlsx").as_deref(),
            Some("Mobilités 2024.xlsx")
        );
        assert_eq!(safe_name("exports/2024/a.ods").as_deref(), Some("a.ods"));
        assert_eq!(safe_name("..csv").as_deref(), None); // only an extension is left: "csv"
        assert_eq!(safe_name(".hidden.csv").as_deref(), Some("hidden.csv"));
        assert_eq!(safe_name("a:b|c?.csv").as_deref(), Some("a_b_c_.csv"));
        assert_eq!(safe_name("con.csv").as_deref(), Some("_con.csv"));
        assert_eq!(safe_name("notes.pdf"), None);
        assert_eq!(safe_name(".."), None);
        assert_eq!(safe_name(""), None);
        let long = format!("{}.xlsx", "é".repeat(300));
        let cut = safe_name(&long).unwrap();
        assert!(cut.ends_with(".xlsx") && cut.chars().count() == 115);
    }

    #[test]
    fn a_name_stays_in_its_folder() {
        let folder = Path::new("/p/inputs");
        assert_eq!(
            inside(folder, "x.csv"),
            Some(PathBuf::from("/p/inputs/x.csv"))
        );
        assert_eq!(inside(folder, "../x.csv"), None);
        assert_eq!(inside(folder, "/etc/x.csv"), None);
        assert_eq!(inside(folder, "a/x.csv"), None);
        assert_eq!(inside(folder, ".."), None);
    }
}
