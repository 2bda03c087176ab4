//! What is reconciled. The Beneficiary Module holds Erasmus+ mobilities only, so ours are kept
//! when funded by KA131 or KA171; when both sides name projects, ours of another project are
//! left out too (the export covers the projects it was taken from); `--from`/`--to` restrict
//! both sides to mobilities starting in a window. Every record left out is counted by reason.

use super::matching::Record;
use crate::i18n::Message;
use chrono::NaiveDate;
use std::collections::{BTreeMap, BTreeSet};

/// The fundings the Beneficiary Module manages.
pub const ERASMUS: [&str; 2] = ["erasmus_ka131", "erasmus_ka171"];

/// Start dates to reconcile, both ends included; none means open.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Window {
    /// The first start date kept.
    pub from: Option<NaiveDate>,
    /// The last start date kept.
    pub to: Option<NaiveDate>,
}

/// One side's records after scoping.
#[derive(Debug, Default)]
pub struct Scoped {
    /// The records reconciled, in their original order.
    pub kept: Vec<Record>,
    /// How many records the side had.
    pub total: usize,
    /// Records left out, by reason ("with funding bilateral").
    pub left_out: BTreeMap<Message, usize>,
}

impl Scoped {
    fn split(records: Vec<Record>, reason: impl Fn(&Record) -> Option<Message>) -> Scoped {
        let mut scoped = Scoped {
            total: records.len(),
            ..Scoped::default()
        };
        for record in records {
            match reason(&record) {
                Some(why) => *scoped.left_out.entry(why).or_default() += 1,
                None => scoped.kept.push(record),
            }
        }
        scoped
    }
}

/// A project reference as compared.
fn project_key(reference: &str) -> String {
    reference.trim().to_ascii_uppercase()
}

/// Why a record starting outside the window is left out. A record without a start date stays:
/// it cannot be placed, and leaving it out would hide it.
fn outside(record: &Record, window: Window) -> Option<Message> {
    let start = record.start?;
    match (window.from, window.to) {
        (Some(from), _) if start < from => {
            Some(Message::new("reconcile.before").with("date", from))
        }
        (_, Some(to)) if start > to => Some(Message::new("reconcile.after").with("date", to)),
        _ => None,
    }
}

/// The projects the Beneficiary Module's records name.
pub(crate) fn projects(bm: &[Record]) -> BTreeSet<String> {
    bm.iter()
        .filter_map(|r| r.project.as_deref().map(project_key))
        .filter(|p| !p.is_empty())
        .collect()
}

/// Scopes the Beneficiary Module's records: only the window applies.
pub(crate) fn scope_bm(records: Vec<Record>, window: Window) -> Scoped {
    Scoped::split(records, |r| outside(r, window))
}

/// Scopes our records: Erasmus+ funding, then the export's projects (when both sides name
/// one), then the window.
pub(crate) fn scope_ours(
    records: Vec<Record>,
    bm_projects: &BTreeSet<String>,
    window: Window,
) -> Scoped {
    Scoped::split(records, |r| {
        match r.funding.as_deref() {
            Some(f) if ERASMUS.contains(&f) => {}
            Some(f) => return Some(Message::new("reconcile.funding").with("funding", f)),
            None => return Some(Message::new("reconcile.no_funding")),
        }
        if let Some(project) = r.project.as_deref().map(project_key) {
            if !bm_projects.is_empty() && !bm_projects.contains(&project) {
                return Some(Message::new("reconcile.other_project"));
            }
        }
        outside(r, window)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Language;

    fn rec(funding: Option<&str>, project: Option<&str>, start: (i32, u32, u32)) -> Record {
        Record {
            funding: funding.map(str::to_string),
            project: project.map(str::to_string),
            start: NaiveDate::from_ymd_opt(start.0, start.1, start.2),
            ..Default::default()
        }
    }

    #[test]
    fn ours_keep_erasmus_funding_of_the_exported_projects_in_the_window() {
        let p1 = "2024-1-FR01-KA131-HED-000000001";
        let bm_projects = projects(&[rec(None, Some(p1), (2024, 9, 1))]);
        let window = Window {
            from: NaiveDate::from_ymd_opt(2024, 6, 1),
            to: None,
        };
        let ours = vec![
            rec(Some("erasmus_ka131"), None, (2024, 9, 2)),
            rec(
                Some("erasmus_ka171"),
                Some(&p1.to_lowercase()),
                (2024, 9, 2),
            ),
            rec(Some("bilateral"), None, (2024, 9, 2)),
            rec(None, None, (2024, 9, 2)),
            rec(
                Some("erasmus_ka131"),
                Some("2023-1-FR01-KA131-HED-000000009"),
                (2024, 9, 2),
            ),
            rec(Some("erasmus_ka131"), None, (2024, 5, 31)),
        ];
        let scoped = scope_ours(ours, &bm_projects, window);
        assert_eq!(scoped.total, 6);
        assert_eq!(scoped.kept.len(), 2);
        let mut left: Vec<(String, usize)> = scoped
            .left_out
            .iter()
            .map(|(k, v)| (k.render(Language::En), *v))
            .collect();
        left.sort();
        assert_eq!(
            left,
            vec![
                ("of a project the export does not hold".to_string(), 1),
                ("starting before 2024-06-01".to_string(), 1),
                ("with funding bilateral".to_string(), 1),
                ("with no funding given".to_string(), 1),
            ]
        );
        // Without projects on the BM side, ours' projects do not matter.
        let ours = vec![rec(Some("erasmus_ka131"), Some("X"), (2024, 9, 2))];
        assert_eq!(
            scope_ours(ours, &BTreeSet::new(), Window::default())
                .kept
                .len(),
            1
        );
    }

    #[test]
    fn the_bm_side_is_only_windowed() {
        let window = Window {
            from: None,
            to: NaiveDate::from_ymd_opt(2025, 8, 31),
        };
        let scoped = scope_bm(
            vec![
                rec(None, None, (2025, 8, 31)),
                rec(None, None, (2025, 9, 1)),
            ],
            window,
        );
        assert_eq!(scoped.kept.len(), 1);
        let reasons: Vec<String> = scoped
            .left_out
            .keys()
            .map(|k| k.render(Language::En))
            .collect();
        assert_eq!(reasons, ["starting after 2025-08-31"]);
    }
}
