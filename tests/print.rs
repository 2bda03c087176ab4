//! Issue 12, part 6: report.html printed by headless Chromium on A4 paper (`Page.printToPDF`,
//! tests/browser.rs). The leadership preset prints on exactly one (landscape) page, the full
//! demo report on at most 25, and no page of any preset, in either language, holds only a
//! heading or a lone "Définition" / "Definition".
//!
//! Why the PDF's text and not the layout seen from the page's scripts: what counts is where
//! Chromium's print layout breaks the pages, and nothing in the DOM says that (a script sees
//! boxes in one continuous column, not fragmented into pages). So the check reads each printed
//! page's text back with lopdf (see Cargo.toml) and compares it with the report's headings.
//!
//! Measured on the demo (Chromium 156, Debian fonts), pages per preset, French / English:
//! full 22 / 22 (51 before issue 12), erasmus 17 / 17 (40), bienvenue-en-france 7 / 7 (13),
//! leadership 1 / 1 (8). The tests print the counts they measure.

use crate::browser;
use crate::demo::demo;
use crate::util::Workdir;
use mobistat::settings::Preset;
use std::path::Path;

/// What Chromium printed: each page's text (whitespace collapsed, ligatures undone) and
/// whether the page is landscape.
struct Printed {
    pages: Vec<String>,
    landscape: Vec<bool>,
}

/// Reads the pages of a PDF.
fn read_pdf(bytes: &[u8]) -> Printed {
    let doc = lopdf::Document::load_mem(bytes).expect("Chromium's PDF parses");
    let mut printed = Printed {
        pages: Vec::new(),
        landscape: Vec::new(),
    };
    for (number, id) in doc.get_pages() {
        let text = doc
            .extract_text(&[number])
            .unwrap_or_else(|e| panic!("page {number}: {e}"));
        printed.pages.push(normalise(&text));
        let (width, height) = page_size(&doc, id);
        printed.landscape.push(width > height);
    }
    printed
}

/// A page's width and height in points, from its MediaBox or the one it inherits.
fn page_size(doc: &lopdf::Document, page: lopdf::ObjectId) -> (f32, f32) {
    let mut dict = doc.get_dictionary(page).expect("page dictionary");
    loop {
        if let Ok(bbox) = dict.get(b"MediaBox").and_then(|b| b.as_array()) {
            let n: Vec<f32> = bbox.iter().map(|v| v.as_float().unwrap()).collect();
            return (n[2] - n[0], n[3] - n[1]);
        }
        let parent = dict
            .get(b"Parent")
            .and_then(|p| p.as_reference())
            .expect("a page without MediaBox has a parent");
        dict = doc.get_dictionary(parent).expect("parent dictionary");
    }
}

/// Text as compared: the typographic ligatures of Chromium's fonts ("ﬁ" in "Déﬁnition")
/// written out, runs of whitespace (line breaks, no-break spaces) as one space.
fn normalise(text: &str) -> String {
    let text = text
        .replace('\u{fb00}', "ff")
        .replace('\u{fb01}', "fi")
        .replace('\u{fb02}', "fl")
        .replace('\u{fb03}', "ffi")
        .replace('\u{fb04}', "ffl");
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The texts of the `<h1>`, `<h2>` and `<h3>` elements of an HTML page, tags removed and
/// entities decoded, normalised as page texts are.
fn headings(html: &str) -> Vec<String> {
    let mut found = Vec::new();
    for level in ["h1", "h2", "h3"] {
        let (open, close) = (format!("<{level}"), format!("</{level}>"));
        for (at, _) in html.match_indices(&open) {
            let from = html[at..].find('>').unwrap() + at + 1;
            let to = html[from..].find(&close).unwrap() + from;
            let mut text = String::new();
            let mut in_tag = false;
            for c in html[from..to].chars() {
                match c {
                    '<' => in_tag = true,
                    '>' => in_tag = false,
                    c if !in_tag => text.push(c),
                    _ => {}
                }
            }
            let decoded = text
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&quot;", "\"")
                .replace("&#x27;", "'")
                .replace("&#39;", "'")
                .replace("&amp;", "&");
            found.push(normalise(&decoded));
        }
    }
    found
}

/// The pages (numbered from 1) whose whole text is headings of `html` and the definition's
/// heading, with that text.
fn heading_only_pages(printed: &Printed, html: &str) -> Vec<(usize, String)> {
    let mut titles = headings(html);
    titles.extend(["Définition", "Definition"].map(String::from));
    // Longest first: a heading that contains a shorter one is removed whole.
    titles.sort_by_key(|t| std::cmp::Reverse(t.len()));
    let mut found = Vec::new();
    for (i, text) in printed.pages.iter().enumerate() {
        let mut rest = text.clone();
        for title in &titles {
            rest = rest.replace(title.as_str(), "");
        }
        if !rest.chars().any(char::is_alphanumeric) {
            found.push((i + 1, text.clone()));
        }
    }
    found
}

/// Runs the demo's report for `preset` in `lang` and prints reports/report.html; returns the
/// pages and the HTML.
fn print_report(chromium: &Path, w: &Workdir, preset: Preset, lang: &str) -> (Printed, String) {
    let run = w.run(&["report", "--preset", preset.as_str(), "--lang", lang]);
    // The demo holds deliberately bad rows: exit code 1.
    assert_eq!(run.code, 1, "{}", run.all());
    let page = w.path().join("reports/report.html");
    let printed = read_pdf(&browser::print_pdf(chromium, &page));
    eprintln!(
        "{} {lang}: {} printed A4 pages",
        preset.as_str(),
        printed.pages.len()
    );
    (printed, w.read("reports/report.html"))
}

/// The check can fail: a page holding only a heading and "Définition", forced by the page's
/// own breaks, is found; the pages around it, which have content, are not.
#[test]
fn the_print_check_finds_a_page_holding_only_a_heading() {
    let Some(chromium) = browser::chromium() else {
        return;
    };
    let w = Workdir::new();
    w.write(
        "page.html",
        "<!DOCTYPE html><html lang=\"fr\"><head><meta charset=\"utf-8\"><title>T</title></head>\
         <body><h1>Rapport 2024-2025</h1><p>Un paragraphe.</p>\
         <h2 style=\"break-before: page\">Un titre seul</h2><h3>Définition</h3>\
         <p style=\"break-before: page\">La suite.</p></body></html>",
    );
    let html = w.read("page.html");
    let printed = read_pdf(&browser::print_pdf(&chromium, &w.path().join("page.html")));
    assert_eq!(printed.pages.len(), 3, "{:?}", printed.pages);
    assert_eq!(printed.landscape, [false; 3]);
    assert_eq!(printed.pages[0], "Rapport 2024-2025 Un paragraphe.");
    assert_eq!(
        heading_only_pages(&printed, &html),
        [(2, "Un titre seul Définition".to_string())]
    );
}

/// The most pages a preset's demo report may print on: the leadership one-pager on one, the
/// full report on 25 (issue 12); the others, shorter than the full report, on no more.
fn most_pages(preset: Preset) -> usize {
    match preset {
        Preset::Leadership => 1,
        // The full report grew by issue 15's sections (partner balance, dormant agreements,
        // cotutelles, faculties): 26 pages in English on the demo; and by issue 16's Erasmus+
        // budget per project, activity and heading: 30 in French.
        Preset::Full => 32,
        Preset::Erasmus | Preset::BienvenueEnFrance => 25,
    }
}

/// Prints the demo report of `preset` in both languages and checks what every preset must:
/// at most `most_pages`, and no page holding only headings. Returns each language's pages.
/// (One test per preset: the four run side by side, each printing two reports.)
fn check_print(preset: Preset) -> Vec<(&'static str, Printed)> {
    let Some(chromium) = browser::chromium() else {
        return Vec::new();
    };
    let w = demo();
    let mut printings = Vec::new();
    for lang in ["fr", "en"] {
        let (printed, html) = print_report(&chromium, &w, preset, lang);
        let name = preset.as_str();
        let pages = printed.pages.len();
        assert!(pages <= most_pages(preset), "{name} {lang}: {pages} pages");
        let alone = heading_only_pages(&printed, &html);
        assert!(
            alone.is_empty(),
            "{name} {lang}: pages holding only headings: {alone:#?}"
        );
        printings.push((lang, printed));
    }
    printings
}

#[test]
fn print_leadership_on_one_landscape_a4_page() {
    for (lang, printed) in check_print(Preset::Leadership) {
        assert_eq!(printed.pages.len(), 1, "{lang}: {:#?}", printed.pages);
        assert_eq!(printed.landscape, [true], "{lang}");
        // The one page holds every block: the title, a key figure, the targets, the last
        // chart's caption, the data quality's table (one row per kind of data, so that eight
        // input files still fit) and the footer.
        let text = &printed.pages[0];
        let expected: &[&str] = match lang {
            "fr" => &[
                "Synthèse pour la direction",
                "étudiants partis à l'étranger",
                "Objectifs de l'année",
                "Mobilité des personnels par année universitaire.",
                "Lignes lues, par type de données",
                "Source :",
            ],
            _ => &[
                "Leadership summary",
                "students went abroad",
                "Targets for 2024-2025",
                "Staff mobility per academic year.",
                "Rows read, per kind of data",
                "Source:",
            ],
        };
        for part in expected {
            assert!(text.contains(part), "{lang}: {part:?} not in {text}");
        }
    }
}

#[test]
fn print_full_on_at_most_32_portrait_a4_pages() {
    for (lang, printed) in check_print(Preset::Full) {
        assert!(printed.landscape.iter().all(|l| !l), "{lang}: portrait A4");
    }
}

#[test]
fn print_erasmus_without_a_page_of_headings_only() {
    check_print(Preset::Erasmus);
}

#[test]
fn print_bienvenue_en_france_without_a_page_of_headings_only() {
    check_print(Preset::BienvenueEnFrance);
}
