//! The Erasmus+ unit costs as data: the shipped amounts (`rates.toml`, each citing its source)
//! and the office's own (`[[grant_rates]]` in mobistat.toml: the amounts a National Agency
//! fixes within the Programme Guide's ranges), looked up by key, key action and call year.

use serde::Deserialize;

/// A key action of the Erasmus+ mobility projects.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Action {
    /// Learning mobility within Europe (and its international strand).
    Ka131,
    /// International Credit Mobility, with third countries not associated to the programme.
    Ka171,
}

impl Action {
    /// Its name in project references and in the rates ("KA131").
    pub fn as_str(self) -> &'static str {
        match self {
            Action::Ka131 => "KA131",
            Action::Ka171 => "KA171",
        }
    }
}

/// One amount: what it pays (`key`), for which key action ("KA131", "KA171" or "any") and
/// calls, and where it comes from.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Amount {
    pub key: String,
    pub action: String,
    /// The first and last call years it applies to.
    pub calls: [i32; 2],
    /// Euros, or a number of days or a share where the key says so.
    pub eur: f64,
    /// Where the amount comes from: the Guide's edition and section, the agency's decision.
    pub source: String,
}

impl Amount {
    fn applies(&self, key: &str, action: Action, call: i32) -> bool {
        self.key == key
            && (self.action == "any" || self.action == action.as_str())
            && (self.calls[0]..=self.calls[1]).contains(&call)
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    amount: Vec<Amount>,
}

/// The shipped amounts, each citing its source.
const SHIPPED: &str = include_str!("rates.toml");

/// The amounts mobistat applies: the office's first, then the shipped ones.
#[derive(Debug, Clone, PartialEq)]
pub struct Rates {
    amounts: Vec<Amount>,
    /// Key → the positions of its amounts, in order (a lookup per mobility and heading).
    index: std::collections::HashMap<String, Vec<usize>>,
}

impl Default for Rates {
    fn default() -> Self {
        Rates::with_office(Vec::new())
    }
}

impl Rates {
    /// The shipped amounts, after `office`'s (which win where both apply).
    pub fn with_office(mut office: Vec<Amount>) -> Rates {
        let shipped: File = toml::from_str(SHIPPED).expect("rates.toml parses");
        office.extend(shipped.amount);
        let mut index: std::collections::HashMap<String, Vec<usize>> = Default::default();
        for (i, a) in office.iter().enumerate() {
            index.entry(a.key.clone()).or_default().push(i);
        }
        Rates {
            amounts: office,
            index,
        }
    }

    /// The amount of `key` for `action` in the call of `call`, if any applies.
    pub fn get(&self, key: &str, action: Action, call: i32) -> Option<&Amount> {
        self.index
            .get(key)?
            .iter()
            .map(|&i| &self.amounts[i])
            .find(|a| a.applies(key, action, call))
    }

    /// Every amount, the office's first.
    pub fn all(&self) -> &[Amount] {
        &self.amounts
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_shipped_amount_cites_a_source_and_keys_are_known() {
        let rates = Rates::default();
        assert!(rates.all().len() > 30);
        for a in rates.all() {
            assert!(a.source.len() > 20, "{a:?}");
            assert!(a.calls[0] <= a.calls[1], "{a:?}");
            assert!(
                ["any", "KA131", "KA171"].contains(&a.action.as_str()),
                "{a:?}"
            );
            assert!(a.eur > 0.0, "{a:?}");
        }
        // One amount per key, action and call: no two shipped amounts overlap.
        for (i, a) in rates.all().iter().enumerate() {
            for b in &rates.all()[i + 1..] {
                let overlap = a.key == b.key
                    && (a.action == b.action || a.action == "any" || b.action == "any")
                    && a.calls[0] <= b.calls[1]
                    && b.calls[0] <= a.calls[1];
                assert!(!overlap, "{a:?} and {b:?} overlap");
            }
        }
    }

    #[test]
    fn the_office_amounts_win_and_calls_select() {
        let org = |r: &Rates, call| {
            r.get("organisational_support.first_100", Action::Ka131, call)
                .map(|a| a.eur)
        };
        let shipped = Rates::default();
        assert_eq!(org(&shipped, 2024), Some(400.0));
        assert_eq!(org(&shipped, 2023), None);
        assert_eq!(
            shipped
                .get("student.short.day_1_14", Action::Ka171, 2022)
                .map(|a| a.eur),
            Some(70.0)
        );
        let office = Rates::with_office(vec![Amount {
            key: "organisational_support.first_100".into(),
            action: "KA131".into(),
            calls: [2023, 2023],
            eur: 350.0,
            source: "the 2023 grant agreement, annex III".into(),
        }]);
        assert_eq!(org(&office, 2023), Some(350.0));
        assert_eq!(org(&office, 2024), Some(400.0));
    }
}
