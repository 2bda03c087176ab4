//! Which side of a two-sided mobility row is the institution: its Erasmus code, OID or PIC on
//! one side, else its country on exactly one side (else the sending side when both are home).

use super::{Home, Note};
use crate::i18n::Message;
use crate::normalise::country::country_code;
use crate::normalise::erasmus_code::normalise_erasmus_code;
use crate::validate::{Rule, Severity};
use std::collections::HashMap;

/// What a row says about one side (sending or receiving organisation).
#[derive(Debug, Default, Clone, PartialEq)]
pub(crate) struct Side {
    pub erasmus_code: Option<String>,
    pub oid: Option<String>,
    pub pic: Option<String>,
    pub country: Option<String>,
}

/// The home institution's side of a row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Ours {
    Sending,
    Receiving,
}

/// Reads sides, remembering each distinct code and country spelling's normal form: an export
/// repeats a few hundred institutions over thousands of rows.
#[derive(Debug, Default)]
pub(crate) struct SideReader {
    codes: HashMap<String, Option<String>>,
    countries: HashMap<String, Option<&'static str>>,
}

/// Distinct spellings remembered (memory stays bounded on a column of unique values).
const MEMO_LIMIT: usize = 50_000;

impl SideReader {
    /// A side from the row's texts (any spelling of code and country).
    pub fn read(
        &mut self,
        code: Option<String>,
        oid: Option<String>,
        pic: Option<String>,
        country: Option<String>,
    ) -> Side {
        Side {
            erasmus_code: code.and_then(|c| memo(&mut self.codes, c, normalise_erasmus_code)),
            oid: oid.map(|o| o.trim().to_ascii_uppercase()),
            pic: pic.map(|p| p.trim().to_string()),
            country: country
                .and_then(|c| memo(&mut self.countries, c, country_code))
                .map(str::to_string),
        }
    }
}

fn memo<T: Clone>(map: &mut HashMap<String, T>, key: String, f: impl Fn(&str) -> T) -> T {
    if let Some(hit) = map.get(&key) {
        return hit.clone();
    }
    let value = f(&key);
    if map.len() < MEMO_LIMIT {
        map.insert(key, value.clone());
    }
    value
}

impl Side {
    fn is_home_institution(&self, home: &Home) -> bool {
        let same =
            |a: &Option<String>, b: &Option<String>| matches!((a, b), (Some(a), Some(b)) if a == b);
        same(&self.erasmus_code, &home.erasmus_code)
            || same(&self.oid, &home.oid)
            || same(&self.pic, &home.pic)
    }
}

/// Which side is ours, or why it cannot be told.
pub(crate) fn our_side(home: &Home, sending: &Side, receiving: &Side) -> Result<Ours, Message> {
    match (
        sending.is_home_institution(home),
        receiving.is_home_institution(home),
    ) {
        (true, false) => return Ok(Ours::Sending),
        (false, true) => return Ok(Ours::Receiving),
        _ => {}
    }
    let at_home = |s: &Side| s.country.as_deref() == Some(home.country.as_str());
    match (at_home(sending), at_home(receiving)) {
        // A mobility inside the home country: the file is the sender's report.
        (true, _) => Ok(Ours::Sending),
        (false, true) => Ok(Ours::Receiving),
        (false, false) => {
            let country = |m: Message, name, s: &Side| match &s.country {
                Some(c) => m.with(name, c),
                None => m.with_word(name, "message.profile.no_country"),
            };
            let m = Message::new("profile.neither_side_ours").with("home", &home.country);
            let m = country(m, "sending", sending);
            Err(country(m, "receiving", receiving))
        }
    }
}

/// The row's direction and the partner's side (`T`: a layout's columns of one organisation).
/// When neither side is ours, a note rejecting the row is added, blaming the column `blame`
/// (the sending country), and the partner is `T::default()`.
pub(crate) fn direction_and_partner<T: Copy + Default>(
    home: &Home,
    (sending, receiving): (&Side, &Side),
    (sending_cols, receiving_cols): (T, T),
    blame: (Option<usize>, Option<String>),
    notes: &mut Vec<Note>,
) -> (&'static str, T) {
    match our_side(home, sending, receiving) {
        Ok(Ours::Sending) => ("outgoing", receiving_cols),
        Ok(Ours::Receiving) => ("incoming", sending_cols),
        Err(message) => {
            notes.push(Note {
                column: blame.0,
                severity: Severity::Error,
                rule: Rule::RequiredMissing,
                value: blame.1.unwrap_or_default(),
                message,
            });
            ("", T::default())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn side(code: &str, country: &str) -> Side {
        SideReader::default().read(Some(code.into()), None, None, Some(country.into()))
    }

    #[test]
    fn the_institution_code_wins_over_countries() {
        let home = Home {
            country: "FR".into(),
            erasmus_code: Some("F  PARIS001".into()),
            ..Default::default()
        };
        // Both sides in France: only the code tells.
        assert_eq!(
            our_side(
                &home,
                &side("F LYON01", "FR"),
                &side("F PARIS001", "France")
            ),
            Ok(Ours::Receiving)
        );
        assert_eq!(
            our_side(&home, &side("F PARIS001", "FR"), &side("D BERLIN01", "DE")),
            Ok(Ours::Sending)
        );
        let by_country = Home {
            country: "FR".into(),
            ..Default::default()
        };
        assert_eq!(
            our_side(
                &by_country,
                &side("D BERLIN01", "DE"),
                &side("F PARIS001", "FR")
            ),
            Ok(Ours::Receiving)
        );
        let err = our_side(
            &by_country,
            &side("D BERLIN01", "DE"),
            &side("E MADRID03", "ES"),
        );
        assert!(err
            .unwrap_err()
            .render(crate::i18n::Language::En)
            .contains("neither the sending (DE) nor the receiving side (ES)"));
    }
}
