//! A sentence for the office, kept as a key of the translation table and its arguments until
//! an output phrases it: the same issue reads in French in a French `data_quality.csv` and in
//! English in an English one, and a test checks that every key the code uses is translated.

use super::{fill, text, Language};
use crate::error::Location;

/// A sentence of the translation table (under `message.`) with the values of its `{name}`
/// placeholders.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Message {
    key: &'static str,
    args: Vec<(&'static str, Arg)>,
}

/// The value of one placeholder.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
enum Arg {
    /// Written as it is: a value read from a file, a number, a date.
    Verbatim(String),
    /// A word of the translation table (a field's label, a vocabulary value).
    Word(String),
    /// A sentence within the sentence ("{problem}; the row is rejected").
    Sentence(Box<Message>),
    /// A place in the inputs ("in.csv, row 12").
    Place(Box<Location>),
    /// Sentences joined by the separator of the table's key `message.separator.{name}`
    /// ("mobilities 2021-2022 to 2024-2025; enrolments ...").
    List(Vec<Message>, &'static str),
}

impl Message {
    /// The sentence `message.{key}` of the translation table, before its arguments.
    pub fn new(key: &'static str) -> Message {
        Message {
            key,
            args: Vec::new(),
        }
    }

    /// Fills `{name}` with `value`, written as it is.
    pub fn with(mut self, name: &'static str, value: impl ToString) -> Message {
        self.args.push((name, Arg::Verbatim(value.to_string())));
        self
    }

    /// Fills `{name}` with the translation of the table's `key` ("field.start_date").
    pub fn with_word(mut self, name: &'static str, key: impl Into<String>) -> Message {
        self.args.push((name, Arg::Word(key.into())));
        self
    }

    /// Fills `{name}` with another sentence.
    pub fn with_sentence(mut self, name: &'static str, sentence: Message) -> Message {
        self.args.push((name, Arg::Sentence(Box::new(sentence))));
        self
    }

    /// Fills `{name}` with `items` joined by the separator `message.separator.{separator}`
    /// ("semicolon", "comma"), as the language writes it.
    pub fn with_list(
        mut self,
        name: &'static str,
        items: Vec<Message>,
        separator: &'static str,
    ) -> Message {
        self.args.push((name, Arg::List(items, separator)));
        self
    }

    /// Fills `{name}` with a place in the inputs.
    pub fn with_place(mut self, name: &'static str, place: Location) -> Message {
        self.args.push((name, Arg::Place(Box::new(place))));
        self
    }

    /// The sentence in English, for the unit tests' assertions.
    #[cfg(test)]
    pub fn en(&self) -> String {
        self.render(Language::En)
    }

    /// The key in the translation table, without its `message.` prefix.
    pub fn key(&self) -> &'static str {
        self.key
    }

    /// The sentence in `lang`.
    pub fn render(&self, lang: Language) -> String {
        let values: Vec<(&str, String)> = self
            .args
            .iter()
            .map(|(name, arg)| {
                let value = match arg {
                    Arg::Verbatim(v) => v.clone(),
                    Arg::Word(key) => text(lang, key),
                    Arg::Sentence(m) => m.render(lang),
                    Arg::Place(at) => at.phrase(lang),
                    Arg::List(items, separator) => items
                        .iter()
                        .map(|m| m.render(lang))
                        .collect::<Vec<_>>()
                        .join(&text(lang, &format!("message.separator.{separator}"))),
                };
                (*name, value)
            })
            .collect();
        let args: Vec<(&str, &str)> = values.iter().map(|(n, v)| (*n, v.as_str())).collect();
        let key = format!("message.{}", self.key);
        // A sentence whose placeholders and arguments differ is a slip in the code: caught
        // by every test that phrases it.
        debug_assert!(
            !super::has(&key) || {
                let mut names: Vec<&str> = self.args.iter().map(|(n, _)| *n).collect();
                names.sort();
                super::placeholders(&text(Language::En, &key)) == names
            },
            "{key}: the arguments differ from the sentence's placeholders"
        );
        fill(lang, &key, &args)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_in_each_language_with_words_and_nested_sentences() {
        let problem = Message::new("parse.not_a_date").with("value", "31/02/2024");
        let m = Message::new("row.rejected_required")
            .with_sentence("problem", problem)
            .with_word("field", "field.start_date");
        assert_eq!(
            m.render(Language::En),
            "\"31/02/2024\" is not a date (expected e.g. 15/09/2024 or 2024-09-15); the row is rejected because start date is required"
        );
        assert_eq!(
            m.render(Language::Fr),
            "« 31/02/2024 » n'est pas une date (par exemple 15/09/2024 ou 2024-09-15) ; la ligne est rejetée car le champ « date de début » est obligatoire"
        );
    }

    /// Every `Message::new("…")` in the sources names a sentence of the table, and fills
    /// exactly its placeholders where the arguments follow in the same expression.
    #[test]
    fn every_message_key_in_the_sources_is_translated() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut files = vec![root];
        let mut keys = Vec::new();
        while let Some(path) = files.pop() {
            if path.is_dir() {
                files.extend(std::fs::read_dir(&path).unwrap().map(|e| e.unwrap().path()));
            } else if path.extension().is_some_and(|e| e == "rs") && !path.ends_with("message.rs") {
                let source = std::fs::read_to_string(&path).unwrap();
                for part in source.split("Message::new(\"").skip(1) {
                    let key = part.split('"').next().unwrap().to_string();
                    keys.push((path.display().to_string(), key));
                }
            }
        }
        assert!(keys.len() > 30, "only {} messages found", keys.len());
        for (file, key) in keys {
            assert!(
                super::super::has(&format!("message.{key}")),
                "{file}: message.{key} is not in strings.toml"
            );
        }
    }

    // The check is a debug assertion: release builds (`cargo test --release`) leave it out.
    #[cfg(debug_assertions)]
    #[test]
    #[should_panic(expected = "differ from the sentence's placeholders")]
    fn arguments_must_match_the_placeholders() {
        Message::new("parse.not_a_date").render(Language::En);
    }

    #[test]
    fn a_missing_key_shows_as_missing() {
        assert_eq!(
            Message::new("no.such").render(Language::Fr),
            "⟦message.no.such⟧"
        );
    }
}
