//! The app's one page and its assets, embedded in the binary: no CDN, no network request,
//! working offline. The page is a minijinja template filled in the screens' language; its
//! script reads the words it needs from a JSON block of the page (the page holds no inline
//! code, so its Content-Security-Policy forbids any).

use crate::i18n::{self, Language};
use minijinja::Environment;
use std::collections::BTreeMap;
use std::path::Path;

const PAGE: &str = include_str!("assets/page.html");
const SCRIPT: &str = include_str!("assets/app.js");
const STYLE: &str = include_str!("assets/app.css");
const ICON: &str = include_str!("assets/icon.svg");

/// The page in `lang`, carrying the session token its script sends with each change.
pub fn render(lang: Language, session: &str, project: &Path) -> String {
    let mut env = Environment::new();
    env.set_auto_escape_callback(|_| minijinja::AutoEscape::Html);
    env.add_template("page.html", PAGE)
        .expect("the page template is valid");
    env.add_function("t", move |key: &str| i18n::text(lang, key));
    // The words of the screens, and the report presets' names, for the script.
    let strings: BTreeMap<&str, String> = i18n::keys()
        .filter(|k| k.starts_with("app.") || k.starts_with("preset."))
        .map(|k| (k, i18n::text(lang, k)))
        .collect();
    let other = match lang {
        Language::Fr => "en",
        Language::En => "fr",
    };
    env.get_template("page.html")
        .and_then(|t| {
            t.render(minijinja::context! {
                lang => lang.code(),
                other => other,
                session => session,
                header => super::guard::SESSION_HEADER,
                project => project.display().to_string(),
                strings => minijinja::Value::from_safe_string(script_json(&strings)),
            })
        })
        .unwrap_or_else(|e| panic!("the page renders: {e:#}"))
}

/// JSON safe inside a `<script>` block: no "</script>" or comment opener can end it early.
fn script_json(value: &impl serde::Serialize) -> String {
    serde_json::to_string(value)
        .expect("strings serialise")
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

/// An embedded asset by name: its content type and text.
pub fn asset(name: &str) -> Option<(&'static str, &'static str)> {
    match name {
        "app.js" => Some(("text/javascript; charset=utf-8", SCRIPT)),
        "app.css" => Some(("text/css; charset=utf-8", STYLE)),
        "icon.svg" => Some(("image/svg+xml", ICON)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_page_speaks_the_reader_s_language_and_has_no_inline_code_or_outside_address() {
        let fr = render(Language::Fr, "s1", Path::new("/p"));
        assert!(fr.contains("<html lang=\"fr\">"));
        assert!(fr.contains("Lancer le contrôle"));
        assert!(fr.contains("content=\"s1\""));
        let en = render(Language::En, "s1", Path::new("/p"));
        assert!(en.contains("Run the check"));
        for page in [&fr, &en] {
            // Scripts only by address (the JSON block is data, not code).
            for tag in page.split("<script").skip(1) {
                let head = &tag[..tag.find('>').unwrap()];
                assert!(
                    head.contains("src=\"/assets/") || head.contains("application/json"),
                    "{head}"
                );
            }
            assert!(!page.contains("http://") && !page.contains("https://"));
            assert!(
                !page.contains("⟦"),
                "a word is missing from the translation table"
            );
        }
        assert!(!SCRIPT.contains("http://") && !SCRIPT.contains("https://"));
        assert!(!STYLE.contains("url(http"));
    }
}
