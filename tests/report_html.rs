//! The HTML report in a real browser, and the chart files: report.html opens in headless
//! Chromium with no console error and no request, and holds every chart (inline SVG) and every
//! table; the PNG charts are non-blank and of the stated size, each with its SVG twin; charts,
//! card and report are byte-identical from one run to the next; the visible text of every
//! preset's report, in both languages, holds no flag, config key or internal id (issue 12).

use crate::browser::{self, Visit, WINDOW};
use crate::demo::demo;
use crate::util::Workdir;
use mobistat::indicators::Indicator;
use mobistat::render::preset::{self, Block};
use mobistat::settings::Preset;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The harness must be able to fail: each bad page is caught, the clean one is not.
#[test]
fn browser_harness_reports_console_errors_and_requests() {
    let Some(chromium) = browser::chromium() else {
        return;
    };
    let w = Workdir::new();
    // A folder name with a space and an accent: the page's own URL, as the harness writes it,
    // must match Chromium's, or the clean page would report its own file as a request.
    let dir = "pages é";
    let page = |name: &str, body: &str| -> PathBuf {
        w.write(
            &format!("{dir}/{name}.html"),
            &format!(
                "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">\
                 <title>{name}</title></head><body>{body}</body></html>"
            ),
        );
        w.path().join(dir).join(format!("{name}.html"))
    };
    let visit = |path: &Path| -> Visit {
        let shot = path.with_extension("png");
        let visit = browser::visit(&chromium, path, &shot);
        assert_eq!(png_size(&shot), WINDOW, "{}", shot.display());
        visit
    };
    let folder_url = browser::file_url(&w.path().canonicalize().unwrap().join(dir));

    let clean = visit(&page(
        "clean",
        "<h1>Clean</h1><p id=\"p\">nothing to see</p><script>console.log(\"chatter\");\
         console.warn(\"a warning is not an error\")</script>",
    ));
    assert_eq!(clean.console_errors, Vec::<String>::new());
    assert_eq!(clean.requests, Vec::<String>::new());
    assert!(
        clean.dom.starts_with("<html lang=\"en\"><head>"),
        "{}",
        clean.dom
    );
    assert!(clean.dom.contains("<p id=\"p\">nothing to see</p>"));

    // console.error among other levels: only the error is reported.
    let boom = visit(&page(
        "console",
        "<script>console.log(\"fine\");console.error(\"boom\");console.info(\"ok\")</script>",
    ));
    assert_eq!(boom.console_errors, ["console.error: boom"]);
    assert_eq!(boom.requests, Vec::<String>::new());

    let thrown = visit(&page(
        "exception",
        "<script>throw new Error(\"bang\")</script>",
    ));
    assert_eq!(
        thrown.console_errors.len(),
        1,
        "{:?}",
        thrown.console_errors
    );
    assert!(
        thrown.console_errors[0].starts_with("uncaught: Error: bang"),
        "{:?}",
        thrown.console_errors
    );

    // Each kind of fetch is reported by its URL. (Port 9 is one Chromium refuses to use: the
    // request is reported though it never leaves the machine; example.invalid never resolves.
    // The data: image must be a valid one: Chromium reports no request for one it cannot
    // decode.)
    let cases = [
        (
            "http",
            "<img src=\"http://127.0.0.1:9/x.png\">".to_string(),
            "http://127.0.0.1:9/x.png".to_string(),
        ),
        (
            "https-stylesheet",
            "<link rel=stylesheet href=\"https://example.invalid/a.css\">".into(),
            "https://example.invalid/a.css".into(),
        ),
        (
            "websocket",
            "<script>new WebSocket(\"ws://127.0.0.1:9/\")</script>".into(),
            "ws://127.0.0.1:9/".into(),
        ),
        (
            "other-file",
            "<img src=\"other.png\">".into(),
            format!("{folder_url}/other.png"),
        ),
        (
            "data",
            "<img src=\"data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7\">".into(),
            "data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7".into(),
        ),
    ];
    for (name, body, url) in cases {
        let fetched = visit(&page(name, &body));
        assert_eq!(fetched.requests, [url.as_str()], "{name}");
    }
}

/// The ids of the blocks that are not indicators.
const KEY_FIGURES: &str = "key_figures";
const TARGETS: &str = "targets";
const DATA_QUALITY: &str = "data_quality";

/// The section ids a preset's report should show, from `preset.rs`.
fn preset_sections(preset: Preset) -> Vec<String> {
    preset::blocks(preset)
        .iter()
        .map(|block| match block {
            Block::KeyFigures => KEY_FIGURES.to_string(),
            Block::Targets => TARGETS.to_string(),
            Block::Indicator { indicator, .. } => indicator.id().to_string(),
            Block::DataQuality { .. } => DATA_QUALITY.to_string(),
            Block::Domain(domain) => domain.id().to_string(),
            Block::Register(domain) => domain.register_id().to_string(),
        })
        .collect()
}

#[test]
fn report_html_opens_in_chromium_with_no_error_or_network_request() {
    let Some(chromium) = browser::chromium() else {
        return;
    };
    // The full report shows every indicator of the registry, the key figures and targets in
    // their own blocks; the demo computes every one.
    let expected_full = preset_sections(Preset::Full);
    let mut expected_order = vec![KEY_FIGURES.to_string(), TARGETS.to_string()];
    expected_order.extend(
        Indicator::ALL
            .iter()
            .filter(|i| !matches!(i, Indicator::KeyFigures | Indicator::Targets))
            .map(|i| i.id().to_string()),
    );
    expected_order.push(DATA_QUALITY.to_string());
    assert_eq!(expected_full, expected_order);
    for lang in ["fr", "en"] {
        let w = demo();
        let run = w.run(&["report", "--lang", lang]);
        // The demo holds deliberately bad rows: exit code 1.
        assert_eq!(run.code, 1, "{}", run.all());
        let visit = open_report(&chromium, &w, &format!("full-{lang}"));
        let dom = &visit.dom;
        assert!(
            dom.starts_with(&format!("<html lang=\"{lang}\"")),
            "{}",
            &dom[..dom.len().min(200)]
        );
        assert!(
            !dom.contains(mobistat::i18n::MISSING_MARK),
            "untranslated label: {}",
            around(dom, dom.find(mobistat::i18n::MISSING_MARK).unwrap())
        );
        let sections = sections(dom);
        let ids: Vec<&str> = sections.iter().map(|(id, _)| id.as_str()).collect();
        assert_eq!(ids, expected_full, "{lang}");
        // Every indicator, the targets and the data quality show a table.
        // The key figures as HTML: the twelve of key_figures.rs's CARD, one list item each.
        let (_, key_figures) = &sections[0];
        assert_eq!(
            key_figures.matches("<li>").count(),
            12,
            "{lang}: {key_figures}"
        );
        for (id, html) in &sections {
            if id != KEY_FIGURES {
                assert!(html.contains("<table"), "{lang}: section {id} has no table");
                assert!(html.contains("<th"), "{lang}: table of {id} has no header");
            }
        }
        let charts = chart_names(&w);
        assert!(!charts.is_empty(), "no chart written");
        for name in &charts {
            // src/render/charts/svg.rs prefixes a chart's ids with its name and labels the
            // <svg> by its <title>: aria-labelledby="<name>-title <name>-desc".
            let title = format!("{name}-title");
            assert!(
                inline_svg_ids(dom).contains(&title),
                "{lang}: chart {name} is not inlined"
            );
        }
    }

    // The leadership one-pager: exactly its blocks, in order.
    let w = demo();
    w.run(&["report", "--preset", "leadership"]);
    let visit = open_report(&chromium, &w, "leadership");
    let ids: Vec<String> = sections(&visit.dom).into_iter().map(|(id, _)| id).collect();
    // preset.rs: KeyFigures, Targets, mobility_flows, outgoing_rate, international_students,
    // partners_by_agreement, staff_mobility, DataQuality.
    let expected = [
        KEY_FIGURES,
        TARGETS,
        "mobility_flows",
        "outgoing_rate",
        "international_students",
        "partners_by_agreement",
        "staff_mobility",
        DATA_QUALITY,
    ];
    assert_eq!(ids, expected);
    assert_eq!(preset_sections(Preset::Leadership), expected);

    // The « Bienvenue en France » dossier: the demo has data for every label domain, so each
    // has its heading and its sections, in both languages; its card shows the label's eight
    // headline figures (key_figures.rs's BIENVENUE_CARD).
    let expected = preset_sections(Preset::BienvenueEnFrance);
    for domain in [
        "domain_students",
        "domain_information",
        "domain_welcome",
        "domain_programmes",
        "domain_housing",
        "domain_campus_life",
        "domain_follow_up",
    ] {
        assert!(expected.iter().any(|id| id == domain), "{domain}");
    }
    for (lang, heading) in [("fr", ">Vie de campus</h2>"), ("en", ">Campus life</h2>")] {
        let w = demo();
        w.run(&["report", "--preset", "bienvenue-en-france", "--lang", lang]);
        let visit = open_report(&chromium, &w, &format!("bienvenue-{lang}"));
        let sections = sections(&visit.dom);
        let ids: Vec<&str> = sections.iter().map(|(id, _)| id.as_str()).collect();
        assert_eq!(ids, expected, "{lang}");
        assert!(visit.dom.contains(heading), "{lang}: no {heading}");
        assert_eq!(sections[0].1.matches("<li>").count(), 8, "{lang}");
        // A domain's sections are one heading level below the domain's.
        let (_, housing) = sections
            .iter()
            .find(|(id, _)| id == "housing_rate")
            .unwrap();
        assert!(
            housing.contains("<h3 id=\"housing_rate-heading\""),
            "{lang}"
        );
    }
}

/// Opens reports/report.html of `w` and checks the visit was clean; the screenshot is kept in
/// the workdir and copied to the target's temp folder (its path is printed).
fn open_report(chromium: &Path, w: &Workdir, label: &str) -> Visit {
    let shot = w.path().join(format!("report-{label}.png"));
    let start = std::time::Instant::now();
    let visit = browser::visit(chromium, &w.path().join("reports/report.html"), &shot);
    eprintln!("{label}: Chromium visit took {:?}", start.elapsed());
    assert_eq!(png_size(&shot), WINDOW, "{label}: screenshot size");
    let kept = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("report-{label}.png"));
    std::fs::copy(&shot, &kept).unwrap();
    eprintln!("{label}: screenshot at {}", kept.display());
    assert_eq!(visit.console_errors, Vec::<String>::new(), "{label}");
    assert_eq!(visit.requests, Vec::<String>::new(), "{label}");
    visit
}

/// The report's top-level `<section id="…">` elements in document order, each with its HTML
/// (up to its closing tag, nested sections included).
fn sections(dom: &str) -> Vec<(String, String)> {
    let mut found = Vec::new();
    let mut at = 0;
    while let Some(start) = dom[at..].find("<section").map(|i| i + at) {
        let end = closing_tag(dom, start, "section");
        let open = &dom[start..dom[start..].find('>').unwrap() + start];
        let id = attribute(open, "id").unwrap_or_default();
        found.push((id, dom[start..end].to_string()));
        at = end;
    }
    found
}

/// The end of the element `name` that opens at `start`, counting nested elements of the name.
fn closing_tag(html: &str, start: usize, name: &str) -> usize {
    let (open, close) = (format!("<{name}"), format!("</{name}>"));
    let mut depth = 0;
    let mut at = start;
    loop {
        let next_open = html[at..].find(&open).map(|i| i + at);
        let next_close = html[at..]
            .find(&close)
            .map(|i| i + at)
            .unwrap_or_else(|| panic!("<{name}> at {start} is not closed"));
        match next_open {
            Some(o) if o < next_close => {
                depth += 1;
                at = o + open.len();
            }
            _ => {
                depth -= 1;
                at = next_close + close.len();
                if depth == 0 {
                    return at;
                }
            }
        }
    }
}

/// The value of `name="…"` in an opening tag.
fn attribute(tag: &str, name: &str) -> Option<String> {
    let key = format!(" {name}=\"");
    let from = tag.find(&key)? + key.len();
    let to = tag[from..].find('"')? + from;
    Some(tag[from..to].to_string())
}

/// The ids that name each inline `<svg>`: its `id` and `aria-labelledby` values.
fn inline_svg_ids(dom: &str) -> Vec<String> {
    dom.match_indices("<svg")
        .flat_map(|(start, _)| {
            let tag = &dom[start..dom[start..].find('>').unwrap() + start];
            let mut ids = Vec::new();
            if let Some(id) = attribute(tag, "id") {
                ids.push(id);
            }
            if let Some(by) = attribute(tag, "aria-labelledby") {
                ids.extend(by.split_whitespace().map(str::to_string));
            }
            ids
        })
        .collect()
}

/// Some text either side of a byte offset, for failure messages.
fn around(text: &str, at: usize) -> &str {
    let mut from = at.saturating_sub(80);
    while !text.is_char_boundary(from) {
        from -= 1;
    }
    let mut to = (at + 80).min(text.len());
    while !text.is_char_boundary(to) {
        to += 1;
    }
    &text[from..to]
}

/// The stems of reports/charts/*.svg.
fn chart_names(w: &Workdir) -> BTreeSet<String> {
    files_with(&w.path().join("reports/charts"), "svg")
}

/// The stems of the files of `dir` with extension `ext`.
fn files_with(dir: &Path, ext: &str) -> BTreeSet<String> {
    std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == ext))
        .map(|p| p.file_stem().unwrap().to_string_lossy().into_owned())
        .collect()
}

/// A decoded PNG: its size and its pixels as RGBA.
struct Image {
    width: u32,
    height: u32,
    rgba: Vec<[u8; 4]>,
}

fn decode_png(path: &Path) -> Image {
    let file = std::fs::File::open(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut decoder = png::Decoder::new(std::io::BufReader::new(file));
    decoder.set_transformations(png::Transformations::normalize_to_color8());
    let mut reader = decoder
        .read_info()
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut buffer = vec![0; reader.output_buffer_size()];
    let frame = reader
        .next_frame(&mut buffer)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let bytes = &buffer[..frame.buffer_size()];
    let rgba = match frame.color_type {
        png::ColorType::Rgba => bytes.chunks(4).map(|p| [p[0], p[1], p[2], p[3]]).collect(),
        png::ColorType::Rgb => bytes.chunks(3).map(|p| [p[0], p[1], p[2], 255]).collect(),
        png::ColorType::GrayscaleAlpha => {
            bytes.chunks(2).map(|p| [p[0], p[0], p[0], p[1]]).collect()
        }
        png::ColorType::Grayscale => bytes.iter().map(|&g| [g, g, g, 255]).collect(),
        png::ColorType::Indexed => unreachable!("expanded by normalize_to_color8"),
    };
    Image {
        width: frame.width,
        height: frame.height,
        rgba,
    }
}

/// Width and height of a PNG file.
fn png_size(path: &Path) -> (u32, u32) {
    let image = decode_png(path);
    (image.width, image.height)
}

#[test]
fn charts_are_non_blank_pngs_of_the_stated_size() {
    // The stated size: 1600 × 900 (src/render/charts/mod.rs; issue 4 asks at least 1600 wide).
    const STATED: (u32, u32) = (1600, 900);
    assert_eq!(
        (
            mobistat::render::charts::WIDTH,
            mobistat::render::charts::HEIGHT
        ),
        STATED
    );
    let w = demo();
    let run = w.run(&["report"]);
    assert_eq!(run.code, 1, "{}", run.all());
    let charts = w.path().join("reports/charts");
    let pngs = files_with(&charts, "png");
    let svgs = files_with(&charts, "svg");
    assert_eq!(pngs, svgs, "every chart in both formats");
    // The demo has data for every chart mobistat draws.
    for name in mobistat::render::charts::chart_names() {
        assert!(pngs.contains(name), "{name} missing from {pngs:?}");
    }
    let mut images: Vec<PathBuf> = pngs
        .iter()
        .map(|n| charts.join(format!("{n}.png")))
        .collect();
    images.push(w.path().join("reports/key_figures.png"));
    for path in &images {
        let image = decode_png(path);
        let name = path.file_name().unwrap().to_string_lossy();
        assert_eq!((image.width, image.height), STATED, "{name}");
        let mut counts: BTreeMap<[u8; 4], usize> = BTreeMap::new();
        for pixel in &image.rgba {
            *counts.entry(*pixel).or_default() += 1;
        }
        // The background is the most common colour; a drawn chart (bars, axes, lettering)
        // covers more than 3 % of the picture with other colours, and its palette, text
        // antialiasing and gridlines give far more than 8 distinct colours.
        let background = counts.values().max().copied().unwrap();
        let drawn = image.rgba.len() - background;
        assert!(
            drawn * 100 >= image.rgba.len() * 3,
            "{name}: only {drawn} of {} pixels differ from the background",
            image.rgba.len()
        );
        assert!(counts.len() > 8, "{name}: only {} colours", counts.len());
    }
    let mut vectors: Vec<PathBuf> = svgs
        .iter()
        .map(|n| charts.join(format!("{n}.svg")))
        .collect();
    vectors.push(w.path().join("reports/key_figures.svg"));
    for path in &vectors {
        let name = path.file_name().unwrap().to_string_lossy();
        let svg = std::fs::read_to_string(path).unwrap();
        assert!(
            svg.starts_with("<svg"),
            "{name}: {}",
            &svg[..svg.len().min(80)]
        );
        // Text is drawn as outlines, so that the SVG needs no font.
        assert!(!svg.contains("<text"), "{name} has <text> elements");
        let without_namespace = svg.replace("http://www.w3.org/2000/svg", "");
        assert!(
            !without_namespace.contains("http"),
            "{name} names an address: {}",
            around(&without_namespace, without_namespace.find("http").unwrap())
        );
    }
}

#[test]
fn charts_and_report_are_byte_identical_between_runs() {
    let (a, b) = (demo(), demo());
    a.run(&["report"]);
    b.run(&["report"]);
    let listing = |w: &Workdir| -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(w.path().join("reports/charts"))
            .unwrap()
            .map(|e| {
                format!(
                    "reports/charts/{}",
                    e.unwrap().file_name().to_string_lossy()
                )
            })
            .collect();
        names.sort();
        names
    };
    let mut names = listing(&a);
    assert_eq!(names, listing(&b));
    // Every chart in two formats at least; the test would be empty without them.
    assert!(
        names.len() >= 2 * mobistat::render::charts::chart_names().len(),
        "{names:?}"
    );
    names.extend(
        ["key_figures.png", "key_figures.svg", "report.html"].map(|f| format!("reports/{f}")),
    );
    for name in names {
        let bytes = |w: &Workdir| {
            std::fs::read(w.path().join(&name)).unwrap_or_else(|e| panic!("{name}: {e}"))
        };
        assert!(bytes(&a) == bytes(&b), "{name} differs between two runs");
    }
}

/// What a reader of report.html sees: the text outside the tags, without the styles, each
/// chart's SVG replaced by its `<title>` and `<desc>` (its lettering is drawn as outlines, so
/// those are its only text), entities decoded. One line per run of text.
fn visible_text(html: &str) -> String {
    let mut text = String::new();
    let mut rest = html;
    // The styles, then the charts: replaced by nothing and by their accessible texts.
    while let Some(start) = rest.find("<style") {
        text.push_str(&rest[..start]);
        let end = rest[start..].find("</style>").unwrap() + start + "</style>".len();
        rest = &rest[end..];
    }
    text.push_str(rest);
    let mut without_svg = String::new();
    let mut rest = text.as_str();
    while let Some(start) = rest.find("<svg") {
        without_svg.push_str(&rest[..start]);
        let end = rest[start..].find("</svg>").unwrap() + start + "</svg>".len();
        let svg = &rest[start..end];
        for element in ["title", "desc"] {
            let (open, close) = (format!("<{element}"), format!("</{element}>"));
            for (at, _) in svg.match_indices(&open) {
                let from = svg[at..].find('>').unwrap() + at + 1;
                let to = svg[from..].find(&close).unwrap() + from;
                without_svg.push('\n');
                without_svg.push_str(&svg[from..to]);
                without_svg.push('\n');
            }
        }
        rest = &rest[end..];
    }
    without_svg.push_str(rest);
    // Tags become line breaks: their text never runs into the next element's.
    let mut lines = String::new();
    let mut in_tag = false;
    for c in without_svg.chars() {
        match (c, in_tag) {
            ('<', _) => {
                in_tag = true;
                lines.push('\n');
            }
            ('>', true) => in_tag = false,
            (c, false) => lines.push(c),
            (_, true) => {}
        }
    }
    let decoded = lines
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#x27;", "'")
        .replace("&#39;", "'")
        .replace("&amp;", "&");
    decoded
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

/// Where `word` occurs in `text` as a whole word (not inside a longer one).
fn whole_words<'a>(text: &'a str, word: &'a str) -> impl Iterator<Item = usize> + 'a {
    let is_word = |c: char| c.is_alphanumeric() || c == '_';
    text.match_indices(word)
        .map(|(at, _)| at)
        .filter(move |&at| {
            let before = text[..at].chars().next_back();
            let after = text[at + word.len()..].chars().next();
            !before.is_some_and(is_word) && !after.is_some_and(is_word)
        })
}

/// Tool talk found in the visible text of a report in `lang`: each hit with its context.
fn tool_talk(text: &str, lang: &str) -> Vec<String> {
    let mut words: Vec<String> = ["--", "mobistat.toml", "[targets]", "rules."]
        .map(String::from)
        .to_vec();
    for indicator in Indicator::ALL {
        // An id of one plain word ("nationalities", "targets") is an English word, the same
        // as the id: it can only be told for an id in the French report.
        if indicator.id().contains('_') || lang == "fr" {
            words.push(indicator.id().to_string());
        }
        for column in indicator.columns() {
            if column.name.contains('_') {
                words.push(column.name.to_string());
            }
        }
    }
    words.sort();
    words.dedup();
    let mut found = Vec::new();
    for word in &words {
        let hits: Vec<usize> = if word.chars().all(|c| c.is_alphanumeric() || c == '_') {
            whole_words(text, word).collect()
        } else {
            text.match_indices(word.as_str())
                .map(|(at, _)| at)
                .collect()
        };
        for at in hits {
            found.push(format!("{word:?} in …{}…", around(text, at)));
        }
    }
    found
}

/// Every preset's report.html, in both languages, on `w`: the visible texts by label.
fn every_report(w: &Workdir, name: &str) -> Vec<(String, String)> {
    use clap::ValueEnum;
    let mut reports = Vec::new();
    for preset in Preset::value_variants() {
        for lang in ["fr", "en"] {
            let run = w.run(&["report", "--preset", preset.as_str(), "--lang", lang]);
            // The demo holds deliberately bad rows: exit code 1.
            assert_eq!(run.code, 1, "{}", run.all());
            let label = format!("{name}, {}, {lang}", preset.as_str());
            reports.push((label, visible_text(&w.read("reports/report.html"))));
        }
    }
    reports
}

/// Fails on any tool talk in the reports, listing every hit.
fn assert_no_tool_talk(reports: &[(String, String)]) {
    let mut found = Vec::new();
    for (label, text) in reports {
        let lang = &label[label.len() - 2..];
        found.extend(
            tool_talk(text, lang)
                .into_iter()
                .map(|hit| format!("{label}: {hit}")),
        );
    }
    assert!(
        found.is_empty(),
        "tool talk in report.html:\n{}",
        found.join("\n")
    );
}

/// The harness can fail: the visible text keeps a chart's title and description but not its
/// styles or outlines, and the check finds each kind of tool talk.
#[test]
fn the_visible_text_check_finds_tool_talk() {
    let html = "<html><head><style>:root { --accent: #123; }</style><title>T</title></head>\
        <body><p>Set it with --year &amp; more</p><svg><title id=\"a\">Top destinations</title>\
        <desc>mobile_graduates rose</desc><path d=\"M0 0\"/></svg><p>l&#x27;objectif</p></body>";
    let text = visible_text(html);
    assert_eq!(
        text,
        "T\nSet it with --year & more\nTop destinations\nmobile_graduates rose\nl'objectif"
    );
    let hits = tool_talk(&text, "en");
    assert_eq!(hits.len(), 2, "{hits:?}");
    assert!(hits[0].starts_with("\"--\"") && hits[1].starts_with("\"mobile_graduates\""));
    // A plain-word id is tool talk in French only; part of a longer word is not an id.
    assert_eq!(
        tool_talk("12 nationalities; top_destinationsx", "en").len(),
        0
    );
    assert_eq!(tool_talk("12 nationalities", "fr").len(), 1);
}

/// Issue 12: report.html speaks to its readers, on the demo and on an office's partial inputs.
#[test]
fn report_html_has_no_tool_talk_on_the_demo() {
    let reports = every_report(&demo(), "demo");
    assert_no_tool_talk(&reports);
    // The demo gives data for every section: nothing is listed as not available.
    for (label, text) in &reports {
        for heading in ["Chiffres non disponibles", "Figures not available"] {
            assert!(!text.contains(heading), "{label}");
        }
    }
}

#[test]
fn report_html_has_no_tool_talk_and_lists_what_is_missing_without_incoming_and_staff_inputs() {
    let w = crate::demo::demo_without_incoming_and_staff();
    let reports = every_report(&w, "no incoming or staff input");
    assert_no_tool_talk(&reports);
    let text = |label: &str| {
        &reports
            .iter()
            .find(|(l, _)| l == label)
            .unwrap_or_else(|| panic!("{label}"))
            .1
    };
    // The full report leaves out the sections that count only the missing lists, and names
    // them once, at the end, with why; the terminal says it too.
    let en = text("no incoming or staff input, full, en");
    let list = &en[en.find("Figures not available\nThese sections").unwrap()..];
    assert!(
        list.contains(
            "Top origins: no incoming mobility list was provided.\n\
             Staff mobility: no staff mobility list was provided.\nData quality"
        ),
        "{list}"
    );
    assert_eq!(
        en.matches("Top origins").count(),
        1,
        "no section, no link: the list only"
    );
    let fr = text("no incoming or staff input, full, fr");
    assert!(
        fr.contains(
            "Principaux pays d'origine : aucune liste de mobilités entrantes n'a été fournie."
        ),
        "{fr}"
    );
    let run = w.run(&["report"]);
    assert!(
        run.stdout.contains(
            "note : report.html laisse de côté 2 sections sans rien à montrer et les énumère à la \
             fin : top_origins, staff_mobility"
        ),
        "{}",
        run.all()
    );
}

/// Issue 12: without targets, the report has no targets block (it lists it as not available)
/// and the terminal, not the page, says how to set them.
#[test]
fn without_targets_the_terminal_says_how_to_set_them() {
    let w = demo();
    let config = w.read("mobistat.toml");
    // The demo's [targets] section runs to the first blank line.
    let start = config.find("\n[targets]\n").unwrap();
    let end = config[start + 1..].find("\n\n").unwrap() + start + 1;
    w.write(
        "mobistat.toml",
        &format!("{}{}", &config[..start], &config[end..]),
    );
    let run = w.run(&["report", "--lang", "en", "--preset", "leadership"]);
    assert_eq!(run.code, 1, "{}", run.all());
    assert!(
        run.stdout.contains(
            "note: no targets are set; add a [targets] section to mobistat.toml (for example \
             outgoing_rate_pct = 100) to compare the key figures with the school's goals"
        ),
        "{}",
        run.all()
    );
    assert!(
        run.stdout.contains("lists them at its end: targets\n"),
        "{}",
        run.all()
    );
    let html = w.read("reports/report.html");
    assert!(!html.contains("<section id=\"targets\""));
    let text = visible_text(&html);
    assert!(
        text.contains("Targets: no target was set for 2024-2025."),
        "{text}"
    );
    assert_eq!(tool_talk(&text, "en"), Vec::<String>::new());
}
