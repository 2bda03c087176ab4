//! Sheet names Excel accepts, made from titles in the report language: at most 31 characters,
//! none of `[]:*?/\`, no apostrophe at either end, unique within the workbook (Excel compares
//! names without case), and the same on every run for the same titles in the same order.

/// Excel's limit on a sheet name, in characters.
const MAX_CHARS: usize = 31;

/// Hands out sheet names in the order the sheets are written, each different from the ones
/// before it.
#[derive(Default)]
pub(super) struct SheetNames {
    /// The names given so far, lowercased.
    taken: Vec<String>,
}

impl SheetNames {
    /// A valid sheet name for `title` that no earlier sheet has: the title made valid, then
    /// " (2)", " (3)"... when it is already taken.
    pub(super) fn unique(&mut self, title: &str) -> String {
        let base = valid(title);
        let mut name = base.clone();
        let mut n = 2;
        while self.is_taken(&name) {
            let suffix = format!(" ({n})");
            let room = MAX_CHARS - suffix.chars().count();
            name = format!("{}{suffix}", shorten(&base, room));
            n += 1;
        }
        self.taken.push(name.to_lowercase());
        name
    }

    fn is_taken(&self, name: &str) -> bool {
        let lower = name.to_lowercase();
        // Excel keeps "History" for its change tracking.
        lower == "history" || self.taken.contains(&lower)
    }
}

/// `title` with the characters Excel refuses replaced (brackets by parentheses, the rest by
/// "-"), spaces collapsed, end apostrophes removed, and cut to 31 characters.
fn valid(title: &str) -> String {
    let replaced: String = title
        .chars()
        .map(|c| match c {
            '[' => '(',
            ']' => ')',
            ':' | '*' | '?' | '/' | '\\' => '-',
            c if c.is_control() => ' ',
            c => c,
        })
        .collect();
    let collapsed = replaced.split_whitespace().collect::<Vec<_>>().join(" ");
    let trimmed = collapsed.trim_matches('\'').trim();
    if trimmed.is_empty() {
        // A sheet needs a name; a title of nothing but refused characters is not expected.
        return "-".to_string();
    }
    shorten(trimmed, MAX_CHARS)
}

/// `text` in at most `max` characters: cut at the last space that leaves room for "…" (so
/// no word is cut in half), or inside the word when the first word alone is too long.
fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let head: String = text.chars().take(max - 1).collect();
    let cut = match head.rfind(' ') {
        Some(i) if i > 0 => head[..i].trim_end(),
        _ => head.as_str(),
    };
    format!("{cut}…")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_titles_stay_as_they_are() {
        let mut names = SheetNames::default();
        assert_eq!(names.unique("Flux de mobilité"), "Flux de mobilité");
        assert_eq!(
            names.unique("Principaux pays d'origine"),
            "Principaux pays d'origine"
        );
    }

    #[test]
    fn refused_characters_are_replaced_and_long_titles_cut_between_words() {
        let mut names = SheetNames::default();
        assert_eq!(
            names.unique("KA131/KA171: [total]?"),
            "KA131-KA171- (total)-"
        );
        assert_eq!(names.unique("'quoted'"), "quoted");
        // 51 characters; the first 30 are "Mobilité internationale de cr", whose last space
        // comes after "de": 26 characters and "…" make 27.
        let long = "Mobilité internationale de crédits (KA171) par pays";
        assert_eq!(names.unique(long), "Mobilité internationale de…");
        // One 40-letter word is cut inside: 30 letters and "…".
        let word = "a".repeat(40);
        assert_eq!(names.unique(&word), format!("{}…", "a".repeat(30)));
    }

    #[test]
    fn repeated_names_get_a_number_whatever_their_case() {
        let mut names = SheetNames::default();
        assert_eq!(names.unique("Objectifs"), "Objectifs");
        assert_eq!(names.unique("objectifs"), "objectifs (2)");
        assert_eq!(names.unique("Objectifs"), "Objectifs (3)");
        assert_eq!(names.unique("History"), "History (2)");
        // A 31-character name is cut to 27 to leave room for " (2)".
        let full = "Nationalités des internationaux";
        assert_eq!(names.unique(full), full);
        assert_eq!(names.unique(full), "Nationalités des… (2)");
        for name in &names.taken {
            assert!(name.chars().count() <= MAX_CHARS, "{name}");
        }
    }
}
