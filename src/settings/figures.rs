//! The reporting year and the targets, validated once at the boundary: the year becomes an
//! [`AcademicYear`], each target a [`KeyFigure`], and an error names where the bad value came
//! from (the config file's line, or the command-line flag).

use crate::error::{Error, Result};
use crate::i18n::{fill, Language, Message};
use crate::indicators::KeyFigure;
use crate::normalise::academic_year::{AcademicYear, BareYear};
use std::collections::BTreeMap;
use std::ops::Range;
use toml::Spanned;

/// The config file being read, to name the line a value stands on.
#[derive(Debug, Clone, Copy)]
pub struct ConfigSource<'a> {
    /// The file as the user named it ("mobistat.toml"), or "command line" when there is none.
    pub name: &'a str,
    /// Its text (empty when there is no file).
    pub text: &'a str,
    /// The language the places are named in ("line 12", "ligne 12").
    pub lang: Language,
}

impl ConfigSource<'_> {
    /// "mobistat.toml, line 29": where the value at `span` stands.
    fn at(&self, span: Range<usize>) -> String {
        let before = self.text.get(..span.start).unwrap_or(self.text);
        self.line(before.matches('\n').count() + 1)
    }

    /// "mobistat.toml, line 12", in the config's language.
    fn line(&self, number: usize) -> String {
        let line = fill(self.lang, "location.line", &[("line", &number.to_string())]);
        format!("{}, {line}", self.name)
    }

    /// Where `key` is set: its first line `key = …` in the file ("mobistat.toml, line 12"), or
    /// the file alone when no line starts with it (a key inside an inline table).
    pub(super) fn at_key(&self, key: &str) -> String {
        let line = self.text.lines().position(|line| {
            line.trim_start()
                .strip_prefix(key)
                .is_some_and(|rest| rest.trim_start().starts_with('='))
        });
        match line {
            Some(n) => self.line(n + 1),
            None => self.name.to_string(),
        }
    }

    /// Where a setting came from: its command-line flag when that was given, else its line.
    pub(super) fn source(&self, flag: Option<&str>, key: &str) -> String {
        flag.map_or_else(|| self.at_key(key), str::to_string)
    }
}

/// The reporting year: the command line's `--year` if given, else the config's
/// `reporting_year`; with where it was asked ("--year" or the config's line).
pub(super) fn reporting_year(
    flag: Option<&str>,
    file: Option<&Spanned<String>>,
    config: ConfigSource,
) -> Result<Option<(AcademicYear, String)>> {
    let parse = |text: &str| AcademicYear::parse(text, BareYear::Starts);

    match (flag, file) {
        (Some(text), _) => match parse(text) {
            Some(year) => Ok(Some((year, "--year".to_string()))),
            None => Err(Error::Config {
                path: "--year".into(),
                message: Message::new("config.not_a_year").with("value", text),
            }),
        },
        (None, Some(value)) => {
            let at = config.at(value.span());
            match parse(value.get_ref()) {
                Some(year) => Ok(Some((year, at))),
                None => Err(Error::Config {
                    path: at,
                    message: Message::new("config.reporting_year_not_a_year")
                        .with("value", value.get_ref()),
                }),
            }
        }
        (None, None) => Ok(None),
    }
}

/// The config's `[targets]`, each on a key figure; an unknown name is an error naming its line
/// and the closest key figure.
pub(super) fn targets(
    raw: &BTreeMap<Spanned<String>, f64>,
    config: ConfigSource,
) -> Result<BTreeMap<KeyFigure, f64>> {
    raw.iter()
        .map(|(name, value)| match KeyFigure::from_id(name.get_ref()) {
            Some(figure) => Ok((figure, *value)),
            None => {
                let ids: Vec<&str> = KeyFigure::ALL.iter().map(|k| k.id()).collect();
                let close = ids
                    .iter()
                    .min_by_key(|k| strsim::levenshtein(k, name.get_ref()))
                    .expect("key figures");
                Err(Error::Config {
                    path: format!("{} ([targets])", config.at(name.span())),
                    message: Message::new("config.not_a_key_figure")
                        .with("name", name.get_ref())
                        .with("close", close)
                        .with("ids", ids.join(", ")),
                })
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Deserialize)]
    struct File {
        reporting_year: Option<Spanned<String>>,
        #[serde(default)]
        targets: BTreeMap<Spanned<String>, f64>,
    }

    const TEXT: &str = "institution = \"x\"\nreporting_year = \"2024\"\n\n[targets]\npartners = 150\nstaf_abroad = 20\n";

    fn config() -> ConfigSource<'static> {
        ConfigSource {
            name: "mobistat.toml",
            text: TEXT,
            lang: Language::En,
        }
    }

    #[test]
    fn the_year_from_the_flag_or_the_file() {
        let file: File = toml::from_str(TEXT).unwrap();
        // A bare year is the one the academic year starts in.
        let (year, from) = reporting_year(None, file.reporting_year.as_ref(), config())
            .unwrap()
            .unwrap();
        assert_eq!(
            (year.to_string(), from.as_str()),
            ("2024-2025".into(), "mobistat.toml, line 2")
        );
        let year = reporting_year(Some("2022-2023"), file.reporting_year.as_ref(), config());
        let (year, from) = year.unwrap().unwrap();
        assert_eq!(
            (year.to_string(), from.as_str()),
            ("2022-2023".into(), "--year")
        );
        let err = reporting_year(Some("next year"), None, config()).unwrap_err();
        assert_eq!(
            err.to_string(),
            "--year: \"next year\" is not an academic year (write it as 2024-2025)"
        );
        let text = "\n\nreporting_year = \"soon\"";
        let bad: File = toml::from_str(text).unwrap();
        let source = ConfigSource {
            name: "mobistat.toml",
            text,
            lang: Language::En,
        };
        let err = reporting_year(None, bad.reporting_year.as_ref(), source).unwrap_err();
        assert_eq!(
            err.to_string(),
            "mobistat.toml, line 3: reporting_year \"soon\" is not an academic year (write it as 2024-2025)"
        );
    }

    #[test]
    fn targets_are_key_figures_and_a_typo_names_its_line() {
        let file: File = toml::from_str(TEXT).unwrap();
        let err = targets(&file.targets, config()).unwrap_err().to_string();
        assert!(
            err.starts_with("mobistat.toml, line 6 ([targets]): \"staf_abroad\" is not a key figure (did you mean \"staff_abroad\"?"),
            "{err}"
        );
        let good: File = toml::from_str("[targets]\npartners = 150\nstaff_abroad = 20\n").unwrap();
        let typed = targets(&good.targets, config()).unwrap();
        assert_eq!(
            typed.into_iter().collect::<Vec<_>>(),
            [(KeyFigure::Partners, 150.0), (KeyFigure::StaffAbroad, 20.0)]
        );
    }
}
